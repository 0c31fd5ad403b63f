"""Time whole `cadence` commands the way a user runs them, against the stack's import floor.

One process per run, every case once per round, rounds interleaved so that a busy machine
slows the floor and the commands alike; the table shows medians, the ratio to the floor F
(`python -c "import typer, rich.table, sqlmodel"`, same interpreter, same rounds) and each
command's peak RSS (GNU time's `%M` when installed, else `os.wait4`). Books are built once
by `generate.py` into `benchmarks/.books/` (git-ignored) and rebuilt when the generator changes.

    python benchmarks/run.py            # everything: 10k and 100k books, 7 rounds
    python benchmarks/run.py --quick    # the 10k book only, 3 rounds (a few minutes)

Exit status: 0 when every target is met, 1 when one is missed, 2 when a case failed to run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import generate

HERE = Path(__file__).resolve().parent
BOOKS = HERE / ".books"
RESULTS = HERE / "results"
TODAY = generate.DEFAULT_TODAY
MIB = 1024 * 1024
FLOOR = "import typer, rich.table, sqlmodel"


@dataclass(frozen=True)
class Book:
    label: str
    clients: int
    touches_per_client: int

    @property
    def path(self) -> Path:
        return BOOKS / f"{self.label}.db"


BOOK_10K = Book("10k", 10_000, 10)
BOOK_100K = Book("100k", 100_000, 10)
IMPORT_ROWS = 100_000
RSS_100K_MIB = 250  # issue 17: the peak RSS of every command on the 100k book


@dataclass
class Case:
    """One command line, run once per round; `prepare` returns extra env for one run."""

    name: str
    book: str
    argv: list[str]
    target: float | None = None  # at most this many times F
    rss_mib: float | None = None  # and at most this peak RSS
    wall_s: float | None = None  # or, instead of a multiple of F, at most these seconds
    env: dict[str, str] = field(default_factory=dict)
    prepare: Callable[[int], dict[str, str]] | None = None
    cleanup: Callable[[int], None] | None = None
    expect: Callable[[str], str | None] | None = None  # stdout -> problem, or None
    skipped: str | None = None
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_rss: list[int] = field(default_factory=list)
    failure: str | None = None


# ---------------------------------------------------------------------------------------------
# Books and files


def _generator_digest() -> str:
    return hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:16]


def _fresh(artifact: Path, stamp: dict[str, object]) -> bool:
    """True if `artifact` exists and was made by this generator with these settings."""
    sidecar = artifact.with_name(artifact.name + ".json")
    if not artifact.exists() or not sidecar.exists():
        return False
    try:
        return bool(json.loads(sidecar.read_text()) == stamp)
    except ValueError:
        return False


def _stamp(artifact: Path, stamp: dict[str, object]) -> None:
    artifact.with_name(artifact.name + ".json").write_text(json.dumps(stamp))


def ensure_book(book: Book) -> Path:
    stamp: dict[str, object] = {
        "generator": _generator_digest(),
        "clients": book.clients,
        "touches_per_client": book.touches_per_client,
        "seed": generate.DEFAULT_SEED,
        "today": TODAY.isoformat(),
    }
    if _fresh(book.path, stamp):
        return book.path
    for suffix in ("", "-wal", "-shm", ".json"):
        Path(f"{book.path}{suffix}").unlink(missing_ok=True)
    BOOKS.mkdir(parents=True, exist_ok=True)
    _generate(
        "--clients", str(book.clients),
        "--touches-per-client", str(book.touches_per_client),
        "--out", str(book.path),
    )  # fmt: skip
    _stamp(book.path, stamp)
    return book.path


def ensure_postgres_book(url: str, book: Book) -> str:
    """The 100k book in a scratch PostgreSQL database, rebuilt when the generator changes
    (a stamp beside the SQLite books remembers what the database holds)."""
    stamp: dict[str, object] = {
        "generator": _generator_digest(),
        "clients": book.clients,
        "touches_per_client": book.touches_per_client,
        "seed": generate.DEFAULT_SEED,
        "today": TODAY.isoformat(),
        "url": hashlib.sha256(url.encode()).hexdigest()[:16],
    }
    marker = BOOKS / f"postgres-{book.label}"
    if not _fresh(marker, stamp):
        BOOKS.mkdir(parents=True, exist_ok=True)
        _generate(
            "--clients",
            str(book.clients),
            "--touches-per-client",
            str(book.touches_per_client),
            "--postgres",
            url,
        )
        marker.write_text(url.split("@")[-1] + "\n")
        _stamp(marker, stamp)
    return url


def _generate(*args: str) -> str:
    """Run generate.py in its own process: this one stays small, so that the peak RSS each
    child reports is its own and not inherited from a runner that imported SQLAlchemy."""
    result = subprocess.run(
        [sys.executable, str(HERE / "generate.py"), "--today", TODAY.isoformat(), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"generate.py {' '.join(args)} failed:\n{result.stderr}")
    print(result.stdout.strip(), file=sys.stderr)
    return result.stdout


def ensure_csv(rows: int) -> Path:
    path = BOOKS / f"import-{rows // 1000}k.csv"
    stamp: dict[str, object] = {"generator": _generator_digest(), "rows": rows}
    if not _fresh(path, stamp):
        _generate("--clients", str(rows), "--csv", str(path))
        _stamp(path, stamp)
    return path


# ---------------------------------------------------------------------------------------------
# Running one process


def _gnu_time() -> str | None:
    """GNU time, if installed: it reports the command's own peak RSS (see `run_once`)."""
    path = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    if path is None:
        return None
    probe = subprocess.run([path, "-f", "%M", "true"], capture_output=True, text=True, check=False)
    return path if probe.returncode == 0 and probe.stderr.strip().isdigit() else None


