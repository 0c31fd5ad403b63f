"""What a TAB press reads: light on purpose.

Completion runs on every TAB press, so this module imports the store's engine alone, not
`reads` and the pure core's records (about a fifth of a TAB press on a 10k book).
"""

from __future__ import annotations

from cadence_cli.store.engine import Db, like_escaped


def names_starting(prefix: str, *, db: Db, limit: int) -> list[str]:
    """Active clients' names whose casefolded form starts with `prefix` (completion).

    SQLite answers a range on the `name_key` index (its LIKE would not use it); PostgreSQL a
    prefix LIKE, as its collation orders strings by locale rules."""
    key = prefix.casefold()
    sql = "SELECT name FROM client WHERE status = 'active'"
    params: dict[str, object] = {"limit": limit}
    if key and db.dialect == "sqlite":
        sql += " AND name_key >= :low AND name_key < :high"
        params.update(low=key, high=key + "\U0010ffff")
    elif key:
        sql += " AND name_key LIKE :pattern ESCAPE '\\'"
        params["pattern"] = like_escaped(key) + "%"
    return [name for (name,) in db.rows(sql + " ORDER BY name_key LIMIT :limit", params)]
