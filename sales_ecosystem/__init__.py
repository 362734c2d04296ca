from . import models, report, wizards


def uninstall_hook(env):
    """The addon's commission history goes with its tables: delete it first, so that removing the module's own
    records (its demo deals and users) is not blocked by the lines' audit foreign keys (``restrict`` on deals,
    salespeople and plans: outside an uninstall, a deal or user with commission history cannot be deleted)."""
    env.cr.execute(
        "DELETE FROM crm_commission_statement_line_rel; DELETE FROM crm_commission_line; "
        "DELETE FROM crm_commission_statement; DELETE FROM crm_commission_split"
    )
