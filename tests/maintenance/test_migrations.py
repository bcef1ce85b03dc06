"""Migrations carry real data from the first revision to head, and step back down cleanly."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from supervise import create_app
from supervise.auth.passwords import hash_password
from supervise.cases.models import Case
from supervise.extensions import db

FIRST = "0001_foundation"
PASSWORD = "migration test password"

# Values for the first revision's tables; other NOT NULL columns get a plain filler.
ROWS = [
    ("agencies", {"name": "Migration Agency", "kind": "childrens_services"}),
    ("teams", {"name": "Migration Team", "agency_id": "@agencies"}),
    ("users", {"email": "migrate@example.test", "name": "Mig Rate",
               "role": "practitioner", "agency_id": "@agencies", "team_id": "@teams",
               "active": True, "session_version": 1}),
    ("cases", {"reference": "SUP-2020-00001", "family_name": "Migrated family",
               "status": "open", "document_language": "cy", "created_by_id": "@users"}),
    ("people", {"case_id": "@cases", "kind": "child", "given_name": "Mina",
                "date_of_birth": date(2019, 4, 2)}),
    ("addresses", {"case_id": "@cases", "line1": "1 Old Road", "town": "Oldtown",
                   "postcode": "OL1 1DT"}),
    ("case_team_members", {"case_id": "@cases", "user_id": "@users", "role": "Social worker"}),
    ("case_events", {"case_id": "@cases", "category": "case_opened",
                     "summary": "Case opened", "recorded_by_id": "@users"}),
    ("risk_alerts", {"case_id": "@cases", "level": "high", "behaviours": ["dogs-as-threat"],
                     "precautions": ["joint-visits-only"], "reason": "Dogs",
                     "review_date": date(2030, 1, 1), "raised_by_id": "@users"}),
    ("audit_events", {"user_id": "@users", "action": "create", "object_type": "cases",
                      "object_id": "@cases", "case_id": "@cases"}),
]


def _filler(column: sa.Column):
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.Integer):
        return 1 if column.name == "version" else 0
    if isinstance(kind, sa.DateTime):
        return datetime(2020, 1, 1, 12)
    if isinstance(kind, sa.Date):
        return date(2020, 1, 1)
    if isinstance(kind, sa.JSON):
        return []
    return ""


def _insert_first_revision_rows(connection: sa.Connection) -> int:
    """Insert ``ROWS`` (``"@table"`` means the id inserted into that table); the case id."""
    metadata = sa.MetaData()
    metadata.reflect(connection)
    ids: dict[str, int] = {}
    for name, given in ROWS:
        table = metadata.tables[name]
        values = {k: ids[v[1:]] if isinstance(v, str) and v.startswith("@") else v
                  for k, v in given.items()}
        row = {c.name: _filler(c) for c in table.columns if not c.nullable
               and not c.primary_key and c.server_default is None and c.name not in values}
        if name == "users":
            row["password_hash"] = hash_password(PASSWORD)
        ids[name] = connection.execute(
            table.insert().values(**row, **values).returning(table.c.id)).scalar_one()
    return ids["cases"]


def _alembic(application):
    return application.extensions["migrate"].migrate.get_config()


def test_upgrade_from_the_first_revision_to_head_keeps_the_data(own_database, tmp_path: Path):
    application = create_app("test", SQLALCHEMY_DATABASE_URI=own_database,
                             DOCUMENT_STORE=tmp_path / "documents", WTF_CSRF_ENABLED=False)
    with application.app_context():
        config = _alembic(application)
        command.upgrade(config, FIRST)
        with db.engine.begin() as connection:
            case_id = _insert_first_revision_rows(connection)
        command.upgrade(config, "head")
        case = db.session.get(Case, case_id)
        assert case.family_name == "Migrated family" and case.people[0].given_name == "Mina"
        db.session.remove()

        client = application.test_client()
        assert client.post("/login", data={"email": "migrate@example.test",
                                           "password": PASSWORD}).status_code == 302
        page = client.get(f"/cases/{case_id}")
        assert page.status_code == 200 and "Migrated family" in page.text

        # One step down and back up again; past the first revision the data is still there.
        command.downgrade(config, "-1")
        command.upgrade(config, "head")
        if _head(config) != FIRST:
            assert db.session.get(Case, case_id).reference == "SUP-2020-00001"
        db.session.remove()
        db.engine.dispose()


def _head(config) -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config).get_current_head()
