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
        "security/coaching_security.xml",
        "data/coaching_data.xml",
        "report/crm_coaching_reports.xml",
        "views/crm_coaching_session_views.xml",
        "views/crm_coaching_skill_views.xml",
        "views/crm_coaching_review_views.xml",
        "views/crm_lead_coaching_views.xml",
        "views/crm_coaching_summary_wizard_views.xml",
        "views/crm_coaching_menus.xml",
    ],
    "demo": [
        "demo/coaching_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_ecosystem/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": True,
}
