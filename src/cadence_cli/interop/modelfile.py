"""The written model as a file (SPEC §8): TOML to keep in git, Markdown to hand to the team.

`model_toml` writes the whole model (tiers with their touchpoints, and each owner's
capacity) by hand, in a fixed order, so the file diffs cleanly; `read_model_toml` reads it
back with the standard library's `tomllib` and checks every field the way the commands do.
`plan_changes` says what applying a file would change, in words, before anything is written.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cadence_cli.core.dates import parse_interval
from cadence_cli.core.model import (
    DEFAULT_CONTACT_MINUTES,
    DEFAULT_TOUCHPOINT_MINUTES,
    Capacity,
    TierModel,
    Touchpoint,
    hours,
    parse_hours,
    parse_workdays,
    workdays_text,
)
from cadence_cli.core.schedule import TierRule
from cadence_cli.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """A whole model: tiers in rank order, then capacities by owner."""

    tiers: tuple[TierModel, ...]
    capacities: tuple[Capacity, ...]


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's (DEL is escaped too)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007F")


def _list(values: Sequence[str]) -> str:
    return "[" + ", ".join(_string(v) for v in values) + "]"


def model_toml(spec: ModelSpec) -> str:
    lines = [
        "# cadence service model: `cadence model apply FILE` makes a book follow it.",
        "# Each tier: how often (every), when it turns reactive, minutes per contact, and",
        "# its touchpoints. Capacity: hours a week each owner has for the model.",
    ]
    for tier in spec.tiers:
        rule = tier.rule
        lines += [
            "",
            "[[tier]]",
            f"name = {_string(rule.name)}",
            f"rank = {rule.rank}",
            f"every = {_string(str(rule.every))}",
            f"reactive_after = {_string(str(rule.reactive_after))}",
            f"minutes = {tier.minutes}",
            f"description = {_string(tier.description)}",
        ]
        for point in tier.touchpoints:
            lines += [
                "",
                "[[tier.touchpoint]]",
                f"name = {_string(point.name)}",
                f"every = {_string(str(point.every))}",
                f"channels = {_list(point.channels)}",
                f"minutes = {point.minutes}",
                f"attempt_counts = {'true' if point.attempt_counts else 'false'}",
            ]
    for capacity in spec.capacities:
        lines += [
            "",
            "[[capacity]]",
            f"owner = {_string(capacity.owner)}",
            f"hours = {_string(hours(capacity.minutes_per_week) + 'h')}",
            f"workdays = {_string(workdays_text(capacity.workdays))}",
        ]
    return "\n".join(lines) + "\n"


def model_markdown(spec: ModelSpec) -> str:
    """The model for people: one section per tier, then who has how many hours."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["# Our service model", ""]
    for tier in spec.tiers:
        rule = tier.rule
        lines += [
            f"## Tier {cell(rule.name)}",
            "",
            *([cell(tier.description), ""] if tier.description else []),
            f"- Contact every {rule.every.describe()} ({tier.minutes} min each); reactive "
            f"{rule.reactive_after.describe()} after that.",
        ]
        if tier.touchpoints:
            lines += ["", "| Touchpoint | Every | By | Minutes | Attempt counts |"]
            lines.append("|---|---|---|---|---|")
            for p in tier.touchpoints:
                lines.append(
                    f"| {cell(p.name)} | {p.every.describe()} | {', '.join(p.channels)} | "
                    f"{p.minutes} | {'yes' if p.attempt_counts else 'no'} |"
                )
        lines.append("")
    if spec.capacities:
        lines += ["## Capacity", "", "| Owner | Hours a week | Works |", "|---|---|---|"]
        for c in spec.capacities:
            lines.append(
                f"| {cell(c.owner)} | {hours(c.minutes_per_week)} | {workdays_text(c.workdays)} |"
            )
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Reading


