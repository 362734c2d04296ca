from . import crm_coaching_summary_wizard, crm_target_list_import
