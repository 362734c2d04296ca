from odoo import fields, models
from odoo.tools import SQL

WHITESPACE_STATUSES = [
    ("won", "Won"),
    ("pipeline", "In Pipeline"),
    ("whitespace", "Whitespace"),
]


class CrmAccountPlanWhitespace(models.Model):
    """Whitespace grid of account plans: one row per plan x customer division x solution area.

    Divisions are the account and its child companies. A cell is *won* when a won deal of the
    division carries a tag of the area, *in pipeline* when an open opportunity does, else
    *whitespace* (its potential is the area's typical value). Lost deals do not count.
    """

    _name = "crm.account.plan.whitespace"
    _description = "Account Plan Whitespace Cell"
    _auto = False
    _order = "plan_id, division_id, area_sequence, area_id"
    _depends = {
        "crm.account.plan": ["partner_id", "company_id"],
        "crm.solution.area": ["active", "company_id", "sequence", "potential_value", "tag_ids"],
        "crm.lead": [
            "partner_id",
            "tag_ids",
            "won_status",
            "active",
            "type",
            "expected_revenue",
            "company_id",
        ],
        "res.partner": ["parent_id", "is_company", "active", "commercial_partner_id"],
    }

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    plan_id = fields.Many2one("crm.account.plan", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    division_id = fields.Many2one("res.partner", readonly=True)
    area_id = fields.Many2one("crm.solution.area", string="Solution Area", readonly=True)
    area_sequence = fields.Integer(readonly=True)
    status = fields.Selection(WHITESPACE_STATUSES, readonly=True)
    won_amount = fields.Monetary(string="Won", readonly=True, currency_field="currency_id")
    pipeline_amount = fields.Monetary(string="Pipeline", readonly=True, currency_field="currency_id")
    potential_amount = fields.Monetary(string="Potential", readonly=True, currency_field="currency_id")
    won_count = fields.Integer(string="Won Deals", readonly=True)
    pipeline_count = fields.Integer(string="Open Deals", readonly=True)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @property
    def _table_query(self):
        return SQL(
            """
            WITH division AS (
                SELECT p.id AS plan_id, p.company_id, d.id AS division_id
                  FROM crm_account_plan p
                  JOIN res_partner d ON d.id = p.partner_id
                       OR (d.parent_id = p.partner_id AND d.is_company AND d.active)
            ),
            deal AS (
                SELECT DISTINCT l.id, l.company_id, contact.commercial_partner_id AS division_id,
                       rel.area_id, l.won_status, COALESCE(l.expected_revenue, 0) AS revenue
                  FROM crm_lead l
                  JOIN res_partner contact ON contact.id = l.partner_id
                  JOIN crm_tag_rel lt ON lt.lead_id = l.id
                  JOIN crm_solution_area_tag_rel rel ON rel.tag_id = lt.tag_id
                 WHERE l.type = 'opportunity' AND l.won_status IN ('won', 'pending')
                   AND (l.active OR l.won_status = 'won')
            )
            SELECT row_number() OVER (ORDER BY dv.plan_id, dv.division_id, a.sequence, a.id) AS id,
                   dv.plan_id, dv.company_id, dv.division_id, a.id AS area_id, a.sequence AS area_sequence,
                   COALESCE(SUM(deal.revenue) FILTER (WHERE deal.won_status = 'won'), 0) AS won_amount,
                   COALESCE(SUM(deal.revenue) FILTER (WHERE deal.won_status = 'pending'), 0)
                       AS pipeline_amount,
                   COUNT(deal.id) FILTER (WHERE deal.won_status = 'won') AS won_count,
                   COUNT(deal.id) FILTER (WHERE deal.won_status = 'pending') AS pipeline_count,
                   CASE WHEN COUNT(deal.id) FILTER (WHERE deal.won_status = 'won') > 0 THEN 'won'
                        WHEN COUNT(deal.id) FILTER (WHERE deal.won_status = 'pending') > 0 THEN 'pipeline'
                        ELSE 'whitespace' END AS status,
                   CASE WHEN COUNT(deal.id) = 0 THEN COALESCE(a.potential_value, 0)
                        ELSE 0 END AS potential_amount
              FROM division dv
              JOIN crm_solution_area a
                ON a.active AND (a.company_id IS NULL OR a.company_id = dv.company_id)
              LEFT JOIN deal
                ON deal.division_id = dv.division_id AND deal.area_id = a.id
                   AND deal.company_id = dv.company_id
             GROUP BY dv.plan_id, dv.company_id, dv.division_id, a.id, a.sequence, a.potential_value
            """
        )