GNU_TIME = _gnu_time()


def run_once(case: Case, base_env: dict[str, str], round_no: int) -> None:
    """One run: wall time around the process, CPU from `wait4`, peak RSS of the command.

    Linux charges a child with its parent's peak RSS when it execs, so the RSS `wait4` gives
    for a child of this runner is at least the runner's own. GNU time is a small C program:
    its `%M` for the command it starts is the command's own figure.
    """
    env = {**base_env, **case.env}
    if case.prepare is not None:
        env.update(case.prepare(round_no))
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r") as rss,
    ):
        argv = case.argv if GNU_TIME is None else [GNU_TIME, "-f", "%M", "-o", rss.name, *case.argv]
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        reported = rss.read().strip().splitlines()
    if case.cleanup is not None:
        case.cleanup(round_no)
    if proc.returncode != 0:
        detail = (stderr.strip().splitlines() or ["(no message)"])[-1]
        case.failure = f"exit {proc.returncode}: {detail[:150]}"
        return
    problem = case.expect(stdout) if case.expect is not None else None
    if problem is not None:
        case.failure = problem
        return
    if round_no >= 0:  # round -1 warms caches and is not counted
        case.seconds.append(elapsed)
        case.cpu.append(usage.ru_utime + usage.ru_stime)
        kib = int(reported[-1]) if reported and reported[-1].isdigit() else usage.ru_maxrss
        case.peak_rss.append(kib * 1024)


def available(cadence: list[str], command: str, env: dict[str, str]) -> bool:
    """Whether this cadence has `command` (some are still being written)."""
    result = subprocess.run(
        [*cadence, command, "--help"], env=env, capture_output=True, text=True, check=False
    )
    return result.returncode == 0


# ---------------------------------------------------------------------------------------------
# The cases


def _non_empty(stdout: str) -> str | None:
    return None if stdout.strip() else "printed nothing"


def _number(stdout: str) -> str | None:
    return None if stdout.strip().split()[0].isdigit() else f"not a count: {stdout[:60]!r}"


