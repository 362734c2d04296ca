# SQL-view reports that read the tables of the models (loaded after them, so that those tables exist)
from . import crm_funnel_report
