"""incidents, non-cooperation, risk alert reviews, chronology entries

New tables: incidents (a database check keeps the police decision and its reason whenever the
incident involved violence or a threat to kill), non_cooperation_records, risk_alert_reviews,
chronology_manual_entries and chronology_addenda. risk_alerts gains a version (optimistic
concurrency; existing rows start at 1) and the incident that proposed it.

Revision ID: 0005_incidents
Revises: 0004_visits
Create Date: 2026-11-22 17:52:40.622843

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_incidents'
down_revision = '0004_visits'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('incidents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('behaviours', sa.JSON(), nullable=False),
    sa.Column('behaviours_version', sa.String(length=20), nullable=False),
    sa.Column('other_behaviour', sa.String(length=300), nullable=False),
    sa.Column('person_ids', sa.JSON(), nullable=False),
    sa.Column('others_involved', sa.String(length=300), nullable=False),
    sa.Column('what_happened', sa.Text(), nullable=False),
    sa.Column('worker_response', sa.Text(), nullable=False),
    sa.Column('manager_told_directly', sa.Boolean(), nullable=False),
    sa.Column('managers_notified', sa.JSON(), nullable=False),
    sa.Column('police_decision_required', sa.Boolean(), nullable=False),
    sa.Column('police_decision', sa.Enum('informed', 'not_informed', name='policedecision', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('police_reason', sa.Text(), nullable=False),
    sa.Column('police_reference', sa.String(length=60), nullable=False),
    sa.Column('impacts', sa.JSON(), nullable=False),
    sa.Column('impacts_version', sa.String(length=20), nullable=False),
    sa.Column('impact_notes', sa.Text(), nullable=False),
    sa.Column('support', sa.JSON(), nullable=False),
    sa.Column('support_version', sa.String(length=20), nullable=False),
    sa.Column('support_notes', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('review_cause', sa.Text(), nullable=False),
    sa.Column('review_decision', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.CheckConstraint("NOT police_decision_required OR (police_decision IS NOT NULL AND police_reason != '')", name=op.f('ck_incidents_police_decision_recorded')),
    sa.CheckConstraint('reviewed_at IS NULL OR reviewed_by_id IS NOT NULL', name=op.f('ck_incidents_reviewed_by_someone')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_incidents_case_id_cases')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_incidents_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_incidents_reviewed_by_id_users')),
    sa.ForeignKeyConstraint(['worker_id'], ['users.id'], name=op.f('fk_incidents_worker_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incidents'))
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index('ix_incidents_case_occurred', ['case_id', 'occurred_at'], unique=False)
        batch_op.create_index('ix_incidents_unreviewed', ['reviewed_at', 'worker_id'], unique=False)

    op.create_table('non_cooperation_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('observed_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('kind_version', sa.String(length=20), nullable=False),
    sa.Column('person_ids', sa.JSON(), nullable=False),
    sa.Column('observed', sa.Text(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('reasons_version', sa.String(length=20), nullable=False),
    sa.Column('reasons_notes', sa.Text(), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_non_cooperation_records_case_id_cases')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_non_cooperation_records_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_non_cooperation_records'))
    )
    with op.batch_alter_table('non_cooperation_records', schema=None) as batch_op:
        batch_op.create_index('ix_non_cooperation_records_case_observed', ['case_id', 'observed_on'], unique=False)

    op.create_table('chronology_addenda',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('source_agency_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_chronology_addenda_case_id_cases')),
    sa.ForeignKeyConstraint(['event_id'], ['case_events.id'], name=op.f('fk_chronology_addenda_event_id_case_events')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_chronology_addenda_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['source_agency_id'], ['agencies.id'], name=op.f('fk_chronology_addenda_source_agency_id_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chronology_addenda'))
    )
    with op.batch_alter_table('chronology_addenda', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chronology_addenda_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_chronology_addenda_event_id'), ['event_id'], unique=False)

    op.create_table('chronology_manual_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('child_ids', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_chronology_manual_entries_case_id_cases')),
    sa.ForeignKeyConstraint(['event_id'], ['case_events.id'], name=op.f('fk_chronology_manual_entries_event_id_case_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chronology_manual_entries')),
    sa.UniqueConstraint('event_id', name=op.f('uq_chronology_manual_entries_event_id'))
    )
    with op.batch_alter_table('chronology_manual_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chronology_manual_entries_case_id'), ['case_id'], unique=False)

    op.create_table('risk_alert_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('previous_review_date', sa.Date(), nullable=False),
    sa.Column('next_review_date', sa.Date(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['alert_id'], ['risk_alerts.id'], name=op.f('fk_risk_alert_reviews_alert_id_risk_alerts')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_risk_alert_reviews_reviewed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_alert_reviews'))
    )
    with op.batch_alter_table('risk_alert_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_alert_reviews_alert_id'), ['alert_id'], unique=False)

    with op.batch_alter_table('risk_alerts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('incident_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_risk_alerts_incident_id_incidents'), 'incidents', ['incident_id'], ['id'])



def downgrade():
    with op.batch_alter_table('risk_alerts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_risk_alerts_incident_id_incidents'), type_='foreignkey')
        batch_op.drop_column('version')
        batch_op.drop_column('incident_id')

    with op.batch_alter_table('risk_alert_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_alert_reviews_alert_id'))

    op.drop_table('risk_alert_reviews')
    with op.batch_alter_table('chronology_manual_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chronology_manual_entries_case_id'))

    op.drop_table('chronology_manual_entries')
    with op.batch_alter_table('chronology_addenda', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chronology_addenda_event_id'))
        batch_op.drop_index(batch_op.f('ix_chronology_addenda_case_id'))

    op.drop_table('chronology_addenda')
    with op.batch_alter_table('non_cooperation_records', schema=None) as batch_op:
        batch_op.drop_index('ix_non_cooperation_records_case_observed')

    op.drop_table('non_cooperation_records')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index('ix_incidents_unreviewed')
        batch_op.drop_index('ix_incidents_case_occurred')

    op.drop_table('incidents')
