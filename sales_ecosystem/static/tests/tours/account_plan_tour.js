import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_ecosystem_account_plan_tour", {
    steps: () => [
        {
            content: "Create a new account plan",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name the plan",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Fit Corp 2027 expansion",
        },
        {
            content: "Choose the account",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Fit Corp",
        },
        {
            content: "Select Fit Corp",
            trigger: ".o-autocomplete--dropdown-item > a:contains('Fit Corp')",
            run: "click",
        },
        {
            content: "Add an objective",
            trigger: "div[name=objective_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Describe the objective",
            trigger: "div[name=objective_ids] .o_data_row .o_field_widget[name=name] input",
            run: "edit Double the ERP footprint",
        },
        {
            content: "Set its target",
            trigger: "div[name=objective_ids] .o_data_row .o_field_widget[name=target_value] input",
            run: "edit 200000",
        },
        {
            content: "Open the relationship map",
            trigger: ".o_notebook_headers a[name='relationships']",
            run: "click",
        },
        {
            content: "The relationship map starts with the account's contacts",
            trigger: "div[name=relationship_ids] .o_data_row:contains('Carla CFO'):contains('Chief Financial Officer')",
        },
        {
            content: "Edit the CFO's line",
            trigger: "div[name=relationship_ids] .o_data_row:contains('Carla CFO') td[name=buying_role]",
            run: "click",
        },
        {
            content: "Open the buying roles",
            trigger: "div[name=relationship_ids] .o_data_row.o_selected_row .o_field_widget[name=buying_role] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "She is the economic buyer",
            trigger: ".o-dropdown--menu .o_select_menu_item:contains('Economic Buyer')",
            run: "click",
        },
        {
            content: "The role is chosen",
            trigger:
                "div[name=relationship_ids] .o_data_row.o_selected_row [name=buying_role]:contains('Economic Buyer'), div[name=relationship_ids] .o_data_row.o_selected_row [name=buying_role] input:value('Economic Buyer')",
        },
        {
            content: "Save the plan",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The plan is saved and shows its relationship line",
            trigger: ".o_form_saved",
        },
        {
            content: "The relationship line is listed",
            trigger: "div[name=relationship_ids] .o_data_row:contains('Carla CFO')",
        },
    ],
});
