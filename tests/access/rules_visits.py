"""Rules for action plans and visits. The world's visit has been through its whole life
(planned, signed off, approved, checked in and out), so every page has something to show;
buttons that no longer apply answer with a refusal, never a 404, to those allowed."""

from tests.access.rules import CASE_WORKERS, Rule, case_rule

AUTHOR = frozenset({"practitioner"})  # the world's plan is the practitioner's
MANAGER = frozenset({"manager"})  # line manager of its author

RULES = {
    "plans.new": case_rule(),
    "plans.show": case_rule(),
    "plans.signed": case_rule(),
    "plans.edit": Rule(allowed=AUTHOR),
    "plans.checklist": Rule(allowed=AUTHOR),
    "plans.risk_new": Rule(allowed=AUTHOR),
    "plans.risk_remove": Rule(allowed=AUTHOR),
    "plans.submit": Rule(allowed=AUTHOR),
    "plans.sign_off": Rule(allowed=MANAGER),
    "plans.return_plan": Rule(allowed=MANAGER),
    "visits.index": case_rule(),
    "visits.show": case_rule(),
    "visits.summary": case_rule(),
    "visits.approve": Rule(allowed=MANAGER),
    "visits.check_in": Rule(allowed=AUTHOR),
    "visits.check_out": Rule(allowed=AUTHOR),
    "visits.no_access": Rule(allowed=AUTHOR),
    "visits.cancel": Rule(allowed=AUTHOR | MANAGER),
    "visits.escalate": Rule(allowed=MANAGER),
    "visits.overdue": Rule(allowed=CASE_WORKERS),
    "visits.safety_details": Rule(allowed=CASE_WORKERS),
    # The practitioner's safety details: their line manager only (they edit their own on
    # /account/safety-details).
    "visits.worker_safety": Rule(allowed=MANAGER),
    # The practitioner's visit log: themselves and their line manager only.
    "visits.visit_log": Rule(allowed=AUTHOR | MANAGER),
}


def extend(world) -> None:
    from supervise.visits import operations
    from tests.visits import factories as vf

    plan = vf.in_progress(world)
    operations.check_out(plan.visit, {
        "who_present": "Zoe", "not_assessed": "", "what_was_done": "Talked",
        "observations": {}, "requirements": [{"what": "GP", "who": "Zoe", "by": ""}],
        "children": [], "children_seen": []}, by=plan.author)
    world.ids.update(plan_id=plan.id, visit_id=plan.visit_id, index=0,
                     signoff_id=plan.current_signoff.id,
                     worker_id=world.users["practitioner"].id)
