import { registry } from "@web/core/registry";

/**
 * A manager opens the review board, finds a troubled deal (ranked by its risk score), decides to push it to a new
 * close date: the decided deal leaves the board (until something about it changes); the decision shows on the deal.
 */
registry.category("web_tour.tours").add("sales_ecosystem_review_board_tour", {
    steps: () => [
        {
            content: "The troubled deal is on the board, under its salesperson",
            trigger:
                ".o_kanban_group:has(.o_column_title:contains('Ron Tour Rep')) .o_kanban_record:contains('Tour troubled deal') .o_se_review_health:contains('Troubled')",
        },
        {
            content: "The card shows the deal's risk score",
            trigger: ".o_kanban_record:contains('Tour troubled deal') .o_se_review_risk",
        },
        {
            content: "Decide on the deal",
            trigger: ".o_kanban_record:contains('Tour troubled deal') button.o_se_review_decide",
            run: "click",
        },
        {
            content: "Push it",
            trigger: ".modal .o_field_widget[name=decision] input[data-value=push]",
            run: "click",
        },
        {
            content: "New expected closing",
            trigger: ".modal .o_field_widget[name=date_deadline_new] input",
            run: "edit 01/15/2031 && press Enter",
        },
        {
            content: "Why",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Budget approved in January",
        },
        {
            content: "Record the decision",
            trigger: ".modal button.o_se_record_decision",
            run: "click",
        },
        {
            content: "The decided deal left the board",
            trigger:
                "body:not(:has(.modal)) .o_kanban_renderer:not(:has(.o_kanban_record:contains('Tour troubled deal')))",
        },
        {
            content: "Show every deal needing attention, decided or not",
            trigger: ".o_searchview_facet:contains('To Review') .o_facet_remove",
            run: "click",
        },
        {
            content: "The card shows the push",
            trigger:
                "body:not(:has(.modal)) .o_kanban_record:contains('Tour troubled deal') .o_se_review_push_count:contains(1)",
        },
        {
            content: "Open the deal",
            trigger: ".o_kanban_record:contains('Tour troubled deal') .o_se_review_title",
            run: "click",
        },
        {
            content: "The deal shows its review decision",
            trigger: ".o_form_view .oe_stat_button[name=action_view_review_decisions]:contains(1)",
        },
        {
            content: "and its new close date",
            trigger: ".o_form_view .o_field_widget[name=date_deadline]",
            run() {
                const field = document.querySelector(".o_form_view .o_field_widget[name=date_deadline]");
                const input = field.querySelector("input");
                const shown = input ? input.value : field.textContent;
                if (!shown.includes("2031")) {
                    throw new Error(`The deal's expected closing is ${shown}, not the pushed date`);
                }
            },
        },
    ],
});

/**
 * In a pipeline review, the manager decides on a flagged deal from its row: the decision belongs to the review.
 */
registry.category("web_tour.tours").add("sales_ecosystem_review_session_tour", {
    steps: () => [
        {
            content: "Decide on the flagged deal of the review",
            trigger: ".o_field_widget[name=lead_ids] .o_data_row:contains('Tour troubled deal') button[name=action_open_review_decision]",
            run: "click",
        },
        {
            content: "The decision is for this deal and this review",
            trigger: ".modal .o_field_widget[name=review_id]",
            run() {
                const field = document.querySelector(".modal .o_field_widget[name=review_id]");
                const input = field.querySelector("input");
                const shown = input ? input.value : field.textContent;
                if (!shown.includes("Tour weekly review")) {
                    throw new Error(`The decision's review is "${shown}", not the review it is decided in`);
                }
            },
        },
        {
            content: "Keep it",
            trigger: ".modal .o_field_widget[name=decision] input[data-value=keep]",
            run: "click",
        },
        {
            content: "Why",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Champion back next week",
        },
        {
            content: "Record the decision",
            trigger: ".modal button.o_se_record_decision",
            run: "click",
        },
        {
            content: "Back on the review",
            trigger: "body:not(:has(.modal)) .o_form_view .o_field_widget[name=lead_ids] .o_data_row:contains('Tour troubled deal')",
        },
    ],
});
