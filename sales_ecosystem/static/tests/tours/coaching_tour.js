import { registry } from "@web/core/registry";

// A coach logs a ride-along for a rep of their team and marks it held.
registry.category("web_tour.tours").add("sales_ecosystem_coaching_log_session", {
    steps: () => [
        {
            trigger: ".o_list_button_add",
            content: "Log a new coaching session",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            content: "Topic",
            run: "edit Tour ride-along",
        },
        {
            trigger: ".o_field_widget[name=rep_id] input",
            content: "Choose the rep",
            run: "edit Tina Tour",
        },
        {
            trigger: '.ui-autocomplete a.dropdown-item:contains("Tina Tour Rep")',
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            trigger: "button[name=action_mark_done]",
            content: "The session was held",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Held)",
        },
    ],
});

// The rep reads the held session, comments and acknowledges it.
registry.category("web_tour.tours").add("sales_ecosystem_coaching_acknowledge", {
    steps: () => [
        {
            trigger: ".o_breadcrumb:contains(Tour ride-along)",
        },
        {
            trigger: ".o_notebook a.nav-link[name=rep_comment]",
            content: "Open the rep's comment tab",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=rep_comment] textarea",
            content: "Comment as the rep",
            run: "edit Thanks, agreed on the next steps.",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            trigger: "button[name=action_acknowledge]",
            content: "Acknowledge the session",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Acknowledged)",
        },
    ],
});
