"""What the session pages show: progress through the prompts, what is waiting to be shared,
and the whole record for printing. Read-only; built from ``queries``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask_login import current_user

from supervise.supervision import queries
from supervise.supervision.access import role_in
from supervise.supervision.library import Prompt, library
from supervise.supervision.models import SupervisionAnswer
from supervise.supervision.models import SupervisionSession as Session

Answers = dict[tuple[int | None, str], SupervisionAnswer]


def progress(answers: Answers, case_id: int | None, scope: str) -> dict[str, tuple[int, int]]:
    """For each section asked at this scope: how many of its prompts have an answer."""
    counts = {}
    for section in library().sections_with(scope):
        prompts = library().prompts_in(section.key, scope)
        answered = sum(1 for p in prompts if _answered(answers.get((case_id, p.id))))
        counts[section.key] = (answered, len(prompts))
    return counts


def _answered(answer: SupervisionAnswer | None) -> bool:
    return answer is not None and not answer.is_blank


def concerns(answers: Answers, case_id: int | None, prompts: list[Prompt]) -> list[Prompt]:
    """The prompts whose answer suggests a problem (e.g. "yes" to relieved at no answer)."""
    return [p for p in prompts
            if (a := answers.get((case_id, p.id))) is not None and p.is_concern(a.answer)]


def overview_context(session: Session) -> dict[str, Any]:
    answers = queries.answers_for(session)
    unresolved = queries.unresolved_sharing(session)
    case_ids = [entry.case_id for entry in session.cases]
    return {
        "session": session,
        "role": role_in(session, current_user),
        "library": library(),
        "progress": {cid: progress(answers, cid, "case") for cid in case_ids},
        "session_progress": progress(answers, None, "session"),
        "unresolved": unresolved,
        "waiting_by_case": Counter(a.case_id for a in unresolved),
        "carried": queries.carried_actions(session),
        "agreed": queries.actions_agreed(session),
        "decisions": queries.decisions_for(session),
        "alerts": queries.alerts_on(case_ids),
        "threats": queries.threats_on(case_ids),
    }


def record_context(session: Session) -> dict[str, Any]:
    """Everything in the record, in the order it is read: cases, impact on me, actions."""
    lib = library()
    answers = queries.answers_for(session)
    return {
        "session": session,
        "role": role_in(session, current_user),
        "answers": answers,
        "case_sections": lib.sections_with("case"),
        "session_sections": lib.sections_with("session"),
        "decisions": queries.decisions_for(session),
        "shares": queries.shares_for(session),
        "carried": queries.carried_actions(session),
        "agreed": queries.actions_agreed(session),
        "threats": queries.threats_on([e.case_id for e in session.cases],
                                      until=queries.brought_until(session)),
        "unresolved": queries.unresolved_sharing(session),
    }
