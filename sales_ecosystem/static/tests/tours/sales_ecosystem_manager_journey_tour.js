import { registry } from "@web/core/registry";

/**
 * A manager's day: the review board opens on their teams (a filter they can remove), then the coaching
 * coverage on their teams, then an account plan whose relationship map is drawn as a picture.
 */
registry.category("web_tour.tours").add("sales_ecosystem_manager_journey_tour", {
    steps: () => [
        {
            content: "The review board opens on My Teams",
            trigger: ".o_searchview_facet:contains('My Teams')",
        },
        {
            content: "My team's troubled deal is on the board",
            trigger: ".o_kanban_record:contains('Journey troubled deal')",
        },
        {
            content: "Another team's deal is not",
            trigger: ".o_kanban_renderer:not(:has(.o_kanban_record:contains('Journey other team deal')))",
        },
        {
            content: "Remove the My Teams filter",
            trigger: ".o_searchview_facet:contains('My Teams') .o_facet_remove",
            run: "click",
        },
        {
            content: "Without it, every deal the manager may read",
            trigger: ".o_kanban_record:contains('Journey other team deal')",
        },
        {
            content: "Open the coaching coverage",
            trigger: "body",
            run: () => {
                window.location.href = "/odoo/action-sales_ecosystem.crm_coaching_coverage_action";
            },
            expectUnloadPage: true,
        },
        {
            content: "The coverage opens on My Teams",
            trigger: ".o_pivot .o_pivot_header_cell_closed, .o_pivot table",
        },
        {
            content: "The coverage filter is My Teams",
            trigger: ".o_searchview_facet:contains('My Teams')",
        },
        {
            content: "Open the account plans",
            trigger: "body",
            run: () => {
                window.location.href = "/odoo/action-sales_ecosystem.crm_account_plan_action";
            },
            expectUnloadPage: true,
        },
        {
            content: "Show the draft plans too (remove the default 'Active' filter)",
            trigger: ".o_searchview_facet:contains('Active') .o_facet_remove",
            run: "click",
        },
        {
            content: "Open the Fit Corp plan",
            trigger: ".o_data_row .o_data_cell:contains('Fit Corp plan')",
            run: "click",
        },
        {
            content: "Open the relationship map",
            trigger: ".o_notebook_headers a[name='relationships']",
            run: "click",
        },
        {
            content: "The relationship map is drawn: the supporter in green",
            trigger: ".o_se_relationship_picture svg g[data-attitude='supporter'] circle",
        },
        {
            content: "and the neutral contact reporting to her (the line itself may be zero-width: checked server-side)",
            trigger: ".o_se_relationship_picture svg g[data-attitude='neutral'] circle",
        },
    ],
});
