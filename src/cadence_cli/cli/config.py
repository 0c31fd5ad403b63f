"""`cadence config …`: the settings file, shown and changed without opening an editor."""

from __future__ import annotations

from typing import Annotated

import typer

from cadence_cli.cli._app import config_app, one_line
from cadence_cli.cli._config import KEYS

KeyArg = Annotated[
    str,
    typer.Argument(
        help="; ".join(f"{key}: {what}" for key, what in KEYS.items()) + ".",
        autocompletion=lambda incomplete: [k for k in KEYS if k.startswith(incomplete)],
        show_default=False,
    ),
]


@config_app.command("path")
def path() -> None:
    """Print where the config file is (it may not exist yet; CADENCE_CONFIG moves it).

    Example:

        cadence config path
    """
    from cadence_cli.cli._config import config_path

    print(one_line(str(config_path())))


@config_app.command("show")
def show() -> None:
    """Every setting, its value and where it comes from (a flag still wins over all).

    Example:

        cadence config show
    """
    from cadence_cli.cli._config import config_path, load_config, settings

    where = config_path()
    found = settings(load_config(where))
    print(one_line(f"config file: {where}" + ("" if where.exists() else " (not created yet)")))
    width = max(len(s.key) for s in found)
    for item in found:
        value = "(everyone)" if item.value is None else one_line(str(item.value))
        print(f"{item.key:<{width}}  {value}  ({item.source})")


@config_app.command("set")
def set_key(
    key: KeyArg,
    value: Annotated[str, typer.Argument(help="The new value.", show_default=False)],
) -> None:
    """Set KEY to VALUE in the config file (created if need be).

    Example:

        cadence config set horizon 14d
    """
    from cadence_cli.cli._config import check_value, config_path, load_config, save_config

    where = config_path()
    values = load_config(where)
    values[key.strip().lower()] = check_value(
        key.strip().lower(), value, where="for `cadence config set`"
    )
    save_config(values, where)
    print(one_line(f"Set {key.strip().lower()} = {value.strip()} in {where}."))


@config_app.command("unset")
def unset_key(key: KeyArg) -> None:
    """Remove KEY from the config file: the environment or the default applies again.

    Example:

        cadence config unset owner
    """
    from cadence_cli.cli._config import config_path, load_config, save_config, unknown_key

    name = key.strip().lower()
    if name not in KEYS:
        raise unknown_key(name, "for `cadence config unset`")
    where = config_path()
    values = load_config(where)
    if name not in values:
        print(one_line(f"{name} is not set in {where}."))
        return
    del values[name]
    save_config(values, where)
    print(one_line(f"Unset {name} in {where}."))
