from . import models, report, wizards
from .hooks import post_init_hook, pre_init_hook, uninstall_hook