def _calendar(stdout: str) -> str | None:
    whole = stdout.startswith("BEGIN:VCALENDAR") and stdout.endswith("END:VCALENDAR\r\n")
    return None if whole and stdout.count("BEGIN:VEVENT") > 100_000 else "not a whole calendar"


def _names(stdout: str) -> str | None:
    names = [line.strip().strip("'\"") for line in stdout.splitlines() if line.strip()]
    found = names and all(n.casefold().startswith("mar") for n in names)
    return None if found else "no client names"


def build_cases(args: argparse.Namespace, work: Path, env: dict[str, str]) -> list[Case]:
    python = sys.executable
    script = Path(python).with_name("cadence")
    if not script.exists():
        raise SystemExit(f"no `cadence` next to {python}: pip install -e . first")
    cadence = [str(script)]
    book10 = str(ensure_book(BOOK_10K))
    big = not args.quick
    book100 = str(ensure_book(BOOK_100K)) if big else ""
    quick_skip = None if big else "skipped (--quick)"

    def on(book: str) -> dict[str, str]:
        return {"CADENCE_DB": book}

    cases = [
        Case("floor F: import typer, rich.table, sqlmodel", "-", [python, "-c", FLOOR]),
        Case("cadence --help", "-", [*cadence, "--help"], 0.4, expect=_non_empty),
        Case("cadence --version", "-", [*cadence, "--version"], 0.4, expect=_non_empty),
        Case(
            "complete a client name (log mar<TAB>)",
            "10k",
            cadence,
            0.5,
            env={
                **on(book10),
                "_CADENCE_COMPLETE": "complete_bash",
                "COMP_WORDS": "cadence log mar",
                "COMP_CWORD": "2",
            },
            expect=_names,
        ),
        Case(
            "cadence due --count",
            "10k",
            [*cadence, "due", "--count"],
            1.3,
            env=on(book10),
            expect=_number,
        ),
        Case("cadence due", "10k", [*cadence, "due"], 1.3, env=on(book10), expect=_non_empty),
        Case(
            "cadence due --limit 50",
            "10k",
            [*cadence, "due", "--limit", "50"],
            None,
            env=on(book10),
            expect=_non_empty,
        ),
    ]
    log10 = work / "log-10k.db"
    with sqlite3.connect(book10) as source, sqlite3.connect(log10) as copy:
        source.backup(copy)
    copy.close()
    source.close()
    cases += [
        Case(
            'cadence log "#1" --note x',
            "10k",
            [*cadence, "log", "#1", "--note", "x"],
            env=on(str(log10)),
            expect=_non_empty,
        ),
        Case(
            'cadence show "#1"', "10k", [*cadence, "show", "#1"], env=on(book10), expect=_non_empty
        ),
        Case(
            "cadence clients --tier A",
            "10k",
            [*cadence, "clients", "--tier", "A"],
            env=on(book10),
            expect=_non_empty,
        ),
    ]
    log_book = work / "log-100k.db"
    if big:
        with sqlite3.connect(book100) as source, sqlite3.connect(log_book) as copy:
            source.backup(copy)
        copy.close()
        source.close()
    cases += [
        Case(
            "cadence due --count",
            "100k",
            [*cadence, "due", "--count"],
            2.5,
            250,
            env=on(book100),
            expect=_number,
            skipped=quick_skip,
        ),
        Case(
            "cadence due",
            "100k",
            [*cadence, "due"],
            2.5,
            250,
            env=on(book100),
            expect=_non_empty,
            skipped=quick_skip,
        ),
        Case(
            "cadence due --limit 50",
            "100k",
            [*cadence, "due", "--limit", "50"],
            None,
            250,
            env=on(book100),
            expect=_non_empty,
            skipped=quick_skip,
        ),
        Case(
            f'cadence log "{generate.KNOWN_CLIENT}"',
            "100k",
            [*cadence, "log", generate.KNOWN_CLIENT, "--note", "benchmark"],
            1.3,
            env=on(str(log_book)),
            expect=_non_empty,
            skipped=quick_skip,
        ),
    ]
    cases.append(
        # Issue 16: a 100,000-client book's calendar in under 10 s and 300 MiB (42 s and about
        # 1 GB before the export streamed its events).
        Case(
            "cadence export --format ics",
            "100k",
            [*cadence, "export", "--format", "ics"],
            None,
            300,
            wall_s=10.0,
            env=on(book100),
            expect=_calendar,
            skipped=quick_skip,
        )
    )
    has_report = available(cadence, "report", env)
    no_report = None if has_report else "not available: this cadence has no `report` command"
    cases += [
        Case(
            "cadence report --weeks 12",
            "10k",
            [*cadence, "report", "--weeks", "12"],
            2.0,
            env=on(book10),
            expect=_non_empty,
            skipped=no_report,
        ),
        Case(
            "cadence report --weeks 12",
            "100k",
            [*cadence, "report", "--weeks", "12"],
            2.0,
            env=on(book100),
            expect=_non_empty,
            skipped=no_report or quick_skip,
        ),
    ]
    has_import = available(cadence, "import", env)
    csv_path = ensure_csv(IMPORT_ROWS) if big and has_import else None

    def import_store(round_no: int) -> dict[str, str]:
        return {"CADENCE_DB": str(work / f"import-{round_no + 1}.db")}

    def drop_import_store(round_no: int) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work / f'import-{round_no + 1}.db'}{suffix}").unlink(missing_ok=True)

    cases_import = Case(
        f"cadence import ({IMPORT_ROWS // 1000}k-row cadence CSV)",
        "empty",
        [*cadence, "import", str(csv_path), "--format", "csv"],
        40.0,
        prepare=import_store,
        cleanup=drop_import_store,
        skipped=None if has_import else "not available: this cadence has no `import` command",
    )
    cases.append(cases_import)
    if not big:
        cases[-1].skipped = cases[-1].skipped or quick_skip
    cases += postgres_cases(args, cadence, quick_skip)
    for case in cases:  # issue 17: every command on the 100k book within 250 MiB
        if case.book.startswith("100k") or case is cases_import:
            case.rss_mib = min(case.rss_mib or RSS_100K_MIB, RSS_100K_MIB)
    cases += taskwarrior_cases(args, work, book10)
    return cases


