"""The seed schema: curriculum, tournaments, users and sync bookkeeping.

Revision ID: 0001
Revises:
Create Date: 2026-11-27 11:04:57.973652
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('grades',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('position', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grades'))
    )
    with op.batch_alter_table('grades', schema=None) as batch_op:
        batch_op.create_index('uq_grades_name', ['name'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'))

    op.create_table('outbox_entries',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('entity_type', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('operation', sa.Enum('CREATE', 'UPDATE', 'DELETE', name=op.f('ck_outbox_entries_operation'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('changed_fields', sa.JSON(), nullable=False),
    sa.Column('client_mutation_id', sa.Uuid(), nullable=False),
    sa.Column('state', sa.Enum('PENDING', 'REJECTED', name=op.f('ck_outbox_entries_state'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error_code', sa.String(length=32), nullable=True),
    sa.Column('error_message', sa.Text(), nullable=True),
    sa.Column('error_field', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_entries'))
    )
    with op.batch_alter_table('outbox_entries', schema=None) as batch_op:
        batch_op.create_index('uq_outbox_entries_entity_type_entity_id', ['entity_type', 'entity_id'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'))

    op.create_table('subjects',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('icon', sa.String(length=64), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subjects'))
    )
    with op.batch_alter_table('subjects', schema=None) as batch_op:
        batch_op.create_index('idx_subjects_position', ['position'], unique=False)
        batch_op.create_index('uq_subjects_slug', ['slug'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'))

    op.create_table('sync_bases',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('entity_type', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_bases'))
    )
    with op.batch_alter_table('sync_bases', schema=None) as batch_op:
        batch_op.create_index('uq_sync_bases_entity_type_entity_id', ['entity_type', 'entity_id'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'))

    op.create_table('sync_states',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('server_url', sa.String(length=2048), nullable=False),
    sa.Column('account_email', sa.String(length=320), nullable=True),
    sa.Column('cursor', sa.Text(), nullable=True),
    sa.Column('epoch', sa.String(length=64), nullable=True),
    sa.Column('last_pull_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_push_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_states'))
    )
    with op.batch_alter_table('sync_states', schema=None) as batch_op:
        batch_op.create_index('uq_sync_states_server_url', ['server_url'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'))

    op.create_table('tournaments',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('DRAFT', 'SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED', name=op.f('ck_tournaments_status'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('start_time', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tournaments'))
    )
    with op.batch_alter_table('tournaments', schema=None) as batch_op:
        batch_op.create_index('idx_tournaments_start_time', ['start_time'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('ADMIN', 'AUTHOR', 'STUDENT', name=op.f('ck_users_role'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index('idx_users_tenant_id', ['tenant_id'], unique=False)
        batch_op.create_index('uq_users_email', ['email'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'))

    op.create_table('matches',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tournament_id', sa.Uuid(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('match_number', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED', name=op.f('ck_matches_status'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('start_time', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['tournament_id'], ['tournaments.id'], name=op.f('fk_matches_tournament_id_tournaments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matches'))
    )
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.create_index('uq_matches_tournament_id_round_match_number', ['tournament_id', 'round', 'match_number'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'))

    op.create_table('topics',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('subject_id', sa.Uuid(), nullable=False),
    sa.Column('grade_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['grade_id'], ['grades.id'], name=op.f('fk_topics_grade_id_grades')),
    sa.ForeignKeyConstraint(['subject_id'], ['subjects.id'], name=op.f('fk_topics_subject_id_subjects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_topics'))
    )
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.create_index('idx_topics_grade_id', ['grade_id'], unique=False)
        batch_op.create_index('idx_topics_subject_id_grade_id_position', ['subject_id', 'grade_id', 'position'], unique=False)

    op.create_table('tournament_participations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tournament_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['tournament_id'], ['tournaments.id'], name=op.f('fk_tournament_participations_tournament_id_tournaments')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_tournament_participations_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tournament_participations'))
    )
    with op.batch_alter_table('tournament_participations', schema=None) as batch_op:
        batch_op.create_index('idx_tournament_participations_user_id', ['user_id'], unique=False)
        batch_op.create_index('uq_tournament_participations_tournament_id_user_id', ['tournament_id', 'user_id'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'))

    op.create_table('lessons',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('topic_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('position', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_lessons_topic_id_topics')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_lessons_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lessons'))
    )
    with op.batch_alter_table('lessons', schema=None) as batch_op:
        batch_op.create_index('idx_lessons_topic_id_position', ['topic_id', 'position'], unique=False)
        batch_op.create_index('idx_lessons_user_id', ['user_id'], unique=False)

    op.create_table('exercises',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('lesson_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('type', sa.Enum('MULTIPLE_CHOICE', 'TRUE_FALSE', 'SHORT_ANSWER', 'FILL_IN_THE_BLANK', 'MATCHING', 'ORDERING', name=op.f('ck_exercises_type'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('difficulty', sa.Enum('EASY', 'MEDIUM', 'HARD', name=op.f('ck_exercises_difficulty'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('prompt', sa.Text(), nullable=False),
    sa.Column('answer', sa.JSON(), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('position', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['lesson_id'], ['lessons.id'], name=op.f('fk_exercises_lesson_id_lessons')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_exercises_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exercises'))
    )
    with op.batch_alter_table('exercises', schema=None) as batch_op:
        batch_op.create_index('idx_exercises_lesson_id_position', ['lesson_id', 'position'], unique=False)
        batch_op.create_index('idx_exercises_user_id', ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('exercises', schema=None) as batch_op:
        batch_op.drop_index('idx_exercises_user_id')
        batch_op.drop_index('idx_exercises_lesson_id_position')

    op.drop_table('exercises')
    with op.batch_alter_table('lessons', schema=None) as batch_op:
        batch_op.drop_index('idx_lessons_user_id')
        batch_op.drop_index('idx_lessons_topic_id_position')

    op.drop_table('lessons')
    with op.batch_alter_table('tournament_participations', schema=None) as batch_op:
        batch_op.drop_index('uq_tournament_participations_tournament_id_user_id', sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index('idx_tournament_participations_user_id')

    op.drop_table('tournament_participations')
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.drop_index('idx_topics_subject_id_grade_id_position')
        batch_op.drop_index('idx_topics_grade_id')

    op.drop_table('topics')
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_index('uq_matches_tournament_id_round_match_number', sqlite_where=sa.text('deleted_at IS NULL'))

    op.drop_table('matches')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('uq_users_email', sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index('idx_users_tenant_id')

    op.drop_table('users')
    with op.batch_alter_table('tournaments', schema=None) as batch_op:
        batch_op.drop_index('idx_tournaments_start_time')

    op.drop_table('tournaments')
    with op.batch_alter_table('sync_states', schema=None) as batch_op:
        batch_op.drop_index('uq_sync_states_server_url', sqlite_where=sa.text('deleted_at IS NULL'))

    op.drop_table('sync_states')
    with op.batch_alter_table('sync_bases', schema=None) as batch_op:
        batch_op.drop_index('uq_sync_bases_entity_type_entity_id', sqlite_where=sa.text('deleted_at IS NULL'))

    op.drop_table('sync_bases')
    with op.batch_alter_table('subjects', schema=None) as batch_op:
        batch_op.drop_index('uq_subjects_slug', sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index('idx_subjects_position')

    op.drop_table('subjects')
    with op.batch_alter_table('outbox_entries', schema=None) as batch_op:
        batch_op.drop_index('uq_outbox_entries_entity_type_entity_id', sqlite_where=sa.text('deleted_at IS NULL'))

    op.drop_table('outbox_entries')
    with op.batch_alter_table('grades', schema=None) as batch_op:
        batch_op.drop_index('uq_grades_name', sqlite_where=sa.text('deleted_at IS NULL'))

    op.drop_table('grades')
