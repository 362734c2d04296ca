# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.1.0: the stock Sales groups now imply the addon's (Salesman -> User, Administrator -> Administrator).
The addon's User group implied Salesman before: drop that link before the new data load, or the two would imply
each other."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """DELETE FROM res_groups_implied_rel rel
                 USING ir_model_data se, ir_model_data salesman
           WHERE se.module = 'sales_ecosystem' AND se.name = 'group_sales_ecosystem_user' AND se.model = 'res.groups'
             AND salesman.module = 'sales_team' AND salesman.name = 'group_sale_salesman'
             AND salesman.model = 'res.groups'
             AND rel.gid = se.res_id AND rel.hid = salesman.res_id"""
    )
