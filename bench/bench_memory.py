"""Peak memory (and wall time) of `mapper match`, `join` and `validate` on a big testimony file.

Each command runs as its own process, end to end as a researcher runs it (read, match,
count, write every output, record the manifest), under GNU time (``/usr/bin/time -v``:
"Maximum resident set size"); without GNU time, ``ru_maxrss`` of a fresh child process.

    python bench/make_testimonies.py -n 2000000 -o /tmp/testimonies_2M_SYNTHETIC.csv
    python bench/bench_memory.py /tmp/testimonies_2M_SYNTHETIC.csv

Not a test: the figures depend on the machine and its load. Results go in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GNU_TIME = "/usr/bin/time"


def peak(cmd: list[str]) -> tuple[float, float, int]:
    """(peak resident MB, wall seconds, exit status) of one command."""
    t = time.perf_counter()
    if shutil.which(GNU_TIME):
        res = subprocess.run([GNU_TIME, "-v", *cmd], capture_output=True, text=True,
                             cwd=ROOT)
        wall = time.perf_counter() - t
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", res.stderr)
        return (int(m.group(1)) / 1024 if m else float("nan")), wall, res.returncode
    # a fresh Python parent per command, so ru_maxrss of its children is this command's
    probe = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
             "sys.exit(r.returncode)")
    res = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True,
                         text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    last = res.stdout.strip().splitlines()[-1:] or ["nan"]
    return float(last[0]) / 1024, wall, res.returncode


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", type=Path)
    args = ap.parse_args(argv)
    mapper = [sys.executable, "-m", "mapper.cli"]
    with open(args.file, "rb") as fh:
        rows = sum(1 for _ in fh) - 1
    print(f"{args.file.name}: {rows:,} rows, {args.file.stat().st_size / 1e6:.0f} MB; "
          f"load average {os.getloadavg()[0]:.1f}; "
          f"self ru_maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        for name, cmd in (
            ("match", [*mapper, "match", str(args.file), "-o", f"{tmp}/matched.csv"]),
            ("join", [*mapper, "join", str(args.file), "-o", f"{tmp}/joined.geojson"]),
            ("validate", [*mapper, "validate", str(args.file)]),
        ):
            mb, wall, code = peak(cmd)
            ok = code == 0 or (name == "validate" and code == 1)  # 1: problems listed
            status = "" if ok else f"  (exit status {code}!)"
            print(f"  mapper {name:8s}  peak {mb:7.0f} MB   {wall:6.1f} s{status}")


if __name__ == "__main__":
    main()
