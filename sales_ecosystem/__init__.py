# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import models, report, wizards
from .hooks import post_init_hook, pre_init_hook, uninstall_hook
