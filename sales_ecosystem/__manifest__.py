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
        "security/gate_security.xml",
        "data/crm_methodology_data.xml",
        "views/crm_methodology_views.xml",
        "views/crm_stage_gate_views.xml",
        "views/crm_stage_playbook_views.xml",
        "views/crm_lead_gate_views.xml",
        "views/crm_team_gate_views.xml",
        "views/res_partner_buying_role_views.xml",
        "views/res_config_settings_gate_views.xml",
        "views/crm_gate_analysis_views.xml",
        "wizards/crm_gate_complete_wizard_views.xml",
        "views/gate_menus.xml",
    ],
    "demo": [
        "demo/gates_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "sales_ecosystem/static/src/js/gate_blocked_dialog.js",
            "sales_ecosystem/static/src/xml/gate_blocked_dialog.xml",
        ],
        "web.assets_tests": [
            "sales_ecosystem/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": True,
}
