{
    "name": "Sales Ecosystem",
    "summary": "Ideal client profile, target accounts, stage gates, coaching, account plans, "
    "target-list commissions and funnel reviews on top of Odoo CRM",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-ecosystem/sales_ecosystem",
    "author": "sales_ecosystem developers",
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["crm"],
    "data": [
        "security/sales_ecosystem_groups.xml",
        "security/ir.model.access.csv",
        "security/icp_security.xml",
        "data/icp_cron.xml",
        "views/sales_ecosystem_menus.xml",
        "views/crm_icp_profile_views.xml",
        "views/crm_target_list_views.xml",
        "views/crm_lead_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_strategy_report_views.xml",
    ],
    "demo": [
        "demo/icp_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_ecosystem/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": True,
}
