import { registry } from "@web/core/registry";

/**
 * A rep clicks a gated stage in the statusbar of a deal: the server refuses the move, the gate dialog offers to
 * complete the gate, the rep confirms the missing criterion and picks the missing lead source (a many2one
 * field requirement) there and the move is retried.
 */
registry.category("web_tour.tours").add("sales_ecosystem_gate_tour", {
    steps: () => [
        {
            content: "Move the deal to the gated stage",
            trigger: ".o_form_view .o_statusbar_status button[role='radio']:contains('SE Tour Proposal')",
            run: "click",
        },
        {
            content: "The gate lists what is missing",
            trigger: ".o_se_gate_blocked_dialog:contains('Pain confirmed')",
        },
        {
            content: "Open the complete-the-gate dialog",
            trigger: ".o_se_gate_blocked_dialog button.o_se_complete_gate",
            run: "click",
        },
        {
            content: "The dialog says in one sentence what it is about, with no Deal column for one deal",
            trigger:
                ".modal .o_se_gate_summary:contains('To enter SE Tour Proposal, Tour deal still misses the requirements below')",
            run() {
                if (document.querySelector(".modal .o_se_gate_lines th[data-name='lead_id']")) {
                    throw new Error("a Deal column for a single deal");
                }
                // the input columns are named for what goes in them
                const headers = [...document.querySelectorAll(".modal .o_se_gate_lines th")].map((th) =>
                    th.textContent.trim()
                );
                if (!headers.includes("Evidence") || headers.includes("Text")) {
                    throw new Error(`input columns: ${headers.join(", ")}`);
                }
            },
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
            content: "Edit the missing lead source (a many2one field requirement)",
            trigger: ".modal .o_se_gate_lines .o_data_row:contains('Lead source known') .o_data_cell[name='value_reference']",
            run: "click",
        },
        {
            content: "Search the source",
            trigger:
                ".modal .o_se_gate_lines .o_data_row:contains('Lead source known') .o_field_widget[name='value_reference'] input",
            run: "edit SE Tour Fair",
        },
        {
            content: "Pick the source",
            trigger: ".o-autocomplete--dropdown-item:contains('SE Tour Fair')",
            run: "click",
        },
        {
            content: "Save and move",
            trigger: ".modal footer button[name='action_apply_and_retry']",
            run: "click",
        },
        {
            content: "The move is confirmed",
            trigger: ".o_notification:contains('Tour deal moved to SE Tour Proposal')",
        },
        {
            content: "The deal entered the stage",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_statusbar_status button[aria-checked='true']:contains('SE Tour Proposal')",
        },
    ],
});