def read_model_toml(text: str, *, source: str) -> ModelSpec:
    """A model file, checked; an error names the file and the place."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(f"{source} is not valid TOML: {error}") from None
    unknown = set(data) - {"tier", "capacity"}
    if unknown:
        raise InvalidInput(
            f"{source}: unknown section {sorted(unknown)[0]!r}",
            hint="use [[tier]] and [[capacity]]",
        )
    tiers = [
        _tier(entry, f"{source}: tier {i + 1}")
        for i, entry in enumerate(_tables(data, "tier", source))
    ]
    if not tiers:
        raise InvalidInput(f"{source} defines no tier", hint="a model needs at least one [[tier]]")
    names = [t.rule.name.casefold() for t in tiers]
    if len(set(names)) != len(names):
        raise InvalidInput(f"{source} defines a tier twice")
    capacities = [
        _capacity(entry, f"{source}: capacity {i + 1}")
        for i, entry in enumerate(_tables(data, "capacity", source))
    ]
    owners = [c.owner.casefold() for c in capacities]
    if len(set(owners)) != len(owners):
        raise InvalidInput(f"{source} gives an owner's capacity twice")
    return ModelSpec(
        tuple(sorted(tiers, key=lambda t: (t.rule.rank, t.rule.name.casefold()))), tuple(capacities)
    )


def _tables(data: dict[str, Any], key: str, source: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise InvalidInput(f"{source}: {key} must be an array of tables ([[{key}]])")
    return value


def _field(entry: dict[str, Any], key: str, kind: type, where: str, default: Any = None) -> Any:
    if key not in entry:
        if default is None:
            raise InvalidInput(f"{where}: missing {key}")
        return default
    value = entry[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise InvalidInput(f"{where}: {key} must be a {kind.__name__}")
    return value


def _known(entry: dict[str, Any], keys: set[str], where: str) -> None:
    unknown = set(entry) - keys
    if unknown:
        raise InvalidInput(f"{where}: unknown key {sorted(unknown)[0]!r}")


def _tier(entry: dict[str, Any], where: str) -> TierModel:
    _known(
        entry,
        {"name", "rank", "every", "reactive_after", "minutes", "description", "touchpoint"},
        where,
    )
    name = _field(entry, "name", str, where)
    rank = _field(entry, "rank", int, where)
    if rank < 1:
        raise InvalidInput(f"{where}: rank must be 1 or more")
    rule = TierRule(
        name,
        rank,
        parse_interval(_field(entry, "every", str, where)),
        parse_interval(_field(entry, "reactive_after", str, where)),
    )
    points = entry.get("touchpoint", [])
    if not isinstance(points, list) or not all(isinstance(p, dict) for p in points):
        raise InvalidInput(f"{where}: touchpoint must be an array of tables")
    touchpoints = tuple(
        sorted(
            (_touchpoint(p, f"{where} ({name}), touchpoint {i + 1}") for i, p in enumerate(points)),
            key=lambda p: p.name.casefold(),
        )
    )
    keys = [p.name.casefold() for p in touchpoints]
    if len(set(keys)) != len(keys):
        raise InvalidInput(f"{where} ({name}): a touchpoint name is used twice")
    return TierModel(
        tier_id=0,
        rule=rule,
        minutes=_field(entry, "minutes", int, where, DEFAULT_CONTACT_MINUTES),
        description=_field(entry, "description", str, where, ""),
        touchpoints=touchpoints,
    )


def _touchpoint(entry: dict[str, Any], where: str) -> Touchpoint:
    _known(entry, {"name", "every", "channels", "minutes", "attempt_counts"}, where)
    channels = _field(entry, "channels", list, where)
    if not all(isinstance(c, str) for c in channels):
        raise InvalidInput(f"{where}: channels must be a list of strings")
    return Touchpoint(
        name=_field(entry, "name", str, where),
        every=parse_interval(_field(entry, "every", str, where)),
        channels=tuple(channels),
        minutes=_field(entry, "minutes", int, where, DEFAULT_TOUCHPOINT_MINUTES),
        attempt_counts=_field(entry, "attempt_counts", bool, where, False),
    )


def _capacity(entry: dict[str, Any], where: str) -> Capacity:
    _known(entry, {"owner", "hours", "workdays"}, where)
    raw = entry.get("hours")
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise InvalidInput(f'{where}: hours must be like "20h"')
    return Capacity(
        owner=_field(entry, "owner", str, where),
        minutes_per_week=parse_hours(str(raw)),
        workdays=parse_workdays(_field(entry, "workdays", str, where, "mon-fri")),
    )


# ---------------------------------------------------------------------------------------------
# What applying would change


def plan_changes(current: ModelSpec, wanted: ModelSpec) -> list[str]:
    """Each change applying `wanted` over `current` makes, in words, in the order applied."""
    changes: list[str] = []
    have = {t.rule.name.casefold(): t for t in current.tiers}
    for tier in wanted.tiers:
        old = have.get(tier.rule.name.casefold())
        rule = tier.rule
        if old is None:
            changes.append(
                f"add tier {rule.name}: every {rule.every}, reactive after {rule.reactive_after}"
            )
        else:
            diffs = [
                f"{label} {a} → {b}"
                for label, a, b in [
                    ("rank", old.rule.rank, rule.rank),
                    ("every", old.rule.every, rule.every),
                    ("reactive after", old.rule.reactive_after, rule.reactive_after),
                    ("minutes", old.minutes, tier.minutes),
                ]
                if str(a) != str(b)
            ]
            if old.description != tier.description:
                diffs.append("description")
            if diffs:
                changes.append(f"change tier {rule.name}: {'; '.join(diffs)}")
        points = {p.name.casefold(): p for p in (old.touchpoints if old else ())}
        for point in tier.touchpoints:
            before = points.pop(point.name.casefold(), None)
            if before is None:
                changes.append(
                    f"add touchpoint {rule.name} {point.name!r}: every {point.every} "
                    f"by {','.join(point.channels)}"
                )
            elif before != point:
                changes.append(f"change touchpoint {rule.name} {point.name!r}")
        changes.extend(f"remove touchpoint {rule.name} {p.name!r}" for p in points.values())
    wanted_names = {t.rule.name.casefold() for t in wanted.tiers}
    changes.extend(
        f"remove tier {t.rule.name}"
        for t in current.tiers
        if t.rule.name.casefold() not in wanted_names
    )
    caps = {c.owner.casefold(): c for c in current.capacities}
    for capacity in wanted.capacities:
        before_cap = caps.pop(capacity.owner.casefold(), None)
        if before_cap is None or (before_cap.minutes_per_week, before_cap.workdays) != (
            capacity.minutes_per_week,
            capacity.workdays,
        ):
            changes.append(
                f"set capacity {capacity.owner}: {hours(capacity.minutes_per_week)} h a week, "
                f"{workdays_text(capacity.workdays)}"
            )
    changes.extend(f"remove capacity {c.owner}" for c in caps.values())
    return changes
