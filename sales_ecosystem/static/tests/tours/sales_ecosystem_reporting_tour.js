import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * A sales manager walks through Sales Ecosystem › Reporting: each analysis opens from its section, its pivot or
 * graph renders, and the 'This Quarter' filters (domains computed in the browser) apply without error.
 */
function openReport(menuXmlid) {
    return [
        {
            content: "Open the Reporting menu",
            trigger: ".o_menu_sections [data-menu-xmlid='sales_ecosystem.sales_ecosystem_menu_reporting']",
            run: "click",
        },
        {
            content: `Open ${menuXmlid}`,
            trigger: `.dropdown-item[data-menu-xmlid='sales_ecosystem.${menuXmlid}']`,
            run: "click",
        },
    ];
}

function applyFilter(label) {
    return [
        {
            content: "Open the search options",
            trigger: ".o_control_panel_actions .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: `Filter '${label}'`,
            trigger: `.o_filter_menu .o_menu_item:contains('${label}')`,
            run: "click",
        },
        {
            content: "The filter is applied",
            trigger: `.o_searchview_facet:contains('${label}')`,
        },
    ];
}

registry.category("web_tour.tours").add("sales_ecosystem_reporting_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Sales Ecosystem",
            trigger: ".o_app[data-menu-xmlid='sales_ecosystem.sales_ecosystem_menu_root']",
            run: "click",
        },
        ...openReport("crm_win_analysis_menu"),
        {
            content: "The win rate pivot shows ICP tiers against strategy",
            trigger: ".o_pivot th:contains('Win Rate (%)')",
        },
        ...applyFilter("Closed This Quarter"),
        {
            content: "Switch to the graph",
            trigger: "button.o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "The graph renders",
            trigger: ".o_graph_renderer canvas",
        },
        ...openReport("crm_win_analysis_menu_share"),
        {
            content: "The On-Strategy share over time is a line graph",
            trigger: ".o_graph_renderer canvas",
        },
        ...openReport("crm_coaching_coverage_menu"),
        {
            content: "The coverage pivot shows the coverage per team",
            trigger: ".o_pivot th:contains('Coverage (%)')",
        },
        ...applyFilter("This Quarter"),
        ...openReport("crm_gate_override_menu_analysis"),
        {
            content: "The overrides pivot renders",
            trigger: ".o_pivot_view",
        },
        ...applyFilter("This Quarter"),
        ...openReport("crm_commission_line_menu_withheld"),
        {
            content: "The withheld pivot opens on the deals off the target lists",
            trigger: ".o_searchview_facet:contains('Off Target List')",
        },
        {
            content: "with the withheld amount",
            trigger: ".o_pivot th:contains('Withheld')",
        },
    ],
});
