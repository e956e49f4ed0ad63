"""One table of every benchmark's headline figures, read from the JSON each one writes.

`make bench` runs every benchmark in benchmarks/ with its defaults (adversarial.py with
a shorter sweep: see the Makefile) -- each writing its headline figures (figure, value,
peer, peer's value, ratio, goal) to NAME.json when it takes --summary-json, its output
to NAME.log and its exit status to NAME.rc in one folder -- then runs
`python benchmarks/summary.py FOLDER`, which prints them as one table.  A benchmark that cannot run here (no Chromium, no scorer...) says why and is
marked skipped; one that failed is marked FAILED, and then this script exits 1 (after
the table), so `make bench` fails.  Scripts that write no JSON are listed with the last
line of their output.  The benchmarks import :func:`add_option`, :func:`write` and
:func:`skip` from here.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TypedDict

# Helpers, not benchmarks: `make bench` does not run them.
NOT_BENCHMARKS = ("corpus", "summary")


class Row(TypedDict, total=False):
    """One headline figure: what, how much, against which peer, and the goal if any."""

    figure: str
    value: str
    peer: str
    peer_value: str
    ratio: float  # ours / the peer's, in the figure's own sense (see "figure")
    goal: str
    met: bool


def add_option(parser: argparse.ArgumentParser) -> None:
    """The --summary-json option every benchmark takes."""
    parser.add_argument("--summary-json", metavar="PATH", type=Path,
                        help="also write the headline figures as JSON to PATH "
                             "(read by benchmarks/summary.py; `make bench` passes it)")


def write(path: Path | None, benchmark: str, rows: list[Row], *, status: str = "ok",
          note: str = "") -> None:
    """Write the headline figures of ``benchmark`` to ``path`` (nothing when None)."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"benchmark": benchmark, "status": status, "note": note,
                                "rows": rows}, indent=1, ensure_ascii=False) + "\n",
                    encoding="utf-8")


def skip(path: Path | None, benchmark: str, reason: str) -> None:
    """Say why ``benchmark`` cannot run here, and record it as skipped (not failed)."""
    print(f"{benchmark}: skipped: {reason}")
    write(path, benchmark, [], status="skipped", note=reason)


def rate(value: float, unit: str) -> str:
    """A figure as text with thousands separators and few digits: "148,200 events/s"."""
    if value >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:.3g} {unit}"


# --- the table ---------------------------------------------------------------------------

COLUMNS = ("benchmark", "figure", "value", "peer", "peer value", "ratio", "goal", "status")


def table_rows(folder: Path) -> tuple[list[tuple[str, ...]], bool]:
    """The table's rows from the NAME.json/.rc/.log files of ``folder``, and whether any
    benchmark failed."""
    names = sorted({p.stem for p in folder.iterdir() if p.suffix in (".json", ".rc")})
    rows: list[tuple[str, ...]] = []
    failed = False
    for name in names:
        code = _exit_status(folder / f"{name}.rc")
        data = _load(folder / f"{name}.json")
        if code not in (None, 0):
            failed = True
            rows.append((name, _last_line(folder / f"{name}.log"), "", "", "", "", "",
                         f"FAILED (exit {code})"))
        elif data is None:
            rows.append((name, _last_line(folder / f"{name}.log") or "(no figures written)",
                         "", "", "", "", "", "ran"))
        elif data.get("status") == "skipped":
            rows.append((name, "", "", "", "", "", "", f"skipped: {data.get('note', '')}"))
        else:
            for row in data.get("rows") or [{}]:
                rows.append(_cells(name, row))
    return rows, failed


def _cells(name: str, row: dict[str, Any]) -> tuple[str, ...]:
    ratio = row.get("ratio")
    met = row.get("met")
    status = "" if met is None else ("met" if met else "MISSED")
    return (name, row.get("figure", ""), row.get("value", ""), row.get("peer", ""),
            row.get("peer_value", ""), "" if ratio is None else f"x{ratio:.2f}",
            row.get("goal", ""), status)


def _exit_status(path: Path) -> int | None:
    try:
        return int(path.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def _load(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _last_line(path: Path, width: int = 90) -> str:
    """The last non-blank line a script printed (for scripts that write no JSON)."""
    try:
        lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace")
                 .splitlines() if line.strip()]
    except OSError:
        return ""
    last = lines[-1] if lines else ""
    return last if len(last) <= width else last[:width - 3] + "..."


def format_table(rows: list[tuple[str, ...]]) -> str:
    """Aligned text columns, a rule under the header, the benchmark named once per group."""
    shown, previous = [], None
    for row in rows:
        shown.append(("" if row[0] == previous else row[0], *row[1:]))
        previous = row[0]
    widths = [max(len(str(r[i])) for r in [COLUMNS, *shown]) for i in range(len(COLUMNS))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(COLUMNS, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in shown]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, nargs="?", default=Path("build/bench"),
                        help="where the benchmarks wrote NAME.json/.rc/.log (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"summary: no folder {args.folder} (run `make bench`)", file=sys.stderr)
        return 2
    rows, failed = table_rows(args.folder)
    print(f"\nbenchmark summary ({args.folder}):")
    print(format_table(rows) if rows else "(no benchmark results)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
