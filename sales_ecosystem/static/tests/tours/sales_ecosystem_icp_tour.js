import { registry } from "@web/core/registry";

/**
 * A rep opens an Off-Strategy deal, reads why it is off profile, gives the reason for pursuing it anyway, and
 * moves it to the next stage (which the server refuses without that reason).
 */
registry.category("web_tour.tours").add("sales_ecosystem_icp_tour", {
    steps: () => [
        {
            content: "The deal shows its ICP tier",
            trigger: ".o_form_view .o_field_widget[name=icp_tier]:contains('Off profile')",
        },
        {
            content: "and that it is Off Strategy",
            trigger: ".o_field_widget[name=strategy]:contains('Off Strategy')",
        },
        {
            content: "Open the fit breakdown",
            trigger: ".o_notebook a.nav-link:contains('Ideal Client Fit')",
            run: "click",
        },
        {
            content: "The breakdown explains each criterion",
            trigger: ".o_icp_breakdown:contains('Technology'):contains('Belgium')",
        },
        {
            content: "Open the Off-Strategy reasons",
            trigger: ".o_field_widget[name=off_strategy_reason] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "Give the Off-Strategy reason",
            trigger: ".o_select_menu_item:contains('Existing customer expansion')",
            run: "click",
        },
        {
            content: "The reason is set (its onchange answered)",
            trigger: ".o_field_widget[name=off_strategy_reason] input:value('Existing customer expansion')",
        },
        {
            content: "and a note",
            trigger: ".o_field_widget[name=off_strategy_note] textarea",
            run: "edit The retail arm is expanding with us",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_button_save:not(:visible)",
        },
        {
            content: "Move the deal to the next stage",
            trigger: ".o_statusbar_status button:contains('SE Qualified')",
            run: "click",
        },
        {
            content: "The deal is in the new stage",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('SE Qualified')",
        },
        {
            content: "and the move is saved",
            trigger: ".o_form_button_save:not(:visible)",
        },
    ],
});
