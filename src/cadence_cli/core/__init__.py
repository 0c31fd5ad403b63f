"""The pure core: the service model and everything it computes, with no I/O.

`dates` (intervals, yearly dates, day parsing), `schedule` (who is due, reactive or owed a
follow-up, and why), `report` (how proactive the past weeks were), `review` (the tier
review's measures and suggestion) and `records` (the frozen records the store hands over).
Frozen dataclasses and a `today: date` in, dataclasses with reasons out. Nothing here
imports SQLAlchemy, SQLModel, Typer or Rich, or reads the clock (ruff's banned-api).
"""
