"""Merge reviewed candidate rows into the facility registry (`geo/registry.csv`).

A research pass delivers candidates in the registry's columns plus ``evidence`` and
``duplicate_of`` (the format of ``shared/data/candidates_round2.csv``). A reviewer checks
each row against its source and writes one line per candidate in a *decisions* CSV:

    candidate_id  the candidate's ``id``
    decision      ``add`` (a new facility), ``merge`` (into ``duplicate_of`` or ``id``) or
                  ``reject``
    id            the registry id to write (default: the candidate id for ``add``, its
                  ``duplicate_of`` for ``merge``); a new id must be new and never reused
    keep_urls     which of the candidate's URLs were checked and stay, space-separated;
                  ``*`` keeps all; empty keeps none
    add_urls      further URLs the reviewer found (space-separated) ...
    add_dates     ... and their dates (``; ``-separated, ``n.d.`` when undated)
    take          for ``merge``: candidate columns that replace the registry's
                  (``address``, ``lat``, ``lon``, ``settlement_en``, ``settlement_local``)
    set           column values the reviewer sets, ``column=value`` separated by `` | ``
    reason        why (copied into the row's notes and into geo/REVIEW.md)

Nothing is merged without a decision: a candidate without a line stops the script, as
does an ``add`` whose id exists or a ``merge`` whose target does not. The result is
checked with `mapper.registry.validate_registry` before anything is written; the
registry is written atomically, sorted by id, in its own column order.

Usage (from the repository root)::

    .venv/bin/python geo/merge_candidates.py CANDIDATES.csv DECISIONS.csv [--dry-run]

Round 2 was merged with ``geo/research/round2_decisions.csv``. A candidate file in the
same format from another research pass (e.g. the i11b branch) is merged the same way:
write its decisions file, run the script, then ``mapper build``.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mapper import schema  # noqa: E402
from mapper.io import write_text  # noqa: E402
from mapper.registry import (  # noqa: E402
    split_dates,
    split_urls,
    validate_registry,
)

TAKE_ALLOWED = ("address", "lat", "lon", "settlement_en", "settlement_local", "name_uk",
                "name_ru")
DECISIONS = ("add", "merge", "reject")


class MergeError(Exception):
    """A candidate or decision that cannot be applied; the message says which and why."""


def _pairs(urls: str, dates: str, where: str) -> list[tuple[str, str]]:
    u, d = split_urls(urls), split_dates(dates)
    if len(u) != len(d):
        raise MergeError(f"{where}: {len(u)} URLs but {len(d)} dates")
    return list(zip(u, d, strict=True))


def _settings(text: str, where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in (p.strip() for p in (text or "").split(" | ")):
        if not part:
            continue
        if "=" not in part:
            raise MergeError(f"{where}: 'set' entry '{part}' is not column=value")
        col, value = part.split("=", 1)
        col = col.strip()
        if col not in schema.REGISTRY_COLUMNS and col not in schema.REGISTRY_OPTIONAL:
            raise MergeError(f"{where}: 'set' names unknown column '{col}'")
        out[col] = value.strip()
    return out


def merge(registry: list[dict], candidates: list[dict], decisions: list[dict]) -> tuple[
        list[dict], dict[str, list[str]]]:
    """Apply the decisions; return the new registry rows and the ids per decision.

    Raises `MergeError` naming the candidate and the problem.
    """
    by_id = {r["id"]: dict(r) for r in registry}
    cand = {c["id"]: c for c in candidates}
    done: dict[str, list[str]] = {k: [] for k in DECISIONS}
    seen: set[str] = set()
    for dec in decisions:
        cid = dec["candidate_id"]
        where = f"decision for candidate '{cid}'"
        if cid not in cand:
            raise MergeError(f"{where}: no such candidate")
        if cid in seen:
            raise MergeError(f"{where}: decided twice")
        seen.add(cid)
        c, kind = cand[cid], dec["decision"].strip()
        if kind not in DECISIONS:
            raise MergeError(f"{where}: decision '{kind}' is not one of {DECISIONS}")
        if kind == "reject":
            done["reject"].append(cid)
            continue
        keep = dec.get("keep_urls", "").strip()
        pairs = _pairs(c["source_urls"], c["source_dates"], f"candidate '{cid}'")
        if keep != "*":
            wanted = set(split_urls(keep))
            unknown = wanted - {u for u, _ in pairs}
            if unknown:
                raise MergeError(f"{where}: keep_urls lists URLs the candidate does not "
                                 f"have: {sorted(unknown)}")
            pairs = [(u, d) for u, d in pairs if u in wanted]
        pairs += _pairs(dec.get("add_urls", ""), dec.get("add_dates", ""), where)
        if not pairs:
            raise MergeError(f"{where}: no source left; a facility needs one")
        sets = _settings(dec.get("set", ""), where)
        reason = dec.get("reason", "").strip()
        if kind == "add":
            fid = dec.get("id", "").strip() or cid
            if fid in by_id:
                raise MergeError(f"{where}: id '{fid}' already exists; ids are never reused")
            retired = {f.strip() for r in by_id.values()
                       for f in (r.get("former_ids") or "").split(";") if f.strip()}
            if fid in retired:
                raise MergeError(f"{where}: id '{fid}' was used before (it is in a row's "
                                 "former_ids); ids are never reused")
            row = {col: c.get(col, "") for col in schema.REGISTRY_COLUMNS}
            row["id"] = fid
            row["source_urls"] = " ".join(u for u, _ in pairs)
            row["source_dates"] = "; ".join(d for _, d in pairs)
            row["notes"] = "; ".join(x for x in (c.get("notes", ""), reason) if x)
            row.update(sets)
            by_id[fid] = row
            done["add"].append(fid)
        else:
            fid = dec.get("id", "").strip() or c.get("duplicate_of", "")
            if fid not in by_id:
                raise MergeError(f"{where}: merge target '{fid}' is not in the registry")
            row = by_id[fid]
            old = _pairs(row["source_urls"], row["source_dates"], f"registry row '{fid}'")
            have = {u for u, _ in old}
            old += [(u, d) for u, d in pairs if u not in have]
            row["source_urls"] = " ".join(u for u, _ in old)
            row["source_dates"] = "; ".join(d for _, d in old)
            for col in (t.strip() for t in dec.get("take", "").split(",") if t.strip()):
                if col not in TAKE_ALLOWED:
                    raise MergeError(f"{where}: cannot take column '{col}' "
                                     f"(allowed: {', '.join(TAKE_ALLOWED)})")
                row[col] = c.get(col, "")
            row.update(sets)
            if reason:
                row["notes"] = "; ".join(x for x in (row.get("notes", ""),
                                                     f"round 2: {reason}") if x)
            done["merge"].append(fid)
    missing = sorted(set(cand) - seen)
    if missing:
        raise MergeError(f"{len(missing)} candidate(s) have no decision: {missing}; "
                         "every candidate must be added, merged or rejected")
    return sorted(by_id.values(), key=lambda r: r["id"]), done


def source_rows(candidates: list[dict], rows: list[dict], known: set[str]) -> list[dict]:
    """geo/sources.csv rows for titles/publishers a candidate file carries.

    A candidate file may add ``source_titles`` and ``source_publishers`` (``; ``-separated,
    aligned with ``source_urls``; round 3's format). For each URL now cited by the registry
    and not yet in sources.csv (``known``), a row with what the candidate says; an empty
    slot, or a publisher marked "(publisher from domain)", stays empty.
    """
    cited = {u for r in rows for u in split_urls(r.get("source_urls", ""))}
    out: dict[str, dict] = {}
    for c in candidates:
        urls = split_urls(c.get("source_urls", ""))
        titles = [t.strip() for t in (c.get("source_titles") or "").split(";")]
        pubs = [t.strip() for t in (c.get("source_publishers") or "").split(";")]
        if len(titles) != len(urls):
            titles = [""] * len(urls)
        if len(pubs) != len(urls):
            pubs = [""] * len(urls)
        for url, title, pub in zip(urls, titles, pubs, strict=True):
            if "from domain" in pub:
                pub = ""
            if url in cited and url not in known and url not in out and (title or pub):
                out[url] = {"url": url, "publisher": pub, "title": title,
                            "retrieved_from": "", "note": f"from candidate {c['id']}"}
    return list(out.values())


def registry_text(rows: list[dict], columns: list[str]) -> str:
    """The registry as CSV text: UTF-8, ``\\n`` line ends, the given column order."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="raise")
    w.writeheader()
    for r in rows:
        w.writerow({c: r.get(c, "") for c in columns})
    return buf.getvalue()


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def main(argv: list[str] | None = None) -> int:
    """Command line: merge CANDIDATES with DECISIONS into the registry."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("candidates", type=Path)
    ap.add_argument("decisions", type=Path)
    ap.add_argument("--registry", type=Path, default=ROOT / "geo" / "registry.csv")
    ap.add_argument("--sources", type=Path, default=ROOT / "geo" / "sources.csv",
                    help="where titles/publishers the candidates carry are appended")
    ap.add_argument("--dry-run", action="store_true", help="Check, print, write nothing.")
    args = ap.parse_args(argv)
    reg_rows = _read(args.registry)
    candidates = _read(args.candidates)
    columns = list(reg_rows[0].keys()) if reg_rows else list(schema.REGISTRY_COLUMNS)
    try:
        rows, done = merge(reg_rows, candidates, _read(args.decisions))
    except MergeError as exc:
        print(f"Nothing merged: {exc}", file=sys.stderr)
        return 1
    for extra in sorted({k for r in rows for k in r} - set(columns)):
        columns.append(extra)
    text = registry_text(rows, columns)
    import pandas as pd

    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    df.attrs["path"] = str(args.registry)
    problems = validate_registry(df)
    if problems:
        print(f"Nothing merged: the result has {len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    print(f"added {len(done['add'])}, merged into {len(done['merge'])}, "
          f"rejected {len(done['reject'])}; registry rows: {len(reg_rows)} -> {len(rows)}")
    known = {r["url"] for r in _read(args.sources)} if args.sources.exists() else set()
    new_sources = source_rows(candidates, rows, known)
    print(f"titles/publishers for {len(new_sources)} new source URL(s) -> {args.sources}")
    if not args.dry_run:
        write_text(args.registry, text)
        print(f"Wrote {args.registry}")
        if new_sources:
            fields = ["url", "publisher", "title", "retrieved_from", "note"]
            old = _read(args.sources) if args.sources.exists() else []
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            w.writerows(sorted([*old, *new_sources], key=lambda r: r["url"]))
            write_text(args.sources, buf.getvalue())
            print(f"Wrote {args.sources}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
