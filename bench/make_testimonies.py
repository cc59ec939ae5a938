"""Generate SYNTHETIC testimony files: the demo file and the 1M-row benchmark input.

Nothing here is real testimony and no row describes a person: there are no names, only a
facility reference written the messy ways people write them (Ukrainian, Russian, English,
transliterations; "№2", "No. 2", "#2", "-2", " 2"; typos; official names; extra words),
a date, a category (pow/civilian), sex and sometimes an ordered route. Every row carries
``synthetic = "SYNTHETIC – not real testimony"``. Seeded, so the output is reproducible:

    python bench/make_testimonies.py --demo            # geo/demo/testimonies_SYNTHETIC.csv
    python bench/make_testimonies.py -n 1000000 -o /tmp/testimonies_1M_SYNTHETIC.csv
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mapper.io import atomic_write  # noqa: E402
from mapper.join import SYNTHETIC_NOTE  # noqa: E402
from mapper.registry import load_registry, split_list  # noqa: E402

#: How people write each kind, by language (uk, ru, en, translit).
KIND_TEXT = {
    "sizo": {"uk": ["СІЗО", "слідчий ізолятор", "СІЗО"], "ru": ["СИЗО", "следственный изолятор",
             "ФКУ СИЗО"], "en": ["SIZO", "pre-trial detention centre", "pretrial detention center"],
             "tr": ["sizo", "SIZO"]},
    "penal_colony": {"uk": ["ВК", "виправна колонія", "колонія"], "ru": ["ИК", "исправительная "
                     "колония", "колония"], "en": ["penal colony", "IK", "colony"],
                     "tr": ["IK", "ik", "koloniya"]},
    "temporary_detention": {"uk": ["ІТТ", "ізолятор тимчасового тримання"], "ru": ["ИВС"],
                            "en": ["IVS", "temporary detention facility"], "tr": ["IVS"]},
    "filtration_site": {"uk": ["фільтрація", "фільтраційний табір"], "ru": ["фильтрационный "
                        "лагерь", "фильтрация"], "en": ["filtration camp", "filtration"],
                        "tr": ["filtratsiya"]},
}
NUMBER_FORMATS = ("-{n}", " №{n}", " № {n}", " No. {n}", " #{n}", " {n}", "{n}", " no {n}")
EXTRA = ("", "", "", "г. ", "м. ", "", "(", "")
#: References to facilities that are NOT in the registry, and near misses: these must come
#: out unmatched (a number or town the registry does not have).
NOT_IN_REGISTRY = ("СИЗО-1 Ярославль", "ИК-2 Ярославль", "SIZO-2 Kursk", "СІЗО №3 Курськ",
                   "ИК-18 Харп", "SIZO-1 Bryansk", "ИК-5 Нижний Тагил", "СИЗО-1 Пенза",
                   "колонія №6 Звєрєво", "СИЗО-3 Краснодар", "IK-4 Salavat", "СІЗО Запоріжжя",
                   "Хрестівка", "СИЗО-2 Тюмень", "невідомо", "unknown", "")
#: References that fit several facilities equally: these must come out ambiguous.
AMBIGUOUS = ("СИЗО Краснодар", "Ізюм", "колонія Макіївка", "Симферополь СИЗО", "Херсон",
             "Salavat colony", "IK-7", "Донецкое СИЗО")
CATEGORIES = ("pow", "pow", "pow", "civilian", "civilian", "військовополонений",
              "цивільний", "POW", "Civilian", "")
SEXES = ("male", "male", "male", "female", "M", "F", "чоловік", "жінка", "")


def _typo(rng: random.Random, text: str) -> str:
    """One keyboard-style slip in a word of four or more letters."""
    words = [m for m in re.finditer(r"[^\W\d_]{5,}", text)]
    if not words:
        return text
    w = rng.choice(words)
    i = rng.randrange(w.start() + 1, w.end() - 1)
    op = rng.choice(("swap", "drop", "double"))
    if op == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if op == "drop":
        return text[:i] + text[i + 1:]
    return text[:i] + text[i] + text[i:]


def _number(fid: str, names: list[str]) -> int | None:
    m = re.search(r"-(?:sizo|ik|colony|liu)-(\d{1,3})$", fid)
    if m:
        return int(m.group(1))
    for n in names:
        m = re.search(r"(?:No\.|№)\s*(\d{1,3})", n)
        if m:
            return int(m.group(1))
    return None


def variants(rec: dict, rng: random.Random, k: int) -> list[str]:
    """``k`` messy references to one facility, in the three languages and translit."""
    fid = rec["id"]
    names = [rec.get(c, "") for c in ("name_en", "name_uk", "name_ru")]
    names = [n for n in names + split_list(rec.get("aliases", "")) if n]
    number = _number(fid, names)
    kinds = KIND_TEXT.get(rec["facility_type"])
    place_en = rec.get("settlement_en") or rec.get("region_en") or ""
    place_local = rec.get("settlement_local") or place_en
    out: list[str] = []
    for _ in range(k):
        r = rng.random()
        if r < 0.35 or not kinds or not place_en:
            text = rng.choice(names)  # a name as a source wrote it
        else:
            lang = rng.choice(("uk", "ru", "en", "tr"))
            kind = rng.choice(kinds[lang])
            place = place_en if lang in ("en", "tr") else place_local
            num = rng.choice(NUMBER_FORMATS).format(n=number) if number is not None else ""
            extra = rng.choice(EXTRA)
            if extra == "(":
                text = f"{kind}{num} ({place})"
            elif rng.random() < 0.5:
                text = f"{kind}{num} {extra}{place}"
            else:
                text = f"{extra}{place}, {kind}{num}"
        r = rng.random()
        if r < 0.12:
            text = _typo(rng, text)
        elif r < 0.22:
            text = text.lower()
        elif r < 0.27:
            text = text.upper()
        elif r < 0.32:
            text = f"  {text} "
        out.append(text)
    return out


def _facilities() -> list[dict]:
    reg = load_registry()
    return reg.to_dict("records")


def generate(n: int, seed: int, *, routes: float = 0.15, pool: int = 40,
             bad: float = 0.06) -> list[dict]:
    """``n`` synthetic rows. Each facility gets ``pool`` reference variants; some
    facilities are referred to far more often (as in real collections)."""
    rng = random.Random(seed)
    recs = _facilities()
    weights = [rng.paretovariate(1.2) for _ in recs]
    for i, rec in enumerate(recs):  # the places most testimonies name
        if rec["id"] in ("ua-donetsk-olenivka-ik-120", "ru-rostov-taganrog-sizo-2",
                         "ru-kursk-kursk-sizo-1", "ru-bryansk-novozybkov-sizo-2",
                         "ru-rostov-kamensk-shakhtinsky-ik-12", "ru-vladimir-pakino-ik-7"):
            weights[i] *= 12
    refs = {rec["id"]: variants(rec, rng, pool) for rec in recs}
    ids = [rec["id"] for rec in recs]
    ru_ids = [r["id"] for r in recs if r["country"] == "RU"]
    rows = []
    chosen = rng.choices(ids, weights=weights, k=n)
    for i in range(n):
        r = rng.random()
        if r < bad * 0.6:
            ref = rng.choice(NOT_IN_REGISTRY)
        elif r < bad:
            ref = rng.choice(AMBIGUOUS)
        else:
            ref = rng.choice(refs[chosen[i]])
        y = rng.choice((2022, 2022, 2022, 2023, 2023, 2024, 2025))
        m, d = rng.randint(1, 12), rng.randint(1, 28)
        fmt = rng.random()
        date = (f"{y}-{m:02d}-{d:02d}" if fmt < 0.6 else f"{d:02d}.{m:02d}.{y}" if fmt < 0.8
                else f"{y}-{m:02d}" if fmt < 0.9 else str(y) if fmt < 0.97 else "")
        route = ""
        if rng.random() < routes and ref and chosen[i] not in ru_ids:
            # held first in occupied Ukraine, then moved to one or two places in Russia
            stops = [ref] + [rng.choice(refs[rng.choice(ru_ids)])
                             for _ in range(rng.choice((1, 1, 2)))]
            route = rng.choice((" > ", " → ", " -> ")).join(s.strip() for s in stops)
        rows.append({"synthetic": SYNTHETIC_NOTE, "episode": f"S{i + 1:07d}", "facility": ref,
                     "date": date, "category": rng.choice(CATEGORIES),
                     "sex": rng.choice(SEXES), "route": route})
    return rows


def write(rows: list[dict], path: Path) -> None:
    """Write rows as UTF-8 CSV, atomically."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    with atomic_write(path) as fh:
        fh.write(buf.getvalue())


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--demo", action="store_true",
                    help="write the demo file geo/demo/testimonies_SYNTHETIC.csv (600 rows)")
    ap.add_argument("-n", type=int, default=1_000_000, help="rows (default 1,000,000)")
    ap.add_argument("--seed", type=int, default=2022)
    ap.add_argument("-o", "--output", type=Path, default=None)
    args = ap.parse_args(argv)
    if args.demo:
        from mapper.paths import demo_testimonies_path

        out = args.output or demo_testimonies_path()
        rows = generate(600, args.seed, routes=0.2, pool=6, bad=0.08)
    else:
        out = args.output or Path(f"/tmp/testimonies_{args.n}_SYNTHETIC.csv")
        rows = generate(args.n, args.seed)
    if "synthetic" not in out.name.lower():
        ap.error("the output's name must say SYNTHETIC (e.g. testimonies_SYNTHETIC.csv)")
    write(rows, out)
    print(f"wrote {len(rows)} synthetic rows to {out}")


if __name__ == "__main__":
    main()
