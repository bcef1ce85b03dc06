"""Reading people: whom a line manager manages, as a subquery other lists filter by."""

from __future__ import annotations

import sqlalchemy as sa

from supervise.accounts.models import User, team_managers


def managed_user_ids(manager: User) -> sa.Select:
    """Ids of the people in the teams ``manager`` line-manages (never the manager), as a
    subquery: lists of plans, visits, agreements and incidents "of my team" filter by it."""
    return (sa.select(User.id)
            .join(team_managers, team_managers.c.team_id == User.team_id)
            .where(team_managers.c.user_id == manager.id, User.id != manager.id))
