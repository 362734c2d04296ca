import { Component } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { standardErrorDialogProps } from "@web/core/errors/error_dialogs";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * Shown when the server refuses a stage move because of a stage gate (GateBlockedError), whatever the UI path
 * (kanban drag, statusbar click, Won button, list edit): the message lists what is missing per deal and the
 * primary button opens the complete-the-gate dialog for the same deals and stage.
 */
export class GateBlockedDialog extends Component {
    static template = "sales_ecosystem.GateBlockedDialog";
    static components = { Dialog };
    static props = { ...standardErrorDialogProps };

    setup() {
        this.action = useService("action");
        this.title = _t("Stage gate not met");
        this.gate = this.props.data?.context?.sales_ecosystem_gate || {};
        this.message = this.props.data?.message || this.props.message;
    }

    get canComplete() {
        return this.gate.res_model === "crm.lead" && this.gate.res_ids?.length && this.gate.stage_id;
    }

    async onCompleteGate() {
        await this.action.doAction("sales_ecosystem.crm_gate_complete_wizard_action", {
            additionalContext: {
                default_lead_ids: this.gate.res_ids,
                default_stage_id: this.gate.stage_id,
            },
        });
        this.props.close();
    }
}

// Registered on the error's stable name (GATE_BLOCKED_ERROR_NAME in models/crm_gate_mixin.py), which the server
// sends as context.exception_class: the web client's RPC error handler looks dialogs up by it.
registry.category("error_dialogs").add("sales_ecosystem.gate_blocked", GateBlockedDialog);
