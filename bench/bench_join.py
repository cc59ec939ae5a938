"""Benchmark `mapper join` on a 1,000,000-row synthetic testimony file.

Times, in one run:
1. reading the CSV (`mapper.join.read_testimonies`, i.e. `mapper.io.read_table`);
2. the join (`mapper.join.join_testimonies`: matching, counts, flows, regions, report);
3. writing the outputs (`mapper.join.write_join`);
4. the straightforward approach on a sample: fuzzy-match each row's reference against
   every facility name and alias with rapidfuzz (``process.extractOne``, WRatio), no
   caching, no parsing — and extrapolates it per row;
and reports the per-row ratio and the peak memory (``ru_maxrss``).

    python bench/make_testimonies.py -n 1000000 -o /tmp/testimonies_1000000_SYNTHETIC.csv
    python bench/bench_join.py /tmp/testimonies_1000000_SYNTHETIC.csv

Not a test: the figures depend on the machine. Results go in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from mapper.join import join_testimonies, read_testimonies, write_join  # noqa: E402
from mapper.layer import load_facilities  # noqa: E402
from mapper.match.matcher import _as_list  # noqa: E402


def straightforward(refs: list[str], layer) -> float:
    """Seconds per row of the naive approach: each reference against every name."""
    choices, owners = [], []
    for rec in layer.to_dict("records"):
        for col in ("name_en", "name_uk", "name_ru"):
            if rec.get(col):
                choices.append(rec[col])
                owners.append(rec["id"])
        for alias in _as_list(rec.get("aliases")):
            choices.append(alias)
            owners.append(rec["id"])
    t = time.perf_counter()
    for ref in refs:
        process.extractOne(ref, choices, scorer=fuzz.WRatio, processor=str.lower)
    return (time.perf_counter() - t) / len(refs)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--sample", type=int, default=2000,
                    help="rows for the straightforward approach (default 2000)")
    args = ap.parse_args(argv)

    layer = load_facilities()
    t0 = time.perf_counter()
    df = read_testimonies(args.file)
    t_read = time.perf_counter() - t0
    mem_read = peak_mb()

    t1 = time.perf_counter()
    res = join_testimonies(layer, df)
    t_join = time.perf_counter() - t1
    with tempfile.TemporaryDirectory() as tmp:
        t2 = time.perf_counter()
        write_join(res, Path(tmp) / "joined.geojson")
        t_write = time.perf_counter() - t2
    n = len(df)
    uniques = df["facility"].nunique()
    route_stops = int((df["route"] != "").sum()) if "route" in df.columns else 0

    sample = df["facility"].sample(n=min(args.sample, n), random_state=1).tolist()
    per_row_naive = straightforward(sample, layer)
    per_row_join = t_join / n
    per_row_total = (t_read + t_join + t_write) / n
    c = res.counts
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    print(f"rows: {n:,}  distinct references: {uniques:,}  rows with a route: {route_stops:,}")
    print(f"counts: {c}")
    print(f"read CSV              {t_read:8.2f} s   (peak memory so far {mem_read:,.0f} MB)")
    print(f"join (match+count)    {t_join:8.2f} s   {per_row_join * 1e6:8.2f} µs/row")
    print(f"write outputs         {t_write:8.2f} s")
    print(f"end to end            {t_read + t_join + t_write:8.2f} s   "
          f"{per_row_total * 1e6:8.2f} µs/row")
    print(f"straightforward       {per_row_naive * 1e6:8.2f} µs/row on {len(sample):,} rows "
          f"→ {per_row_naive * n:,.0f} s extrapolated to {n:,} rows")
    print(f"ratio (join)          {per_row_naive / per_row_join:8.0f}× faster per row")
    print(f"ratio (end to end)    {per_row_naive / per_row_total:8.0f}× faster per row")
    print(f"peak memory           {peak_mb():8,.0f} MB (ru_maxrss)")


if __name__ == "__main__":
    main()
