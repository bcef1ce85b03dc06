"""No lost updates: a stale edit is refused with what changed, and the typed values are kept."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.orm.exc import StaleDataError

from supervise.cases import operations
from supervise.cases.models import Case
from supervise.core.concurrency import StaleRecord, check_version
from tests.conftest import PASSWORD


def _version_on(page: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)


def _case_form(version: str, **values: str) -> dict[str, str]:
    return {"family_name": "Zebedee family", "language": "English", "status": "open",
            "document_language": "en", "version": version, **values}


def test_a_stale_save_is_refused_keeping_what_was_typed(world, app, login_as, client, db):
    other = app.test_client()
    other.post("/login", data={"email": world.users["manager"].email, "password": PASSWORD})
    login_as("practitioner")
    url = f"/cases/{world.case.id}/edit"
    mine = _version_on(client.get(url).text)
    theirs = _version_on(other.get(url).text)
    assert other.post(url, data=_case_form(theirs, summary="Manager's summary")
                      ).status_code == 302

    response = client.post(url, data=_case_form(mine, summary="My summary"))
    assert response.status_code == 409
    assert "Mo Manager saved changes to this record" in response.text
    assert "Why agencies are involved is now saved as “Manager&#39;s summary”" in response.text
    assert "My summary</textarea>" in response.text  # what I typed is still on the page
    assert db.session.get(Case, world.case.id).summary == "Manager's summary"

    # Having seen the difference, saving again is a deliberate overwrite.
    again = client.post(url, data=_case_form(_version_on(response.text), summary="My summary"))
    assert again.status_code == 302
    assert db.session.get(Case, world.case.id).summary == "My summary"


def test_an_unchanged_version_saves_and_counts_up(world, login_as, client, db):
    login_as("practitioner")
    url = f"/cases/{world.case.id}/edit"
    version = int(_version_on(client.get(url).text))
    assert client.post(url, data=_case_form(str(version), summary="New")).status_code == 302
    assert db.session.get(Case, world.case.id).version == version + 1


def test_check_version_refuses_a_nonsense_version(world):
    with pytest.raises(StaleRecord):
        check_version(world.case, "not-a-number")
    check_version(world.case, None)  # no version sent: not a form edit


def test_two_writers_racing_on_the_same_row_one_loses(world, db):
    """The database check behind the form check: UPDATE … WHERE version = the loaded one."""
    case = world.case
    operations.update_case(case, {"summary": "first"}, by=world.users["practitioner"])
    db.session.flush()
    # Another connection changed the row after we loaded it.
    db.session.execute(Case.__table__.update().where(Case.id == case.id)
                       .values(version=Case.version + 1))
    case.summary = "second"
    with pytest.raises(StaleDataError):
        db.session.flush()
    db.session.rollback()


def test_a_race_lost_at_the_database_gets_a_clear_page(app, world, login_as, client,
                                                         monkeypatch):
    login_as("practitioner")

    def lose(*args, **kwargs):
        raise StaleDataError("UPDATE statement on table 'cases' expected to update 1 row(s)")

    monkeypatch.setattr(operations, "update_case", lose)
    url = f"/cases/{world.case.id}/edit"
    response = client.post(url, data=_case_form(_version_on(client.get(url).text)))
    assert response.status_code == 409
    assert "Someone else changed this record at the same moment" in response.text
