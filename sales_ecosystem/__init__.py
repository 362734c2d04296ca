from . import models, report, wizards
