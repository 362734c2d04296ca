import { registry } from "@web/core/registry";

// A manager creates this quarter's health check of their team, rates a bucket and marks the check done.
registry.category("web_tour.tours").add("sales_ecosystem_health_check", {
    steps: () => [
        {
            trigger: "button[name=action_create_current_quarter]",
            content: "Create the health checks of this quarter",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains(Tour Health Team) .o_data_cell[name=team_id]",
            content: "Open the team's health check",
            run: "click",
        },
        {
            trigger: ".o_form_view svg.o_ecosystem_radar",
            content: "The radar chart of the five buckets",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Talent Management) .o_data_cell[name=self_score]",
            content: "Self-assess talent management",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Talent Management) .o_select_menu_toggler",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains(5 - Excellent)",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_button_save:not(:visible)",
        },
        {
            trigger: "button[name=action_done]",
            content: "Freeze the health check",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Done)",
        },
    ],
});
