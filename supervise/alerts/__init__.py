"""Risk alerts: what colleagues must know before contact, shown on every page of the case."""
