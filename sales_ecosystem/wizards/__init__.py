from . import crm_target_list_import
