from __future__ import annotations

from cadence_cli.cli import main

main()
