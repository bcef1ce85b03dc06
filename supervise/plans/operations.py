"""Planning a visit and its action plan: draft → submitted → signed off, or returned with
comments. Any change to a signed-off plan voids the sign-off and the visit's approval with it.
Operations check the rules, flush, and write the audit log."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from supervise import clock, guidance
from supervise.accounts.models import User
from supervise.audit.operations import record_audit
from supervise.cases.models import Case
from supervise.core.concurrency import check_version, lock
from supervise.core.errors import DomainError, IllegalTransition, NotAllowed
from supervise.core.models import apply_changes
from supervise.extensions import db
from supervise.notifications.operations import notify
from supervise.plans import rules
from supervise.plans.models import ActionPlan, PlanSignOff, PlanStatus
from supervise.visits.links import path_for
from supervise.visits.models import Visit, VisitStatus

EDITABLE = (PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.SIGNED_OFF, PlanStatus.RETURNED)


def plan_visit(case: Case, values: dict[str, Any], *, by: User) -> ActionPlan:
    """Plan a visit by ``by``: the visit (planned) and its action plan (draft)."""
    _check_details(values, by)
    visit = Visit(case_id=case.id, practitioner_id=by.id, status=VisitStatus.PLANNED)
    db.session.add(visit)
    db.session.flush()
    plan = ActionPlan(case_id=case.id, visit_id=visit.id, author_id=by.id,
                      status=PlanStatus.DRAFT, **values)
    db.session.add(plan)
    db.session.flush()
    record_audit("create", visit, user=by)
    record_audit("create", plan, user=by)
    return plan


def _check_details(values: dict[str, Any], by: User) -> None:
    if values.get("joint_visitor_id") == by.id:
        raise DomainError(_("The joint visitor is someone going with you, not you"),
                          field="joint_visitor_id")
    start = values.get("planned_start")
    if start is not None and clock.to_uk(start).date() < clock.today():
        raise DomainError(_("The date of the visit must be today or in the future"),
                          field="planned_date")


def update_details(plan: ActionPlan, values: dict[str, Any], *, by: User,
                   seen_version: int | str | None) -> dict[str, list]:
    """Change when, where and with whom the visit happens."""
    _check_editable(plan, by)
    if values.get("planned_start") != plan.planned_start:
        _check_details(values, by)
    elif values.get("joint_visitor_id") == by.id:
        _check_details({"joint_visitor_id": values["joint_visitor_id"]}, by)
    changes = apply_changes(plan, values, seen_version=seen_version)
    _changed(plan, changes, by)
    return changes


def answer_checklist(plan: ActionPlan, answers: dict[str, dict[str, str]], *, by: User,
                     seen_version: int | str | None) -> dict[str, list]:
    """Record the safety checklist answers (``gwent:6.1``) in the checklist's current version."""
    _check_editable(plan, by)
    version = guidance.load(rules.CHECKLIST).version
    changes = apply_changes(plan, {"checklist": answers, "checklist_version": version},
                            seen_version=seen_version)
    _changed(plan, changes, by)
    return changes


def add_risk(plan: ActionPlan, risk: str, management: str, *, by: User,
             seen_version: int | str | None) -> dict[str, list]:
    """Add a risk and how it will be managed or reduced (``gwent:7.1``)."""
    _check_editable(plan, by)
    risks = [*(plan.risks or []), {"risk": risk, "management": management}]
    changes = apply_changes(plan, {"risks": risks}, seen_version=seen_version)
    _changed(plan, changes, by)
    return changes


def remove_risk(plan: ActionPlan, index: int, *, by: User,
                seen_version: int | str | None) -> dict[str, list]:
    """Take a risk off the plan."""
    _check_editable(plan, by)
    check_version(plan, seen_version)
    risks = list(plan.risks or [])
    if not 0 <= index < len(risks):
        raise DomainError(_("That risk is no longer on the plan"))
    del risks[index]
    changes = apply_changes(plan, {"risks": risks})
    _changed(plan, changes, by)
    return changes


def _check_editable(plan: ActionPlan, by: User) -> None:
    if by.id != plan.author_id:
        raise NotAllowed(_("Only %(name)s, who wrote this plan, can change it",
                           name=plan.author.name))
    lock(plan)  # a change racing a sign-off waits for it, then voids it or is refused
    if plan.is_locked:
        raise IllegalTransition(_("The visit has %(state)s: its plan is now part of the "
                                  "record and cannot change",
                                  state=plan.visit.status.label.lower()))


def _changed(plan: ActionPlan, changes: dict[str, list], by: User) -> None:
    """After any change: a signed-off plan loses its sign-off; a submitted one is withdrawn."""
    if not changes:
        return
    if plan.status is PlanStatus.SIGNED_OFF:
        void_sign_off(plan, by=by, reason=_("The plan changed after it was signed off"))
    if plan.status is PlanStatus.SUBMITTED:
        plan.status = PlanStatus.DRAFT
    db.session.flush()
    record_audit("update", plan, changes=changes, user=by)


