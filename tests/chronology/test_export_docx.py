"""The chronology as a Word document (through the documents service) and the re-authentication
both exports need, opened with python-docx."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import docx
import pytest
import sqlalchemy as sa
import time_machine

from supervise.audit.models import AuditEvent
from supervise.chronology import operations
from supervise.chronology.document import CHRONOLOGY
from supervise.documents import library, validation
from tests.incidents.factories import make_entry, make_incident

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def in_november():
    with time_machine.travel(NOW, tick=False):
        yield


def _url(world, suffix):
    return f"/cases/{world.case.id}/chronology{suffix}"


def _open(response) -> docx.Document:
    assert response.status_code == 200, response.headers.get("Location")
    assert response.mimetype.endswith("wordprocessingml.document")
    assert "attachment" in response.headers["Content-Disposition"]
    return docx.Document(io.BytesIO(response.data))


def _summary(document) -> dict[str, str]:
    return {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}


def _entries(document) -> list[list[str]]:
    """The entries table, without its header row."""
    return [[cell.text for cell in row.cells] for row in document.tables[1].rows[1:]]


def test_the_docx_has_the_filtered_entries_with_their_source_and_addenda(
        client, world, login_as, db):
    event = make_entry(world.case, world.users["hv"], "injury", summary="Bruise on the arm",
                       details="Seen at nursery.\nMother said he fell.",
                       reported_by="Nursery", child_ids=[world.ids["person_id"]])
    operations.add_addendum(world.case, event, "Nursery sent a body map", by=world.users["hv"])
    make_entry(world.case, world.users["hv"], "school_absence", summary="Absent all week")
    login_as("practitioner")
    document = _open(client.get(_url(world, ".docx"), query_string={"category": "injury"}))
    summary = _summary(document)
    assert summary["Case reference"] == world.case.reference
    assert summary["Filters applied"] == "Category: Injury"
    assert summary["Dates covered"] == "All dates" and summary["Entries"] == "1"
    [[day, category, happened, source, linked]] = _entries(document)
    assert (day, category) == ("22 November 2026", "Injury")
    assert happened.splitlines()[:4] == ["Bruise on the arm", "Seen at nursery.",
                                         "Mother said he fell.", "Concerning: Zara Testfamily"]
    assert happened.splitlines()[-1].endswith("Hana Visitor (Test Health Visiting): "
                                              "Nursery sent a body map")
    assert source.splitlines()[:3] == ["Hana Visitor", "Test Health Visiting",
                                       "Reported by Nursery"]
    assert linked == "Typed into the chronology"
    export = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "export"))
    assert export.changes == {"format": [None, "docx"], "entries": [None, 1]}
    assert export.user_id == world.users["practitioner"].id


def test_the_docx_names_the_dates_and_agency_filtered_on(client, world, login_as):
    make_entry(world.case, world.users["hv"], occurred_on=date(2026, 1, 10), summary="January")
    make_entry(world.case, world.users["practitioner"], occurred_on=date(2026, 3, 10),
               summary="March by the social worker")
    make_entry(world.case, world.users["hv"], occurred_on=date(2026, 3, 12), summary="March HV")
    login_as("practitioner")
    args = [("date_from", "1"), ("date_from", "3"), ("date_from", "2026"), ("date_to", "31"),
            ("date_to", "3"), ("date_to", "2026"), ("agency", str(world.users["hv"].agency_id)),
            ("order", "oldest")]
    document = _open(client.get(_url(world, ".docx?") + "&".join(f"{k}={v}" for k, v in args)))
    summary = _summary(document)
    assert summary["Dates covered"] == "1 March 2026 to 31 March 2026"
    assert summary["Filters applied"] == "Recorded by agency: Test Health Visiting"
    assert summary["Order"] == "Oldest first"
    assert [row[2].splitlines()[0] for row in _entries(document)] == ["March HV"]


def test_typed_markup_and_template_code_come_out_literally(client, world, login_as):
    make_entry(world.case, world.users["hv"], summary="</w:t><w:t>{{ 7*7 }}",
               details="{% if true %}x{% endif %} & <b>")
    login_as("hv")
    document = _open(client.get(_url(world, ".docx")))
    [row] = [r for r in _entries(document) if r[2].startswith("</w:t>")]
    assert row[2].splitlines()[:2] == ["</w:t><w:t>{{ 7*7 }}", "{% if true %}x{% endif %} & <b>"]
    assert "49" not in row[2]


def test_a_generated_entry_links_to_its_record(client, world, login_as):
    incident = make_incident(world.case, world.users["practitioner"])
    login_as("manager")
    document = _open(client.get(_url(world, ".docx"), query_string={"category": "incident"}))
    [row] = _entries(document)
    assert row[4].splitlines() == [
        "Incident record", f"http://localhost/cases/{world.case.id}/incidents/{incident.id}"]


def test_an_empty_selection_still_makes_a_document(client, world, login_as):
    login_as("practitioner")
    document = _open(client.get(_url(world, ".docx"), query_string={"category": "hospital"}))
    assert "No entries match these filters." in [p.text for p in document.paragraphs]
    assert _entries(document) == []


@pytest.mark.parametrize("suffix", [".csv", ".docx"])
def test_an_export_asks_for_the_password_again_after_ten_minutes(
        suffix, client, world, login_as, db):
    login_as("practitioner")
    with time_machine.travel(datetime(2026, 11, 22, 12, 11, tzinfo=UTC), tick=False):
        response = client.get(_url(world, suffix), query_string={"category": "injury"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/confirm?next=")
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "export")) is None


def test_the_timeline_links_to_both_exports_with_its_filters(client, world, login_as):
    make_entry(world.case, world.users["hv"], "injury", summary="Bruise")
    login_as("practitioner")
    page = client.get(_url(world, ""), query_string={"category": "injury"}).text
    assert f'href="/cases/{world.case.id}/chronology.docx?category=injury"' in page
    assert f'href="/cases/{world.case.id}/chronology.csv?category=injury"' in page


def test_the_shipped_template_passes_its_own_checks(app):
    with app.test_request_context():
        data = library.shipped_template(CHRONOLOGY, "en").data
        assert validation.validate(CHRONOLOGY, data) == []


def test_the_build_script_makes_the_shipped_template(tmp_path):
    from supervise.chronology.build_template import build_all

    [path] = build_all(tmp_path)
    assert path.read_bytes() == CHRONOLOGY.shipped_path("en").read_bytes(), (
        "rebuild with .venv/bin/python -m supervise.chronology.build_template")


def test_an_administrator_can_preview_the_chronology_template(client, world, login_as):
    login_as("admin")
    assert "Chronology" in client.get("/admin/templates").text
    preview = client.get("/admin/templates/chronology/en/shipped/preview.docx")
    document = _open(preview)
    assert _summary(document)["Case reference"] == "SUP-2026-00000"


@pytest.mark.parametrize("suffix", [".csv", ".docx"])
@pytest.mark.parametrize("args", [
    "date_from=5&date_from=3&date_from=2026&date_to=1&date_to=3&date_to=2026",  # to before from
    "date_from=40&date_from=13&date_from=2026",  # no such date
    "category=not-a-category",
])
def test_an_export_with_invalid_filters_exports_nothing_and_says_what_is_wrong(
        suffix, args, client, world, login_as, db):
    """An edited or stale address must not hand over the whole case instead of the selection."""
    make_entry(world.case, world.users["hv"], "injury", summary="Bruise")
    login_as("practitioner")
    response = client.get(f"{_url(world, suffix)}?{args}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{_url(world, '')}?{args}"
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "export")) is None
    page = client.get(response.headers["Location"])
    assert page.status_code == 422
    assert "Nothing was downloaded: correct the filters, then download again." in page.text
    assert "govuk-error-summary" in page.text and "Bruise" not in page.text
