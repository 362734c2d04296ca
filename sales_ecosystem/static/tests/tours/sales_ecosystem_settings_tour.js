import { registry } from "@web/core/registry";

/**
 * The administrator finds every capability's settings in the Sales Ecosystem block, next to the capability
 * switches, and saves one of them.
 */
registry.category("web_tour.tours").add("sales_ecosystem_settings_tour", {
    steps: () => [
        {
            content: "The capability switches",
            trigger: ".app_settings_block[data-key='sales_ecosystem'] #se_capability_coaching",
        },
        {
            content: "Stage gates and the default methodology, in the same block",
            trigger: ".app_settings_block[data-key='sales_ecosystem'] #se_gate_default_mode",
        },
        {
            content: "Deal health thresholds, in the same block",
            trigger: ".app_settings_block[data-key='sales_ecosystem'] #se_health_stage",
        },
        {
            content: "Coaching settings, in the same block",
            trigger: ".app_settings_block[data-key='sales_ecosystem'] #se_coaching_signals",
        },
        {
            content: "Commission settings, in the same block",
            trigger: ".app_settings_block[data-key='sales_ecosystem'] .o_field_widget[name=se_commission_rate_cap]",
        },
        {
            content: "Change the stalled-deal threshold",
            trigger: "#se_coaching_stalled .o_field_widget[name=se_coaching_stalled_days] input",
            run: "edit 21",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Saved: the settings reload with the new value",
            trigger: "#se_coaching_stalled .o_field_widget[name=se_coaching_stalled_days] input:value(21)",
        },
    ],
});