def postgres_cases(
    args: argparse.Namespace, cadence: list[str], quick_skip: str | None
) -> list[Case]:
    """Issue 17: the daily commands on the 100k book in a local PostgreSQL server."""
    skipped = quick_skip or (None if args.postgres else "not measured: no --postgres URL")
    url = ensure_postgres_book(args.postgres, BOOK_100K) if not skipped else ""
    on = {"CADENCE_DB": url}
    rows = [
        ("cadence due", ["due"], 2.5, _non_empty),
        (f'cadence log "{generate.KNOWN_CLIENT}"', ["log", generate.KNOWN_CLIENT], 1.5, _non_empty),
        ("cadence report --weeks 12", ["report", "--weeks", "12"], 3.0, _non_empty),
    ]
    return [
        Case(
            name, "100k pg", [*cadence, *argv], target, 250, env=on, expect=expect, skipped=skipped
        )
        for name, argv, target, expect in rows
    ]


def taskwarrior_cases(args: argparse.Namespace, work: Path, book10: str) -> list[Case]:
    """Taskwarrior 2.6 on an equivalent book: one pending task per active client."""
    task = shutil.which("task")
    if args.no_taskwarrior:
        return []
    if task is None:
        return [
            Case(
                "task +OVERDUE count (Taskwarrior)", "10k", [], skipped="taskwarrior not installed"
            )
        ]
    folder = work / "taskwarrior"
    said = _generate("--taskwarrior", str(folder), "--book", book10)
    overdue = int(said.split(": ")[-1].split()[0])
    rc = f"rc:{folder / 'taskrc'}"

    def same_count(stdout: str) -> str | None:
        got = stdout.strip()
        return None if got == str(overdue) else f"counted {got}, cadence counts {overdue}"

    adding = work / "taskwarrior-add"
    shutil.copytree(folder, adding)
    add_rc = adding / "taskrc"
    add_rc.write_text(
        add_rc.read_text(encoding="utf-8").replace(str(folder), str(adding)), encoding="utf-8"
    )
    return [
        Case(
            "task add Call Ada due:tomorrow",
            "10k",
            [task, f"rc:{add_rc}", "add", "Call", "Ada", "due:tomorrow"],
        ),
        Case("task 1 info", "10k", [task, rc, "1", "info"], expect=_non_empty),
        Case(
            "task +tierA list",
            "10k",
            [task, rc, "rc.defaultwidth=120", "+tierA", "list"],
            expect=_non_empty,
        ),
        Case(
            "task +OVERDUE count (Taskwarrior 2.6)",
            "10k",
            [task, rc, "+OVERDUE", "count"],
            expect=same_count,
        ),
        Case(
            "task overdue (Taskwarrior 2.6)",
            "10k",
            [task, rc, "rc.defaultwidth=120", "overdue"],
            expect=_non_empty,
        ),
        Case(
            "task _unique description (completion)",
            "10k",
            [task, rc, "_unique", "description"],
            expect=_non_empty,
        ),
    ]


