"""Time and peak memory of the whole pipeline on pathological text, with the fitted exponent.

Each family is generated at growing sizes; every (family, size) runs in a fresh process that
reads the text, extracts events and reports its CPU time and peak RSS (VmHWM). The exponent is
the least-squares slope of log(CPU) over log(size) across the three largest sizes (the small
ones carry the fixed start-up cost; one noisy pair must not decide it): 1.0 is linear. The peer is
a linear baseline of the same run: `str.split` plus one `re.findall` over the same text, whose
cost any extractor pays at least once.

    python benchmarks/adversarial.py                 # every family up to 1 MB (5 MB single line)
    python benchmarks/adversarial.py --max-kb 256    # quicker
    python benchmarks/adversarial.py --family capitals --family years
"""
from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FAMILIES = {
    # a run of capitals after a sentence: invites backtracking in name patterns
    "capitals": lambda n: "Police seized heroin. " + "A" * n,
    # one sentence with many triggers and quantities
    "triggers": lambda n: "Officers " + "seized 1,000,000 kilograms, 2 tons, 3 grams of heroin and " * (n // 57) + "hashish.",
    "years": lambda n: "2008 " * (n // 5),
    "date-mix": lambda n: "On 12 March 2008, 5-10 March, March 3-5, the first nine months of 2008, Q1 2009, FY2010; "
                          * (n // 93),
    "months": lambda n: "January February March April May June July August September October November December "
                        * (n // 84),
    "digits": lambda n: "1-2-3-4-5-6-7-8-9-" * (n // 18),
    "paragraph-numbers": lambda n: "".join(f"{1 + i % 3}. (SBU) Customs officers seized {i} kilos of hashish "
                                           f"at a checkpoint near Taraz in March 2008.\n\n" for i in range(n // 90)),
}
SINGLE_LINE = "single-line"  # 5 MB on one line: words, numbers and names without a line break


def single_line(n: int) -> str:
    unit = "Police in Almaty seized 12 kg of heroin on 3 May 2008 and detained two men; "
    return unit * (n // len(unit))


CHILD = r"""
import json, resource, sys, time
from geoevents.ingest import document_from_text
from geoevents.pipeline import document_events
from geoevents.gazetteer import load_gazetteer
load_gazetteer()
text = sys.stdin.read()
t0 = time.process_time()
if sys.argv[1] == "baseline":
    import re
    words = text.split(); nums = re.findall(r"\d+", text); n = len(words) + len(nums)
else:
    doc = document_from_text(text, "adversarial.txt")
    n = len(document_events(doc))
cpu = time.process_time() - t0
hwm = 0
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        hwm = int(line.split()[1]) * 1024
print(json.dumps({"cpu": cpu, "rss": hwm, "n": n}))
"""


def run(text: str, mode: str, timeout: float) -> dict:
    try:
        p = subprocess.run([sys.executable, "-c", CHILD, mode], input=text, capture_output=True, text=True,
                           timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"cpu": float("inf"), "rss": 0, "n": -1}
    if p.returncode != 0:
        raise SystemExit(f"child failed: {p.stderr.strip().splitlines()[-1:]}")
    return json.loads(p.stdout)


def exponent(points: list[tuple[int, float]]) -> float:
    """The fitted exponent k of time ~ size^k: the least-squares slope of log time on log size
    over the three largest sizes (one noisy pair of runs must not decide it)."""
    points = points[-3:]
    if any(not (math.isfinite(t) and t > 0) for _, t in points):
        return float("inf")
    xs, ys = [math.log(n) for n, _ in points], [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--max-kb", type=int, default=1024, help="largest size of each family (default 1024)")
    ap.add_argument("--single-line-kb", type=int, default=5120, help="size of the single-line family (default 5120)")
    ap.add_argument("--family", action="append", choices=sorted(FAMILIES) + [SINGLE_LINE],
                    help="only these families (repeatable)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per point; the median is kept (default 3)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before a run counts as stalled")
    a = ap.parse_args()

    chosen = a.family or sorted(FAMILIES) + [SINGLE_LINE]
    sizes_kb = [s for s in (64, 128, 256, 512, 1024, 2048) if s <= a.max_kb] or [a.max_kb]
    print(f"{'family':<18} {'size':>8} {'cpu s':>8} {'s/MB':>7} {'peak MB':>8} {'events':>7} "
          f"{'baseline s':>10} {'ratio':>7} {'exp':>5}")
    worst = []
    for family in chosen:
        points = []
        sizes = [a.single_line_kb // 4, a.single_line_kb // 2, a.single_line_kb] if family == SINGLE_LINE else sizes_kb
        for kb in sizes:
            text = single_line(kb * 1024) if family == SINGLE_LINE else FAMILIES[family](kb * 1024)
            runs = [run(text, "pipeline", a.timeout) for _ in range(a.repeat)]
            cpu = statistics.median(r["cpu"] for r in runs)
            base = statistics.median(run(text, "baseline", a.timeout)["cpu"] for _ in range(a.repeat))
            mb = len(text.encode()) / 1e6
            points.append((len(text), cpu))
            exp = exponent(points) if len(points) > 1 else float("nan")
            print(f"{family:<18} {kb:>6}KB {cpu:>8.2f} {cpu / mb:>7.2f} {max(r['rss'] for r in runs) / 1e6:>8.0f} "
                  f"{runs[0]['n']:>7} {base:>10.3f} {cpu / base if base else float('inf'):>7.0f} {exp:>5.2f}",
                  flush=True)
            if not math.isfinite(cpu):
                break
        worst.append((family, points[-1][1] / (points[-1][0] / 1e6), exponent(points) if len(points) > 1 else 1.0))
    print()
    print("summary: family, s/MB at the largest size, exponent (goal: <= 10 s/MB, <= 1.1)")
    for family, per_mb, exp in worst:
        ok = per_mb <= 10 and exp <= 1.1
        print(f"  {family:<18} {per_mb:7.2f} s/MB  exponent {exp:5.2f}  {'ok' if ok else 'OVER'}")


if __name__ == "__main__":
    main()
