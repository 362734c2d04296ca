import { registry } from "@web/core/registry";

/**
 * A rep moves an Off-Strategy deal past the first stage without a reason: the server refuses, the dialog says why
 * the deal is Off Strategy and lets the rep pick the reason, and the move is retried.
 */
registry.category("web_tour.tours").add("sales_ecosystem_off_strategy_tour", {
    steps: () => [
        {
            content: "Move the Off-Strategy deal to the next stage",
            trigger: ".o_form_view .o_statusbar_status button[role='radio']:contains('SE Qualified')",
            run: "click",
        },
        {
            content: "The refusal says why the deal is Off Strategy",
            trigger: ".o_se_off_strategy_dialog:contains('not on an active target list')",
        },
        {
            content: "Give the reason from the dialog",
            trigger: ".o_se_off_strategy_dialog button.o_se_give_reason",
            run: "click",
        },
        {
            content: "Open the reasons",
            trigger: ".modal .o_field_widget[name=off_strategy_reason] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "Pick the reason",
            trigger: ".o_select_menu_item:contains('Partner or referral commitment')",
            run: "click",
        },
        {
            content: "and a note",
            trigger: ".modal .o_field_widget[name=off_strategy_note] textarea",
            run: "edit Referred by our Antwerp partner",
        },
        {
            content: "Save and move",
            trigger: ".modal footer button.o_se_off_strategy_apply:visible",
            run: "click",
        },
        {
            content: "The deal moved",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_statusbar_status button[aria-checked='true']:contains('SE Qualified')",
        },
    ],
});
