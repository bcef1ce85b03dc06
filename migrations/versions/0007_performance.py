"""performance: indexes the main pages need at 10,000+ cases (bench/RESULTS.md)


The chronology page asks for the children seen by the 100 entries it shows
(``child_sightings.source_type = 'case_events' AND source_id IN (...)``); without an index that
is a scan of every sighting of every case, which grows with the caseload (bench/RESULTS.md).

Revision ID: 0007_performance
Revises: 0006_security
Create Date: 2026-11-23 20:50:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007_performance'
down_revision = '0006_security'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('child_sightings', schema=None) as batch_op:
        batch_op.create_index('ix_child_sightings_source', ['source_type', 'source_id'],
                              unique=False)
    with op.batch_alter_table('action_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_plans_joint_visitor_id'),
                              ['joint_visitor_id'], unique=False)


def downgrade():
    with op.batch_alter_table('action_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_plans_joint_visitor_id'))
    with op.batch_alter_table('child_sightings', schema=None) as batch_op:
        batch_op.drop_index('ix_child_sightings_source')