# ---------------------------------------------------------------------------------------------
# The table


def verdict(case: Case, floor: Case) -> list[str]:
    """The table cells after the command and book; the target judges the wall-clock ratio."""
    if case.skipped:
        return ["-"] * 5 + [case.skipped]
    if case.failure:
        return ["-"] * 5 + [f"ERROR {case.failure}"]
    median = statistics.median(case.seconds)
    ratio = median / statistics.median(floor.seconds)
    cpu_ratio = statistics.median(case.cpu) / statistics.median(floor.cpu)
    rss = max(case.peak_rss) / MIB
    target = "-" if case.target is None else f"≤ {case.target:g}×F"
    if case.wall_s is not None:
        target = f"≤ {case.wall_s:g} s"
    if case.rss_mib is not None:
        target += f", ≤ {case.rss_mib:g} MiB"
    if case.target is None and case.wall_s is None:
        result = "info"
    else:
        misses = []
        if case.target is not None and ratio > case.target:
            misses.append(f"{ratio / case.target - 1:.0%} over")
        if case.wall_s is not None and median > case.wall_s:
            misses.append(f"{median / case.wall_s - 1:.0%} over")
        if case.rss_mib is not None and rss > case.rss_mib:
            misses.append(f"{rss - case.rss_mib:.0f} MiB over")
        result = "MISS (" + ", ".join(misses) + ")" if misses else "PASS"
    return [f"{median:.3f}", f"{ratio:.2f}", f"{cpu_ratio:.2f}", target, f"{rss:.0f}", result]


