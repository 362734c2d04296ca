# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# SQL-view reports that read the tables of the models (loaded after them, so that those tables exist)
from . import crm_funnel_report
