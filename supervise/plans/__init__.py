"""Pre-visit action plans (``gwent:7.1``: "the action plan should be agreed prior to a visit
taking place"), signed off by a line manager of their author."""
