"""Rules for action plans and visits. The world's visit has been through its whole life
(planned, signed off, approved, checked in and out), so every page has something to show;
buttons that no longer apply answer with a refusal, never a 404, to those allowed."""

from datetime import UTC, datetime, timedelta

import time_machine

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


# --- Forms the hostile-input sweep cannot find on the world's pages (tests/security/) --------
# The world's plan and visit have been through their whole life, so the buttons that belong to
# a stage on the way (submit, sign off, approve, escalate) need a record at that stage, built
# through the real operations.


def _plan_page(plan) -> str:
    return f"/cases/{plan.case_id}/plans/{plan.id}"


def _visit_page(plan) -> str:
    return f"/cases/{plan.case_id}/visits/{plan.visit_id}"


def _draft_with_risks(world, client, login_as) -> str:
    """A draft plan with two risks: its author sees a Remove button on each."""
    from supervise.plans import operations as plans
    from tests.visits import factories as vf

    plan = vf.make_plan(world)
    plans.add_risk(plan, "Shouting at the door", "Go with a colleague",
                   by=plan.author, seen_version=plan.version)
    login_as("practitioner")
    return _plan_page(plan)


def _complete_draft(world, client, login_as) -> str:
    """A draft with a risk and every safety-checklist item answered: ready to submit."""
    from tests.visits import factories as vf

    plan = vf.make_plan(world)
    login_as("practitioner")
    return _plan_page(plan)


def _submitted_plan(world, client, login_as) -> str:
    """Waiting for sign-off by the author's line manager (never the author)."""
    from tests.visits import factories as vf

    plan = vf.submitted(world)
    login_as("manager")
    return _plan_page(plan)


def _signed_off_plan(world, client, login_as) -> str:
    """Signed off by the line manager, the visit still planned: it can be approved."""
    from tests.visits import factories as vf

    plan = vf.signed_off(world)
    login_as("manager")
    return _visit_page(plan)


def _overdue_visit(world, client, login_as) -> str:
    """Checked in two hours ago, expected back an hour ago, not checked out: the line manager
    records escalation steps. Built at that earlier moment, as the visits tests do."""
    from tests.visits import factories as vf

    with time_machine.travel(datetime.now(UTC) - timedelta(hours=2), tick=False):
        plan = vf.in_progress(world, back_in=timedelta(hours=1))
    assert plan.visit.is_overdue()
    login_as("manager")
    return _visit_page(plan) + "/escalate"


SWEEP_PREPARATIONS = {
    "plans.risk_remove": _draft_with_risks,
    "plans.submit": _complete_draft,
    "plans.sign_off": _submitted_plan,
    "visits.approve": _signed_off_plan,
    "visits.escalate": _overdue_visit,
}
