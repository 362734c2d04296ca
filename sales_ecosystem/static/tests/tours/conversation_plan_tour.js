import { registry } from "@web/core/registry";

// A rep plans a meeting from its form, then debriefs it (advance obtained, next step) and updates the scorecard.
registry.category("web_tour.tours").add("sales_ecosystem_conversation_plan_rep", {
    steps: () => [
        {
            trigger: "button[name=action_conversation_plan]:contains(Plan Meeting)",
            content: "Plan the meeting in one click",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=objective] textarea",
            content: "The meeting's objective",
            run: "edit Agree on the pilot scope",
        },
        {
            trigger: ".o_field_widget[name=advance_sought] input",
            content: "The customer's next commitment sought",
            run: "edit Pilot kick-off booked",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            trigger: ".o_notebook a.nav-link[name=debrief]",
            content: "After the meeting: the debrief",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=advance_status] input[data-value=obtained]",
            content: "The advance was obtained",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=next_step] input",
            run: "edit Send the pilot plan",
        },
        {
            trigger: ".o_field_widget[name=learned] textarea",
            run: "edit They decide in March",
        },
        {
            trigger: "button[name=action_debrief]",
            content: "Record the debrief",
            run: "click",
        },
        {
            trigger: ".modal button:contains(Update Scorecard)",
            content: "The deal's scorecard is offered for update",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Debriefed)",
        },
    ],
});

// The rep's manager rates the meeting with a conversation skill (a ride-along session is made for it).
registry.category("web_tour.tours").add("sales_ecosystem_conversation_plan_rate", {
    steps: () => [
        {
            trigger: ".o_breadcrumb:contains(Conv Tour Meeting)",
        },
        {
            trigger: ".o_notebook a.nav-link[name=ride_along]",
            content: "Rate the meeting",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=rating_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=rating_ids] .o_data_row .o_field_widget[name=skill_id] input",
            run: "edit Call planning",
        },
        {
            trigger: '.ui-autocomplete a.dropdown-item:contains("Call planning")',
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=rating_ids] .o_data_row .o_field_widget[name=value] input",
            run: "edit 4",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: "button[name=action_open_ride_along]",
            content: "The ratings belong to a ride-along session",
        },
    ],
});
