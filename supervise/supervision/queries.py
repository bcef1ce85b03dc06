"""Reading supervision: who is due or overdue, what a session holds, what it carries forward."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from supervise.accounts.models import User
from supervise.alerts.models import RiskAlert
from supervise.cases.models import Case, CaseStatus, CaseTeamMember
from supervise.events.models import CaseEvent
from supervise.extensions import db
from supervise.supervision.library import library
from supervise.supervision.models import (
    AgreedAction,
    CarriedAction,
    ConcernShare,
    SessionCase,
    SessionStatus,
    SupervisionAnswer,
    SupervisionCadence,
    SupervisionDecision,
    SupervisionSession,
    share_answers,
)

# What the practitioner brings to supervision (gwent:7.1: "case records relating to any
# violence / threats made"), read from the case event log, which incidents write to.
THREAT_CATEGORIES = ("incident", "risk_alert", "non_cooperation")
HELD = (SessionStatus.HELD, SessionStatus.SIGNED)


def cadence_for(practitioner_id: int) -> SupervisionCadence | None:
    return db.session.scalar(sa.select(SupervisionCadence)
                             .where(SupervisionCadence.practitioner_id == practitioner_id))


def waiting_to_be_rearranged(practitioner_id: int) -> list[SupervisionSession]:
    return list(db.session.scalars(sa.select(SupervisionSession).where(
        SupervisionSession.practitioner_id == practitioner_id,
        SupervisionSession.status == SessionStatus.CANCELLED,
        SupervisionSession.rearranged_as_id.is_(None))))


def practitioner_cases(practitioner: User) -> list[Case]:
    """Open cases the practitioner is on the case team of."""
    return list(db.session.scalars(
        sa.select(Case).join(CaseTeamMember, CaseTeamMember.case_id == Case.id)
        .where(CaseTeamMember.user_id == practitioner.id, Case.status == CaseStatus.OPEN)
        .order_by(Case.family_name)))


def sessions_of(practitioner_id: int) -> list[SupervisionSession]:
    return list(db.session.scalars(
        sa.select(SupervisionSession).where(SupervisionSession.practitioner_id == practitioner_id)
        .options(selectinload(SupervisionSession.manager))
        .order_by(SupervisionSession.scheduled_for.desc())))


def next_session(practitioner_id: int) -> SupervisionSession | None:
    return db.session.scalar(
        sa.select(SupervisionSession)
        .where(SupervisionSession.practitioner_id == practitioner_id,
               SupervisionSession.status.in_([SessionStatus.SCHEDULED, SessionStatus.HELD]))
        .order_by(SupervisionSession.scheduled_for).limit(1))


# --- What a session holds ----------------------------------------------------------------------


def answers_for(session: SupervisionSession) -> dict[tuple[int | None, str], SupervisionAnswer]:
    """Every answer in the session, by (case id or None, prompt id)."""
    rows = db.session.scalars(sa.select(SupervisionAnswer)
                              .where(SupervisionAnswer.session_id == session.id))
    return {(a.case_id, a.prompt_id): a for a in rows}


def find_answer(session: SupervisionSession, case_id: int | None,
                prompt_id: str) -> SupervisionAnswer | None:
    case_match = (SupervisionAnswer.case_id.is_(None) if case_id is None
                  else SupervisionAnswer.case_id == case_id)
    return db.session.scalar(sa.select(SupervisionAnswer).where(
        SupervisionAnswer.session_id == session.id, case_match,
        SupervisionAnswer.prompt_id == prompt_id))


def has_record_for(session: SupervisionSession, case_id: int) -> bool:
    """Anything written in this session about the case: answers, decisions, shares, actions."""
    checks = [
        sa.select(SupervisionAnswer.id).where(
            SupervisionAnswer.session_id == session.id, SupervisionAnswer.case_id == case_id,
            sa.or_(SupervisionAnswer.answer != "", SupervisionAnswer.notes != "")),
        sa.select(SupervisionDecision.id).where(SupervisionDecision.session_id == session.id,
                                                SupervisionDecision.case_id == case_id),
        sa.select(ConcernShare.id).where(ConcernShare.session_id == session.id,
                                         ConcernShare.case_id == case_id),
        sa.select(AgreedAction.id).where(AgreedAction.session_id == session.id,
                                         AgreedAction.case_id == case_id),
    ]
    return any(db.session.scalar(sa.select(sa.exists(check))) for check in checks)


def decisions_for(session: SupervisionSession) -> dict[int, list[SupervisionDecision]]:
    by_case: dict[int, list[SupervisionDecision]] = defaultdict(list)
    for decision in db.session.scalars(
            sa.select(SupervisionDecision).where(SupervisionDecision.session_id == session.id)
            .options(selectinload(SupervisionDecision.decided_by))
            .order_by(SupervisionDecision.id)):
        by_case[decision.case_id].append(decision)
    return by_case


def shares_for(session: SupervisionSession) -> list[ConcernShare]:
    return list(db.session.scalars(
        sa.select(ConcernShare).where(ConcernShare.session_id == session.id)
        .options(selectinload(ConcernShare.recipients), selectinload(ConcernShare.answers))
        .order_by(ConcernShare.id)))


def sharing_yes_answers(session: SupervisionSession,
                        case_id: int | None = None) -> list[SupervisionAnswer]:
    """The "yes" answers to sharing questions, for the session or one case."""
    share_ids = [p.id for p in library().prompts if p.share_if_yes]
    query = sa.select(SupervisionAnswer).where(
        SupervisionAnswer.session_id == session.id, SupervisionAnswer.answer == "yes",
        SupervisionAnswer.prompt_id.in_(share_ids))
    if case_id is not None:
        query = query.where(SupervisionAnswer.case_id == case_id)
    return list(db.session.scalars(query.order_by(SupervisionAnswer.id)))


def shared_answer_ids(session: SupervisionSession) -> set[int]:
    return set(db.session.scalars(
        sa.select(share_answers.c.answer_id)
        .join(ConcernShare, ConcernShare.id == share_answers.c.share_id)
        .where(ConcernShare.session_id == session.id)))


def unresolved_sharing(session: SupervisionSession,
                       case_id: int | None = None) -> list[SupervisionAnswer]:
    """Each "yes" neither shared through the product nor given a reason for not sharing."""
    shared = shared_answer_ids(session)
    return [a for a in sharing_yes_answers(session, case_id)
            if a.id not in shared and not a.not_shared_reason]


# --- Actions -----------------------------------------------------------------------------------


def actions_agreed(session: SupervisionSession) -> list[AgreedAction]:
    return list(db.session.scalars(
        sa.select(AgreedAction).where(AgreedAction.session_id == session.id)
        .options(selectinload(AgreedAction.owner)).order_by(AgreedAction.due_on,
                                                            AgreedAction.id)))


def carried_actions(session: SupervisionSession) -> list[tuple[AgreedAction, bool]]:
    """Actions from earlier sessions reviewed in this one, each with whether it is (or was,
    when the record was signed) still open. Unfinished actions carry forward automatically."""
    if session.status is SessionStatus.SIGNED:
        rows = db.session.scalars(sa.select(CarriedAction)
                                  .where(CarriedAction.session_id == session.id)
                                  .options(selectinload(CarriedAction.action)))
        return [(row.action, row.open_at_signing) for row in rows]
    earlier = sa.select(SupervisionSession.id).where(
        SupervisionSession.practitioner_id == session.practitioner_id,
        SupervisionSession.id != session.id,
        SupervisionSession.scheduled_for <= session.scheduled_for)
    actions = db.session.scalars(
        sa.select(AgreedAction).where(
            AgreedAction.session_id.in_(earlier),
            sa.or_(AgreedAction.completed_at.is_(None),
                   AgreedAction.completed_in_session_id == session.id))
        .options(selectinload(AgreedAction.owner))
        .order_by(AgreedAction.due_on, AgreedAction.id))
    return [(action, action.is_open) for action in actions]


def open_actions_owned(user_id: int, limit: int = 20) -> list[AgreedAction]:
    return list(db.session.scalars(
        sa.select(AgreedAction).where(AgreedAction.owner_id == user_id,
                                      AgreedAction.completed_at.is_(None))
        .options(selectinload(AgreedAction.case))
        .order_by(AgreedAction.due_on, AgreedAction.id).limit(limit)))


# --- What the practitioner brings: incidents and threats on the cases ------------------------


def threats_on(case_ids: list[int], limit: int = 25,
               until: datetime | None = None) -> dict[int, list[CaseEvent]]:
    """Incidents, risk alerts and non-cooperation from the case event log, newest first
    (up to ``until``: what a past session had before it)."""
    found: dict[int, list[CaseEvent]] = defaultdict(list)
    if not case_ids:
        return found
    query = sa.select(CaseEvent).where(CaseEvent.case_id.in_(case_ids),
                                       CaseEvent.category.in_(THREAT_CATEGORIES))
    if until is not None:
        query = query.where(CaseEvent.occurred_at <= until)
    for event in db.session.scalars(
            query.options(selectinload(CaseEvent.recorded_by))
            .order_by(CaseEvent.occurred_at.desc(), CaseEvent.id.desc())):
        if len(found[event.case_id]) < limit:
            found[event.case_id].append(event)
    return found


def alerts_on(case_ids: list[int]) -> dict[int, list[RiskAlert]]:
    """The active risk alerts on each case."""
    found: dict[int, list[RiskAlert]] = defaultdict(list)
    if not case_ids:
        return found
    for alert in db.session.scalars(
            sa.select(RiskAlert).where(RiskAlert.case_id.in_(case_ids),
                                       RiskAlert.removed_at.is_(None))
            .order_by(RiskAlert.raised_at.desc())):
        found[alert.case_id].append(alert)
    return found


def brought_until(session: SupervisionSession) -> datetime | None:
    """A signed record shows what was brought to it, not what happened since."""
    return session.held_at if session.status is SessionStatus.SIGNED else None


def last_held_before(session: SupervisionSession) -> datetime | None:
    """When the practitioner's previous supervision was held: what is new since then."""
    return db.session.scalar(
        sa.select(sa.func.max(SupervisionSession.held_at)).where(
            SupervisionSession.practitioner_id == session.practitioner_id,
            SupervisionSession.id != session.id, SupervisionSession.status.in_(HELD)))


def agreed_risk_steps(case_id: int) -> list[SessionCase]:
    """The risk-management steps agreed in supervision for a case, newest first — for the
    action plan to take up (``gwent:7.1``: agreed before a visit takes place)."""
    return list(db.session.scalars(
        sa.select(SessionCase).join(SupervisionSession)
        .where(SessionCase.case_id == case_id, SessionCase.risk_steps != "",
               SupervisionSession.status != SessionStatus.CANCELLED)
        .options(selectinload(SessionCase.session))
        .order_by(SupervisionSession.scheduled_for.desc(), SessionCase.id.desc())))
