# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models
from odoo.fields import Domain
from odoo.orm.domains import DomainCondition
from odoo.tools import SQL

COLLECTION_TYPES = (list, tuple, set, frozenset)

# A cell's id is plan id x CELL_ID_FACTOR + its rank among the plan's cells (divisions x solution areas, far
# fewer than a million): unique, stable while the plan's divisions and areas are, and within the 2^53 of the web
# client for plan ids below 9 x 10^9.
CELL_ID_FACTOR = 1000000

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
        # Built so that PostgreSQL computes only the plans asked for: a condition on plan_id (the plan's
        # one2many, a search, the record rules' company) is pushed down to the plans, through the window
        # (plan_id and company_id are its partition) and the divisions' UNION ALL, and each cell's deals are
        # read through the indexes of the division's contacts (LATERAL), instead of grouping every tagged deal
        # of the database first. A cell's id is its plan's id x CELL_ID_FACTOR + its rank in the plan, so that
        # reading cells by id is pushed down as well (see _as_query).
        return SQL(
            """
            SELECT dv.plan_id::bigint * %(factor)s
                       + row_number() OVER (PARTITION BY dv.plan_id, dv.company_id
                                                ORDER BY dv.division_id, cell.area_sequence, cell.area_id) AS id,
                   dv.plan_id, dv.company_id, dv.division_id, cell.area_id, cell.area_sequence,
                   cell.won_amount, cell.pipeline_amount, cell.won_count, cell.pipeline_count,
                   CASE WHEN cell.won_count > 0 THEN 'won'
                        WHEN cell.pipeline_count > 0 THEN 'pipeline'
                        ELSE 'whitespace' END AS status,
                   CASE WHEN cell.won_count + cell.pipeline_count = 0 THEN cell.potential_value
                        ELSE 0 END AS potential_amount
              FROM (
                    -- divisions: the account and its active child companies
                    SELECT p.id AS plan_id, p.company_id, p.partner_id AS division_id
                      FROM crm_account_plan p
                     WHERE p.partner_id IS NOT NULL
                     UNION ALL
                    SELECT p.id, p.company_id, d.id
                      FROM crm_account_plan p
                      JOIN res_partner d ON d.parent_id = p.partner_id AND d.is_company AND d.active
                   ) dv
             CROSS JOIN LATERAL (
                    -- one cell per active area of the plan's company: the division's won and open opportunities
                    -- of that company carrying a tag of the area (each deal once per area, whatever the number
                    -- of its tags in the area); the division's deals are read once for all its areas
                    SELECT a.id AS area_id, a.sequence AS area_sequence,
                           COALESCE(a.potential_value, 0) AS potential_value,
                           COALESCE(SUM(deal.revenue) FILTER (WHERE deal.won_status = 'won'), 0) AS won_amount,
                           COALESCE(SUM(deal.revenue) FILTER (WHERE deal.won_status = 'pending'), 0)
                               AS pipeline_amount,
                           COUNT(deal.area_id) FILTER (WHERE deal.won_status = 'won') AS won_count,
                           COUNT(deal.area_id) FILTER (WHERE deal.won_status = 'pending') AS pipeline_count
                      FROM crm_solution_area a
                 LEFT JOIN (
                            SELECT deal_area.area_id, l.won_status, COALESCE(l.expected_revenue, 0) AS revenue
                              FROM res_partner contact
                              JOIN crm_lead l ON l.partner_id = contact.id
                             CROSS JOIN LATERAL (
                                    SELECT DISTINCT rel.area_id
                                      FROM crm_tag_rel lt
                                      JOIN crm_solution_area_tag_rel rel ON rel.tag_id = lt.tag_id
                                     WHERE lt.lead_id = l.id
                                   ) deal_area
                             WHERE contact.commercial_partner_id = dv.division_id
                               AND l.company_id = dv.company_id
                               AND l.type = 'opportunity' AND l.won_status IN ('won', 'pending')
                               AND (l.active OR l.won_status = 'won')
                           ) deal ON deal.area_id = a.id
                     WHERE a.active AND (a.company_id IS NULL OR a.company_id = dv.company_id)
                  GROUP BY a.id
                   ) cell
            """,
            factor=CELL_ID_FACTOR,
        )

    def _search(self, domain, *args, **kwargs):
        """Cells searched by id (``fetch()`` reads ``[("id", "in", ids)]``): the condition on their plans,
        implied by the ids, lets PostgreSQL compute those plans only (an ``id`` condition on the view's window
        cannot be pushed down; without it every plan's grid is computed to read three cells)."""
        domain = Domain(domain)
        if (
            isinstance(domain, DomainCondition)
            and domain.field_expr == "id"
            and domain.operator in ("in", "=")
        ):
            values = domain.value if isinstance(domain.value, COLLECTION_TYPES) else [domain.value]
            if values and all(isinstance(value, int) for value in values):
                domain &= Domain("plan_id", "in", sorted({value // CELL_ID_FACTOR for value in values}))
        return super()._search(domain, *args, **kwargs)
