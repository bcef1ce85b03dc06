"""dashboard indexes: a case team member's cases from the index alone, and open cases

Every dashboard panel and case page asks which cases a person may see (their case-team rows,
and those of the people they line-manage): ``(user_id, case_id)`` answers it from the index.
The line manager's team panels count each member's open cases: a partial index of open case
ids keeps that from scanning every case. The plans waiting for a manager's sign-off, and a
practitioner's own open plans, are found by author and status together; today's visits by
the day's plans (bench/RESULTS.md).

Revision ID: 0008_dashboard_indexes
Revises: 0007_performance
Create Date: 2026-11-22 23:30:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008_dashboard_indexes'
down_revision = '0007_performance'
branch_labels = None
depends_on = None

OPEN_ONLY = sa.text("status = 'open'")


def upgrade():
    with op.batch_alter_table('case_team_members', schema=None) as batch_op:
        batch_op.drop_index('ix_case_team_members_user_id')
        batch_op.create_index('ix_case_team_members_user_case', ['user_id', 'case_id'],
                              unique=False)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_open', ['id'], unique=False,
                              postgresql_where=OPEN_ONLY, sqlite_where=OPEN_ONLY)
    with op.batch_alter_table('action_plans', schema=None) as batch_op:
        batch_op.drop_index('ix_action_plans_author_id')
        batch_op.create_index('ix_action_plans_author_status', ['author_id', 'status'],
                              unique=False)
        batch_op.create_index('ix_action_plans_planned_start', ['planned_start'], unique=False)


def downgrade():
    with op.batch_alter_table('action_plans', schema=None) as batch_op:
        batch_op.drop_index('ix_action_plans_planned_start')
        batch_op.drop_index('ix_action_plans_author_status')
        batch_op.create_index('ix_action_plans_author_id', ['author_id'], unique=False)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_open')
    with op.batch_alter_table('case_team_members', schema=None) as batch_op:
        batch_op.drop_index('ix_case_team_members_user_case')
        batch_op.create_index('ix_case_team_members_user_id', ['user_id'], unique=False)