def void_sign_off(plan: ActionPlan, *, by: User, reason: str) -> None:
    """The sign-off stops being in force, and the visit's approval (which rests on it) goes."""
    signoff = plan.current_signoff
    visit = plan.visit
    if visit.approved_signoff_id is not None:
        was_approved = visit.status is VisitStatus.APPROVED
        visit.approved_signoff_id = visit.approval_in_force = None
        visit.approved_by_id = visit.approved_at = None
        visit.status = VisitStatus.PLANNED
        db.session.flush()  # the approval goes first: the database refuses it the other way
        record_audit("approval_voided", visit, user=by, changes={"reason": reason})
        if was_approved:
            _tell_approval_voided(plan, by)
    if signoff is not None:
        signoff.in_force = None
        signoff.voided_at = clock.now()
        signoff.voided_by_id = by.id
        signoff.void_reason = reason
        record_audit("sign_off_voided", signoff, user=by, changes={"reason": reason},
                     case_id=plan.case_id)
    plan.status = PlanStatus.DRAFT
    db.session.flush()


def _tell_approval_voided(plan: ActionPlan, by: User) -> None:
    link = path_for("plans.show", case_id=plan.case_id, plan_id=plan.id)
    notify([*plan.author.line_managers, plan.author], "visit_approval_voided",
           _("The action plan for the visit on %(when)s changed after sign-off: the sign-off "
             "and the visit's approval no longer stand.", when=rules.uk_datetime(
                 plan.planned_start)), link=link, case_id=plan.case_id, sent_by=by)


def submit(plan: ActionPlan, *, by: User, seen_version: int | str | None) -> None:
    """Send the plan to the author's line managers for sign-off."""
    _check_editable(plan, by)
    check_version(plan, seen_version)
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        raise IllegalTransition(_("This plan is %(state)s", state=plan.status.label.lower()))
    _check_complete(plan)
    if not plan.author.line_managers:
        raise DomainError(_("You have no line manager in Supervise to sign off your plan: "
                            "ask an administrator to add one to your team"))
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = clock.now()
    db.session.flush()
    record_audit("submit", plan, user=by)
    notify(plan.author.line_managers, "plan_submitted",
           _("%(name)s asks you to sign off the action plan for a visit on %(when)s",
             name=by.name, when=rules.uk_datetime(plan.planned_start)),
           link=path_for("plans.show", case_id=plan.case_id, plan_id=plan.id),
           case_id=plan.case_id, sent_by=by)


def _check_complete(plan: ActionPlan) -> None:
    problems = rules.unmet_precautions(plan)
    if not plan.risks:
        problems.append(_("Add each risk and how it will be managed or reduced"))
    if rules.unanswered_items(plan):
        problems.append(_("Answer every question of the safety checklist"))
    if problems:
        raise DomainError(" ".join(problems))


def _check_manager(plan: ActionPlan, by: User) -> None:
    if not by.line_manages(plan.author):
        raise NotAllowed(_("Only a line manager of %(name)s can do this",
                           name=plan.author.name))


def _require_submitted(plan: ActionPlan) -> None:
    """Two managers deciding at once: the second waits for the first, then is told what it did."""
    lock(plan)
    if plan.status is PlanStatus.SUBMITTED:
        return
    decided = {PlanStatus.SIGNED_OFF: plan.current_signoff and plan.current_signoff.signed_by,
               PlanStatus.RETURNED: plan.returned_by}.get(plan.status)
    if decided:
        raise IllegalTransition(_("%(name)s has already %(state)s this plan: it is no longer "
                                  "waiting for sign-off", name=decided.name,
                                  state=_DONE[plan.status]))
    raise IllegalTransition(_("Only a plan waiting for sign-off can be signed off or returned; "
                              "this one is %(state)s", state=plan.status.label.lower()))


_DONE = {PlanStatus.SIGNED_OFF: _l("signed off"), PlanStatus.RETURNED: _l("returned")}


def sign_off(plan: ActionPlan, *, by: User, seen_version: int | str | None) -> PlanSignOff:
    """Sign off the plan exactly as the manager read it, freezing a snapshot of it."""
    _check_manager(plan, by)
    _require_submitted(plan)
    check_version(plan, seen_version)
    if plan.is_locked:
        raise IllegalTransition(_("The visit is no longer planned"))
    _check_complete(plan)
    signoff = PlanSignOff(plan_id=plan.id, visit_id=plan.visit_id, author_id=plan.author_id,
                          plan_version=plan.version, snapshot=rules.snapshot(plan),
                          signed_by_id=by.id, signed_at=clock.now(), in_force=True)
    plan.signoffs.append(signoff)
    plan.status = PlanStatus.SIGNED_OFF
    plan.return_comments = ""
    db.session.flush()
    record_audit("sign_off", plan, user=by, changes={"sign_off": [None, signoff.id]})
    notify([plan.author], "plan_signed_off",
           _("%(name)s signed off your action plan for the visit on %(when)s",
             name=by.name, when=rules.uk_datetime(plan.planned_start)),
           link=path_for("plans.show", case_id=plan.case_id, plan_id=plan.id),
           case_id=plan.case_id, sent_by=by)
    return signoff


def return_for_changes(plan: ActionPlan, comments: str, *, by: User,
                       seen_version: int | str | None) -> None:
    """Send the plan back to its author with what must change."""
    _check_manager(plan, by)
    _require_submitted(plan)
    check_version(plan, seen_version)
    if not comments.strip():
        raise DomainError(_("Say what needs to change"), field="comments")
    plan.status = PlanStatus.RETURNED
    plan.return_comments = comments
    plan.returned_at = clock.now()
    plan.returned_by_id = by.id
    db.session.flush()
    record_audit("return", plan, user=by, changes={"comments": [None, comments[:200]]})
    notify([plan.author], "plan_returned",
           _("%(name)s returned your action plan with comments", name=by.name),
           link=path_for("plans.show", case_id=plan.case_id, plan_id=plan.id),
           case_id=plan.case_id, sent_by=by)
