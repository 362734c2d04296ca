from . import crm_commission_settle, crm_target_list_import
