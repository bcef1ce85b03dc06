"""The access matrix: every route × every kind of user.

Each ``rules_<domain>.py`` module declares ``RULES`` (endpoint → ``Rule``) for its routes and may
define ``extend(world)`` to create the records its URLs need (adding their ids to
``world.ids``). ``test_access.py`` fails when a route has no rule.
"""
