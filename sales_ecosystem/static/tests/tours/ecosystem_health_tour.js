import { registry } from "@web/core/registry";

const SELF_SCORES = [
    ["Target Market Strategy", "2 - Weak"],
    ["Sales Force Effectiveness", "4 - Strong"],
    ["Sales Operations", "3 - Adequate"],
    ["Talent Management", "5 - Excellent"],
    ["Marketing", "1 - Broken"],
];

function selfAssess(bucket, score) {
    const row = `.o_field_widget[name=line_ids] .o_data_row:contains(${bucket})`;
    return [
        {
            trigger: `${row} .o_data_cell[name=self_score]`,
            content: `Self-assess ${bucket}`,
            run: "click",
        },
        {
            trigger: `${row}.o_selected_row .o_select_menu_toggler`,
            content: `The row of ${bucket} is in edition`,
            run: "click",
        },
        {
            trigger: `.o_select_menu_item:contains(${score})`,
            run: "click",
        },
        {
            trigger: `${row} .o_data_cell[name=self_score] input:value("${score}")`,
            content: `${bucket} shows its self-assessment before the next one`,
        },
    ];
}

// A manager creates this quarter's health check of their team, self-assesses the buckets and marks it done.
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
        ...SELF_SCORES.flatMap(([bucket, score]) => selfAssess(bucket, score)),
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_button_save:not(:visible)",
        },
        {
            trigger: ".o_field_widget[name=weakest_bucket]:contains(Marketing)",
            content: "The weakest bucket is the one rated broken",
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
