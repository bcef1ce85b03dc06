"""Operations: answering the library's prompts, and sharing what must be shared.

``lancs:ensuring-effective-multi-agency-working``: "If you answer yes to any of the following
questions, you should share them with your manager and any other practitioners involved with
the family." A "yes" is shared through the product (a notification to each chosen member of the
case team, in any agency, recorded with what was shared and when) or given a recorded reason for
not sharing; the session cannot be signed until every "yes" is one or the other.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from supervise import clock
from supervise.accounts.models import User
from supervise.cases.models import Case
from supervise.core.concurrency import StaleRecord, check_version
from supervise.core.errors import DomainError
from supervise.events.operations import record_event
from supervise.extensions import db
from supervise.notifications.operations import notify
from supervise.supervision import queries
from supervise.supervision.library import Prompt, library
from supervise.supervision.models import ConcernShare, ShareRecipient, SupervisionAnswer
from supervise.supervision.models import SupervisionSession as Session
from supervise.supervision.rules import audit, before_change, path_for

ANSWER_FIELDS = ("answer", "choices", "notes")


def save_answer(session: Session, prompt: Prompt, values: dict[str, Any], *, by: User,
                case: Case | None = None,
                seen_version: int | str | None = None) -> SupervisionAnswer | None:
    """Save one answer as it is typed. ``seen_version`` is the version the user loaded ("" when
    there was no answer yet); only a change by someone else since then is refused."""
    before_change(session, by)
    _check_scope(session, prompt, case)
    values = _clean(prompt, values)
    _lock(session)
    answer = queries.find_answer(session, case.id if case else None, prompt.id)
    if answer is None:
        return _first_answer(session, prompt, values, case, by) if any(values.values()) else None
    changes = {name: [getattr(answer, name), new] for name, new in values.items()
               if getattr(answer, name) != new}
    if not changes:
        return answer
    _check_seen(answer, seen_version, by)
    for name, (_old, new) in changes.items():
        setattr(answer, name, new)
    _stamp(answer, prompt, by)
    session.void_signatures()
    db.session.flush()
    audit("update", answer, by=by, changes=changes, private=_is_private(prompt))
    return answer


def _first_answer(session: Session, prompt: Prompt, values: dict[str, Any], case: Case | None,
                  by: User) -> SupervisionAnswer:
    answer = SupervisionAnswer(session_id=session.id, case_id=case.id if case else None,
                               prompt_id=prompt.id, section=prompt.section, **values)
    _stamp(answer, prompt, by)
    db.session.add(answer)
    session.void_signatures()
    db.session.flush()
    audit("create", answer, by=by, changes={n: [None, v] for n, v in values.items() if v},
          private=_is_private(prompt))
    return answer


def _stamp(answer: SupervisionAnswer, prompt: Prompt, by: User) -> None:
    """The wording and library version the answer was given to, and who gave it when."""
    answer.library_version = library().version
    answer.prompt_text = prompt.item.label
    answer.answered_by_id = by.id
    answer.answered_at = clock.now()


def _check_scope(session: Session, prompt: Prompt, case: Case | None) -> None:
    if (prompt.scope == "case") != (case is not None):
        raise DomainError(_("That question is not asked here"))
    if case is not None and session.case_entry(case.id) is None:
        raise DomainError(_("That case is not being discussed in this session"))


def _clean(prompt: Prompt, values: dict[str, Any]) -> dict[str, Any]:
    """Only the answers this prompt allows: refuse anything else in our words."""
    answer = str(values.get("answer") or "")
    if answer and answer not in prompt.allowed_answers():
        raise DomainError(_("Choose one of the answers shown"), field="answer")
    options = {o.id for o in prompt.options}
    choices = [c for c in (values.get("choices") or []) if c]
    if any(c not in options for c in choices):
        raise DomainError(_("Choose from the options shown"), field="choices")
    notes = str(values.get("notes") or "").strip()
    if len(notes) > 5000:
        raise DomainError(_("Notes must be 5000 characters or fewer"), field="notes")
    ordered = [o.id for o in prompt.options if o.id in choices]
    return {"answer": answer, "choices": ordered, "notes": notes}


def _check_seen(answer: SupervisionAnswer, seen: int | str | None, by: User) -> None:
    """Refuse when someone else saved this answer after the user loaded it. The user's own
    saves in between (answers save as they type) never count against them."""
    if seen is None or answer.answered_by_id == by.id:
        return
    if seen == "":
        raise StaleRecord(answer)
    check_version(answer, seen)


def _lock(session: Session) -> None:
    """Serialise answer writes per session (a first answer has no row to version yet)."""
    db.session.execute(sa.select(Session.id).where(Session.id == session.id).with_for_update())


def _is_private(prompt: Prompt) -> bool:
    return prompt.section in library().private_sections


# --- Sharing -----------------------------------------------------------------------------------


def share_concerns(session: Session, case: Case, recipients: list[User], message: str, *,
                   by: User) -> ConcernShare:
    """Share every unshared "yes" on the case with the chosen case-team members and the
    line manager: each gets a notification; what, with whom and when is recorded."""
    before_change(session, by)
    answers = queries.unresolved_sharing(session, case.id)
    if not answers:
        raise DomainError(_("There is nothing on this case waiting to be shared"))
    team = {m.user_id for m in case.team if m.user_id != session.practitioner_id}
    if not recipients:
        raise DomainError(_("Choose who to share the concerns with"), field="recipients")
    if any(user.id not in team for user in recipients):
        raise DomainError(_("Share with members of the case team"), field="recipients")
    if not message.strip():
        raise DomainError(_("Enter what you are sharing"), field="message")
    share = ConcernShare(session_id=session.id, case_id=case.id, shared_by_id=by.id,
                         message=message.strip(), answers=answers)
    db.session.add(share)
    db.session.flush()
    _notify_recipients(share, session, case, recipients, by)
    names = ", ".join(user.name for user in recipients)
    record_event(case, "concern_shared",
                 _("%(name)s shared concerns from supervision with %(names)s",
                   name=by.name, names=names), by=by, source=share)
    audit("create", share, by=by, changes={"recipients": [None, names],
                                           "answers": [None, [a.prompt_id for a in answers]]})
    return share


def _notify_recipients(share: ConcernShare, session: Session, case: Case,
                       recipients: list[User], by: User) -> None:
    everyone = [*recipients, *([session.manager] if by.id != session.manager_id else [])]
    link = path_for("supervision.shared_concern", case_id=case.id, share_id=share.id)
    text = _("%(name)s shared concerns about the %(family)s from supervision: %(message)s",
             name=by.name, family=case.family_name, message=share.message)
    sent = {note.user_id: note for note in notify(everyone, "concern_shared", text, link=link,
                                                   case_id=case.id, sent_by=by)}
    for user in {u.id: u for u in everyone}.values():
        note = sent.get(user.id)
        share.recipients.append(ShareRecipient(user_id=user.id,
                                               notification_id=note.id if note else None))
    db.session.flush()


def record_not_sharing(answer: SupervisionAnswer, session: Session, reason: str, *,
                       by: User) -> None:
    """Record why a "yes" is not being shared."""
    before_change(session, by)
    if answer.session_id != session.id or answer not in queries.unresolved_sharing(session):
        raise DomainError(_("That answer does not need a reason"))
    if not reason.strip():
        raise DomainError(_("Enter why this is not being shared"), field="reason")
    answer.not_shared_reason = reason.strip()
    answer.not_shared_by_id = by.id
    answer.not_shared_at = clock.now()
    session.void_signatures()
    db.session.flush()
    audit("not_shared", answer, by=by, changes={"not_shared_reason": [None, reason.strip()]})
