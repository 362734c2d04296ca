import { registry } from "@web/core/registry";

/**
 * A rep drags a deal to a gated column of the pipeline: the gate dialog offers to complete the gate, the rep
 * confirms the missing criterion and the deal lands in the column.
 */
registry.category("web_tour.tours").add("sales_ecosystem_gate_kanban_tour", {
    steps: () => [
        {
            content: "Drag the deal to the gated stage",
            trigger: ".o_kanban_record:contains('Kanban tour deal')",
            run: "drag_and_drop (.o_kanban_group:has(.o_column_title:contains('SE Kanban Proposal')))",
        },
        {
            content: "Open the complete-the-gate dialog",
            trigger: ".o_se_gate_blocked_dialog:contains('Pain confirmed') button.o_se_complete_gate",
            run: "click",
        },
        {
            content: "Edit the missing criterion",
            trigger: ".modal .o_se_gate_lines .o_data_row .o_data_cell[name='status']",
            run: "click",
        },
        {
            content: "Open the status choices",
            trigger: ".modal .o_se_gate_lines .o_field_widget[name='status'] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "Confirm the pain",
            trigger: ".o_select_menu_item:contains('Confirmed')",
            run: "click",
        },
        {
            content: "Save and move",
            trigger: ".modal footer button[name='action_apply_and_retry']",
            run: "click",
        },
        {
            content: "The deal is in the gated column",
            trigger:
                "body:not(:has(.modal)) .o_kanban_group:has(.o_column_title:contains('SE Kanban Proposal')) .o_kanban_record:contains('Kanban tour deal')",
        },
    ],
});
