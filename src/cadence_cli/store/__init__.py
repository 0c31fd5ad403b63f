"""The book on disk: SQLite or PostgreSQL, behind two doors.

`doors.reading` and `doors.writing` each yield a `Db` for one transaction; `reads`,
`facts`, `writes`, `bulk` and `dump` take it and speak plain SQL, so the daily commands never
import SQLAlchemy on a current SQLite store. `alchemy` creates, upgrades and opens any store
(and is the door to PostgreSQL); `rules` checks every field; `models` and `migrations/` are
the schema.
"""
