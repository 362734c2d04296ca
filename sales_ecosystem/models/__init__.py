from . import (
    crm_coaching_action,
    crm_coaching_rating,
    crm_coaching_review,
    crm_coaching_session,
    crm_coaching_skill,
    crm_coaching_skill_area,
    crm_coaching_skill_level,
    crm_coaching_skill_profile,
    crm_lead_coaching,
    crm_team_coaching,
    mail_activity_coaching,
    report_coaching_summary,
)
