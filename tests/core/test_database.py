"""How the app talks to its database: PostgreSQL plans each statement for its own values."""

from __future__ import annotations

import pytest

from supervise.database import POSTGRES_OPTIONS, engine_options


def test_postgresql_connections_get_custom_plans_and_keep_other_options():
    options = engine_options("postgresql+psycopg://db/supervise",
                             {"pool_pre_ping": True, "connect_args": {"options": "-c x=1"}})
    assert options["pool_pre_ping"] is True
    assert options["connect_args"]["options"] == f"-c x=1 {POSTGRES_OPTIONS}"
    assert engine_options("sqlite:///x.db", {"a": 1}) == {"a": 1}


@pytest.mark.postgres_only
def test_a_postgresql_session_plans_every_statement_for_its_values(app, db):
    setting = db.session.execute(db.text("SHOW plan_cache_mode")).scalar()
    assert setting == "force_custom_plan"
