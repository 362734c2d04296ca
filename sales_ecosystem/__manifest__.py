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
        "views/sales_ecosystem_menus.xml",
        "security/account_plan_security.xml",
        "data/account_plan_data.xml",
        "views/crm_account_plan_views.xml",
        "views/crm_key_account_views.xml",
        "report/crm_account_plan_report.xml",
    ],
    "demo": [
        "demo/account_plan_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_ecosystem/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": True,
}
