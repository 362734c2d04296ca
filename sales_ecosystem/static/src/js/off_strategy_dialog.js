import { Component } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { standardErrorDialogProps } from "@web/core/errors/error_dialogs";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * Shown when the server refuses to move an Off-Strategy deal past the first stage without a reason
 * (OffStrategyBlockedError), whatever the UI path (kanban drag, statusbar click, Won button, list edit): the message
 * says why each deal is Off Strategy, and the primary button opens the reason dialog that saves the reason and
 * retries the move.
 */
export class OffStrategyBlockedDialog extends Component {
    static template = "sales_ecosystem.OffStrategyBlockedDialog";
    static components = { Dialog };
    static props = { ...standardErrorDialogProps };

    setup() {
        this.action = useService("action");
        this.title = _t("Off Strategy: a reason is needed");
        this.refusal = this.props.data?.context?.sales_ecosystem_off_strategy || {};
        this.message = this.props.data?.message || this.props.message;
    }

    get canGiveReason() {
        return this.refusal.res_model === "crm.lead" && this.refusal.res_ids?.length;
    }

    async onGiveReason() {
        await this.action.doAction("sales_ecosystem.crm_off_strategy_wizard_action", {
            additionalContext: {
                default_lead_ids: this.refusal.res_ids,
                default_stage_id: this.refusal.stage_id,
            },
        });
        this.props.close();
    }
}

// registered on the stable name the server puts in context["exception_class"] (OFF_STRATEGY_BLOCKED_ERROR_NAME in
// models/crm_lead_icp.py), not on the Python path of the class, which moves with the code
registry.category("error_dialogs").add("sales_ecosystem.off_strategy_blocked", OffStrategyBlockedDialog);