def table(cases: list[Case], floor: Case) -> str:
    header = ["command", "book", "median s", "× F", "CPU × F", "target", "peak RSS MiB", "result"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for case in cases:
        lines.append("| " + " | ".join([f"`{case.name}`", case.book, *verdict(case, floor)]) + " |")
    return "\n".join(lines)


# Issue 17: each daily command against its Taskwarrior counterpart, on the same 10k book.
PAIRS = [
    ('cadence log "#1" --note x', "task add Call Ada due:tomorrow", 2.5),
    ('cadence show "#1"', "task 1 info", 2.5),
    ("cadence clients --tier A", "task +tierA list", 2.0),
    ("cadence due --count", "task +OVERDUE count (Taskwarrior 2.6)", 1.0),
    ("cadence due", "task overdue (Taskwarrior 2.6)", 1.5),
    ("complete a client name (log mar<TAB>)", "task _unique description (completion)", 1.5),
]


def pairs_table(cases: list[Case]) -> tuple[str, list[str]]:
    """cadence / Taskwarrior medians of the same rounds, against the issue's targets."""
    on_10k = {c.name: c for c in cases if c.book == "10k"}
    header = ["cadence", "median s", "Taskwarrior", "median s", "ratio", "target", "result"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    results = []
    for ours, theirs, target in PAIRS:
        mine, other = on_10k.get(ours), on_10k.get(theirs)
        if mine is None or other is None or not mine.seconds or not other.seconds:
            why = next((c.failure or c.skipped for c in (mine, other) if c is not None), None)
            cells = ["-", f"`{theirs}`", "-", "-", f"≤ {target:g}×"]
            cells.append(f"not measured ({why or 'filtered'})")
        else:
            a, b = statistics.median(mine.seconds), statistics.median(other.seconds)
            result = "PASS" if a / b <= target else f"MISS ({a / b / target - 1:.0%} over)"
            cells = [
                f"{a:.3f}",
                f"`{theirs}`",
                f"{b:.3f}",
                f"{a / b:.2f}",
                f"≤ {target:g}×",
                result,
            ]
        results.append(cells[-1])
        lines.append("| " + " | ".join([f"`{ours}`", *cells]) + " |")
    return "\n".join(lines), results


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.1f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{os.cpu_count()} CPUs ({cpu}){memory}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="the 10k book only, 3 rounds")
    parser.add_argument("--runs", type=int, help="timed rounds (default 7, or 3 with --quick)")
    parser.add_argument(
        "--only", help="run only cases whose name or book, as 'name (book)', contains this text"
    )
    parser.add_argument("--no-taskwarrior", action="store_true", help="skip the Taskwarrior rows")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="also time due, log and report on the 100k book in this scratch PostgreSQL "
        "database (its public schema is replaced), e.g. postgresql+psycopg://u:p@127.0.0.1/bench",
    )
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 7)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CADENCE_", "_CADENCE_", "COMP_", "PYTHON"))
    }
    env.update(
        CADENCE_TODAY=TODAY.isoformat(),
        CADENCE_TZ="Europe/London",
        CADENCE_USER="sam",
        COLUMNS="120",
        CADENCE_DB=str(BOOKS / "none.db"),
        # The code of this checkout, whichever checkout the interpreter was installed from.
        PYTHONPATH=str(HERE.parent / "src"),
    )
    load_before = load()
    with tempfile.TemporaryDirectory(prefix="cadence-bench-") as tmp:
        work = Path(tmp)
        cases = build_cases(args, work, env)
        floor_case = cases[0]
        chosen = [
            c
            for c in cases
            if c is floor_case or not args.only or args.only in f"{c.name} ({c.book})"
        ]
        active = [c for c in chosen if not c.skipped]
        print(f"{len(active)} cases × {runs} rounds (+1 warm-up) on {machine()}", file=sys.stderr)
        for round_no in range(-1, runs):
            for case in active:
                if case.failure is None:
                    run_once(case, env, round_no)
            print(f"  round {round_no + 1}/{runs} done", file=sys.stderr)
    if floor_case.failure:
        print(f"the floor failed to run: {floor_case.failure}", file=sys.stderr)
        return 2
    floor = statistics.median(floor_case.seconds)
    report = (
        f"Machine: {machine()}\n"
        f"Load average before / after: {load_before} / {load()}\n"
        f"CADENCE_TODAY={TODAY.isoformat()}; {runs} rounds; F = {floor:.3f} s "
        f"(CPU {statistics.median(floor_case.cpu):.3f} s)\n\n" + table(chosen, floor_case)
    )
    paired, pair_results = pairs_table(chosen)
    if any(not r.startswith("not measured") for r in pair_results):
        report += "\n\nAgainst Taskwarrior 2.6 (same rounds, 10k book):\n\n" + paired
    print(report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(report + "\n", encoding="utf-8")
    verdicts = [verdict(c, floor_case)[-1] for c in chosen] + pair_results
    if any(v.startswith("ERROR") for v in verdicts):
        return 2
    return 1 if any(v.startswith("MISS") for v in verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
