"""Load-test supervision (``supervise/demo/load.py``): every practitioner's cadence, a year of
sessions with their line manager (signed, one held and not yet signed now and then, a few
cancelled and not rearranged), the cases discussed and the actions agreed."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from supervise import clock
from supervise.cases.models import CaseTeamMember
from supervise.demo.load import Org, insert_ids, insert_rows
from supervise.extensions import db
from supervise.supervision.models import (
    AgreedAction,
    SessionCase,
    SessionStatus,
    SupervisionCadence,
    SupervisionSession,
)


def seed_supervision(org: Org, case_ids: list[int], seed: int, now: datetime) -> dict[str, int]:
    cases_of = _cases_of(case_ids)
    cadences, sessions = [], []
    for worker in sorted(org.manager_of):
        rng = random.Random(f"{seed}:supervision:{worker}")
        every = rng.choice((4, 4, 6))
        starts = clock.today() - timedelta(weeks=52)
        manager = org.manager_of[worker]
        cadences.append({"practitioner_id": worker, "every_weeks": every, "starts_on": starts,
                         "set_by_id": manager, "set_at": datetime.combine(starts, time(10))})
        sessions.extend(_sessions(rng, worker, manager, starts, every, now))
    insert_rows(SupervisionCadence, cadences)
    ids = insert_ids(SupervisionSession, [row for row, _ in sessions])
    _discussed(sessions, ids, cases_of)
    return {"supervision_sessions": len(ids)}


def _cases_of(case_ids: list[int]) -> dict[int, list[int]]:
    """A few of each practitioner's cases, to discuss in supervision."""
    if not case_ids:
        return {}
    rows = db.session.execute(
        sa.select(CaseTeamMember.user_id, CaseTeamMember.case_id)
        .where(CaseTeamMember.case_id.between(min(case_ids), max(case_ids)))
        .order_by(CaseTeamMember.case_id))
    cases: dict[int, list[int]] = {}
    for user_id, case_id in rows:
        mine = cases.setdefault(user_id, [])
        if len(mine) < 6:
            mine.append(case_id)
    return cases


def _sessions(rng: random.Random, worker: int, manager: int, starts: Any, every: int,
              now: datetime) -> list[tuple[dict[str, Any], bool]]:
    """(row, held) for each session: past ones held and signed, then the next, scheduled."""
    rows = []
    count = 52 // every
    for i in range(1, count + 1):
        when = datetime.combine(starts + timedelta(weeks=every * i), time(rng.randint(9, 15)))
        if when > now:
            break
        last = i == count or when + timedelta(weeks=every) > now
        status = SessionStatus.HELD if last and rng.random() < 0.2 else SessionStatus.SIGNED
        rows.append((_row(worker, manager, when, status), True))
    when = rows[-1][0]["scheduled_for"] + timedelta(weeks=every) if rows else now
    rows.append((_row(worker, manager, when, SessionStatus.SCHEDULED), False))
    if rng.random() < 0.1:
        cancelled = now - timedelta(days=rng.randint(3, 20))
        rows.append((_row(worker, manager, cancelled, SessionStatus.CANCELLED), False))
    return rows


def _row(worker: int, manager: int, when: datetime, status: SessionStatus) -> dict[str, Any]:
    held = status in (SessionStatus.HELD, SessionStatus.SIGNED)
    signed = status is SessionStatus.SIGNED
    cancelled = status is SessionStatus.CANCELLED
    return {"practitioner_id": worker, "manager_id": manager, "scheduled_for": when,
            "status": status, "notes": "Caseload, wellbeing and the hostile cases."
            if held else "", "created_at": when - timedelta(days=28), "created_by_id": manager,
            "prepared_at": when - timedelta(days=1) if held else None,
            "held_at": when if held else None,
            "cancelled_at": when - timedelta(days=1) if cancelled else None,
            "cancelled_by_id": manager if cancelled else None,
            "cancellation_reason": "Manager off sick" if cancelled else "",
            "rearranged_as_id": None,
            "practitioner_signed_at": when + timedelta(days=1) if signed else None,
            "manager_signed_at": when + timedelta(days=2) if signed else None,
            "manager_signed_by_id": manager if signed else None,
            "signed_at": when + timedelta(days=2) if signed else None}


def _discussed(sessions: list[tuple[dict[str, Any], bool]], ids: list[int],
               cases_of: dict[int, list[int]]) -> None:
    """In each held session, two of the practitioner's cases and an action on one of them."""
    discussed, actions = [], []
    for (row, held), session_id in zip(sessions, ids, strict=True):
        mine = cases_of.get(row["practitioner_id"], [])
        if not held or not mine:
            continue
        for case_id in mine[:2]:
            discussed.append({"session_id": session_id, "case_id": case_id,
                              "added_by_id": row["manager_id"], "added_at": row["held_at"],
                              "notes": "Discussed the family's engagement.",
                              "risk_steps": "Joint visits until the review."})
        done = row["status"] is SessionStatus.SIGNED and row["held_at"] < clock.now() - \
            timedelta(weeks=8)
        actions.append({"session_id": session_id, "case_id": mine[0],
                        "description": "Update the chronology before the next review.",
                        "owner_id": row["practitioner_id"],
                        "due_on": (row["held_at"] + timedelta(days=14)).date(),
                        "created_by_id": row["manager_id"], "created_at": row["held_at"],
                        "completed_at": row["held_at"] + timedelta(days=10) if done else None,
                        "completed_by_id": row["practitioner_id"] if done else None,
                        "completed_in_session_id": None, "completion_note": ""})
    insert_rows(SessionCase, discussed)
    insert_rows(AgreedAction, actions)
