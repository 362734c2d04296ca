from . import crm_coaching_summary_wizard
