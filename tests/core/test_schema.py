"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from supervise.extensions import db as _db


def test_migrations_and_models_agree(app, db):
    """No pending autogenerate diff: every model change has its reviewed revision."""
    connection = db.session.connection()
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "render_as_batch": True})
    diff = compare_metadata(context, _db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_migrations_are_at_a_single_head(app):
    from alembic.script import ScriptDirectory
    from flask_migrate import Migrate

    config = app.extensions["migrate"].migrate.get_config()
    assert isinstance(app.extensions["migrate"].migrate, Migrate)
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}"
