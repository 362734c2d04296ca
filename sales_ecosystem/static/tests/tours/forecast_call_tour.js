import { registry } from "@web/core/registry";

// A rep submits their forecast call for the period: the commit and best case are proposed from their deals, the
// deals behind them are frozen at submission.
registry.category("web_tour.tours").add("sales_ecosystem_forecast_rep_call", {
    steps: () => [
        {
            trigger: ".o_list_button_add",
            content: "Submit a new forecast call",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=period_id] input",
            content: "Pick the period",
            run: "edit FC Tour",
        },
        {
            trigger: '.ui-autocomplete a.dropdown-item:contains("FC Tour Month")',
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=comment] textarea",
            content: "Say what stands behind the call",
            run: "edit Two proposals out, one signature expected",
        },
        {
            trigger: ".o_form_button_save",
            content: "Submit",
            run: "click",
        },
        {
            trigger: ".o_form_button_save:not(:visible)",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('FC tour commit A')",
            content: "The deals behind the call, as they are now",
        },
    ],
});

// The team's manager submits the team's call: the reps' latest calls summed, plus an adjustment with its note.
registry.category("web_tour.tours").add("sales_ecosystem_forecast_manager_adjust", {
    steps: () => [
        {
            trigger: ".o_list_button_add",
            content: "Submit the team's call",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=period_id] input",
            run: "edit FC Tour",
        },
        {
            trigger: '.ui-autocomplete a.dropdown-item:contains("FC Tour Month")',
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=call_level] .o_select_menu_toggler",
            content: "A call for the team",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains('Team (manager)')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=team_id] input",
            content: "The team",
            run: "edit SE Team A",
        },
        {
            trigger: '.ui-autocomplete a.dropdown-item:contains("SE Team A")',
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=adjustment_commit] input",
            content: "Adjust the team's commit",
            run: "edit -3000",
        },
        {
            trigger: ".o_field_widget[name=adjustment_note] textarea",
            content: "and say why",
            run: "edit Bob's deal slips to next month",
        },
        {
            trigger: ".o_form_button_save",
            content: "Submit",
            run: "click",
        },
        {
            trigger: ".o_form_button_save:not(:visible)",
        },
        {
            trigger: ".o_field_widget[name=is_latest] input:checked",
            content: "The team's call is the latest",
        },
    ],
});
