"""The `mapper` command: a thin layer over the library's functions.

Each command reads files, calls one or two functions that take and return (Geo)DataFrames,
writes files and prints what a researcher needs to know. Problems with the user's input
exit with status 1 and a message naming the file, the row and what to do.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .io import InputError, printable
from .paths import layer_path, registry_path


class MapperGroup(click.Group):
    """Turn input problems into clear messages and exit status 1, not tracebacks."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        except BrokenPipeError:  # the output was piped into `head`, which stopped reading
            import contextlib
            import os

            with contextlib.suppress(OSError, ValueError, AttributeError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as exc:  # a file system refusal is the user's to fix, not a bug
            where = printable(exc.filename) + ": " if exc.filename else ""
            click.echo(f"Error: {where}{exc.strerror or printable(exc)}. Check the path and "
                       "its permissions, or choose another output with -o.", err=True)
            sys.exit(1)


def _check_outputs(outputs: list, inputs: list, named: list | None = None) -> None:
    """Before writing: no output over an input, a manifest or a file we did not write.

    ``named``: the outputs the user named with -o (default: all of ``outputs``); the others
    (written beside them) may replace only files the mapper wrote.
    """
    from .io import refuse_overwriting_inputs
    from .manifest import check_outputs

    refuse_overwriting_inputs(outputs, inputs)
    check_outputs(outputs, named=outputs if named is None else named)


def _warn(problems, limit: int = 20) -> None:
    """Print what was repaired or doubtful while reading (each names file and row)."""
    for p in problems[:limit]:
        click.echo(f"Warning: {p}", err=True)
    if len(problems) > limit:
        click.echo(f"Warning: … and {len(problems) - limit} more.", err=True)


_REPORT_OPTION = click.option(
    "--report", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Where to write the report of unplaced references (it quotes your testimony file). "
         "Default: beside the output; with --public, beside the testimony file as "
         "TESTIMONY_RESTRICTED_unmatched_OUTPUT.csv (never in the public output's folder).")


def _restricted_note(report: Path, output: Path) -> None:
    """Say where a public build's restricted report went, and that it is not to publish."""
    where = ("in the subfolder RESTRICTED/ (your testimony file is in the output's folder)"
             if report.parent.name == "RESTRICTED" else "beside your testimony file")
    click.echo(f"RESTRICTED, not for publication: {report} lists the references of your file "
               f"(testimony text); it is {where}, never beside {output.name}.")


_SHEET_OPTION = click.option(
    "--sheet", default=None, metavar="NAME",
    help="For a workbook: the sheet to read (name or number from 1). Default: the first.")


@click.group(cls=MapperGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mapper")
@click.option("-q", "--quiet", "quiet_all", is_flag=True,
              help="No progress bars (they show only on a terminal, never in CI or a pipe).")
def main(quiet_all: bool = False) -> None:
    """Map the detention facilities where Russia holds Ukrainian prisoners of war and
    civilians: geocode the registry, join testimonies, render offline maps, export data.
    """
    from ._progress import set_quiet

    set_quiet(quiet_all)


# --- publishing options: declared once, used by join, map, figure and export ------------
# (section: publishing-options) One function adds the same options to each command that can
# write a public output, as datasette's `publish/common.py` does for its publishers
# (`add_common_publish_arguments_and_options`).

#: The one default and range of the publishing threshold (below 3, "1–1" would show a count).
THRESHOLD = click.IntRange(3, 100)
DEFAULT_THRESHOLD = 5  # = mapper.publish.DEFAULT_THRESHOLD (checked by the tests)


def public_options(command):
    """Add ``--public``, ``--threshold`` and ``--precision`` to a command.

    Parameters
    ----------
    command : callable
        The click command function; it receives ``public``, ``threshold`` and ``precision``.

    Returns
    -------
    callable
        The command with the three options.
    """
    options = (
        click.option("--public", is_flag=True,
                     help="Write only what may be published: allowlisted fields, counts below "
                          "--threshold as a range, no count that can be subtracted back "
                          "(mapper.publish.public_build). Reports with testimony text go "
                          "beside the testimony file (*_RESTRICTED_*), never beside the "
                          "public output; see --report."),
        click.option("--threshold", type=THRESHOLD, default=DEFAULT_THRESHOLD,
                     show_default=True,
                     help="With --public: counts from 1 to N-1 are shown as 1–(N-1)."),
        click.option("--precision", type=click.IntRange(0, 6), default=None,
                     help="Round the coordinates of a public build to this many decimals "
                          "(1 ≈ 11 km, 2 ≈ 1.1 km); export rounds any layer."),
    )
    for option in reversed(options):
        command = option(command)
    return command


def _check_public(outputs: list[Path], threshold: int) -> None:
    """Read public outputs back and check them as one set; on any leak remove them all,
    name each leak and exit 1 (a safety net under `mapper.publish.public_build`)."""
    from .validate import validate_public

    problems = validate_public(*outputs, threshold=threshold, siblings=False)
    if not problems:
        return
    for path in outputs:
        path.unlink(missing_ok=True)
    names = ", ".join(str(p) for p in outputs)
    click.echo(f"Not written: {names} would not be safe to publish:", err=True)
    for p in problems:
        click.echo(f"  {p}", err=True)
    sys.exit(1)


# --- build and validate (the facility layer) -------------------------------------------

@main.command()
@click.option("--registry", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Facility registry (CSV or XLSX). Default: geo/registry.csv "
              "in the current directory, else the registry shipped with mapper.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the layer. Default: facilities.geojson in the current "
              "directory (never inside the installed package).")
@click.option("--quiet", is_flag=True, help="Print only problems (and no progress bars).")
def build(registry: Path | None, output: Path | None, quiet: bool) -> None:
    """Geocode the facility registry (offline) into facilities.geojson."""
    from ._progress import set_quiet
    from .layer import BuildError, build_layer, write_layer

    if quiet:
        set_quiet(True)
    local = Path("geo") / "registry.csv"  # a clone, or the user's own copy
    registry = registry or (local if local.is_file() else registry_path())
    output = output or Path("facilities.geojson")
    _check_outputs([output], [registry])
    try:
        report = build_layer(registry)
    except BuildError as exc:
        click.echo(f"Cannot build: {len(exc.problems)} problem(s) in the registry.", err=True)
        for p in exc.problems:
            click.echo(f"  {p}", err=True)
        click.echo("Nothing was written; the previous layer is unchanged.", err=True)
        sys.exit(1)
    write_layer(report.layer, output)
    _after_write("build", inputs=[registry], outputs=[output],
                 settings={})
    if not quiet:
        click.echo(report.summary())
        click.echo(f"\nWrote {output}")


@main.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--public", is_flag=True,
              help="Prove the files are safe to publish (read together, as one output set): "
                   "no personal data or contacts anywhere in them, no small counts, no count "
                   "that can be worked back.")
@click.option("--threshold", type=THRESHOLD, default=DEFAULT_THRESHOLD, show_default=True,
              help="With --public: the threshold the files were published with.")
@click.option("--reference", default=None, metavar="COLUMN",
              help="For a testimony file: the column naming the facility.")
@_SHEET_OPTION
def validate(files: tuple[Path, ...], public: bool, threshold: int,
             reference: str | None, sheet: str | None) -> None:
    """Check registry, layer or testimony FILES and explain each problem; with --public,
    prove that published files (and the tables written beside them) leak nothing."""
    from .validate import output_set, source_warnings_for, validate_file, validate_public

    if public:  # published files of any format, as one set: prove they leak nothing
        checked = output_set(files)
        problems = validate_public(*checked, threshold=threshold, siblings=False)
        name = ", ".join(str(f) for f in checked)
        if problems:
            click.echo(f"{name}: {len(problems)} problem(s): NOT safe to publish:")
            for p in problems:
                click.echo(f"  {p}")
            sys.exit(1)
        click.echo(f"{name}: no problems found, safe to publish (threshold {threshold}).")
        return
    failed = False
    for file in files:
        kind, problems = validate_file(file, reference=reference, sheet=sheet)
        warnings = source_warnings_for(file)  # mirrors, previews: warned, not failed
        if warnings:
            click.echo(f"{file}: {len(warnings)} warning(s): source URLs that are not the "
                       "outlet's own address:")
            for w in warnings:
                click.echo(f"  warning: {w}")
        if problems:
            failed = True
            click.echo(f"{file}: {len(problems)} problem(s) in this {kind}:")
            for p in problems:
                click.echo(f"  {p}")
        else:
            click.echo(f"{file}: no problems found in this {kind}.")
    if failed:
        sys.exit(1)


# --- match and join (testimonies): owned by mapper.match / join.py -------------------
# (section: match-join)

_WHERE_OPTION = click.option(
    "--where", multiple=True, metavar="COLUMN",
    help="A column naming where the facility is (town, district, region), read with the "
         "reference: 'the school basement' + 'Yahidne'. Repeat for several columns. Not "
         "used unless given (a region column may say where the person lived).")

_LAYER_OPTION = click.option(
    "--layer", "layer_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None, help="Facility layer to match against. Default: facilities.geojson.")


def _match_progress(refs, layer) -> None:
    """On a terminal, match the distinct references once under a progress bar.

    The layer's matcher caches each result (`mapper.match.matcher_for`), so the
    `match_references` call that follows reuses them. Nothing is done where no bar would
    show. (Better: a `progress(...)` around the loop in `Matcher.match_series`.)
    """
    from ._progress import DEFAULT_MIN_TOTAL, enabled, progress
    from .match import matcher_for

    if not enabled():
        return
    uniques = refs.drop_duplicates()
    if len(uniques) < DEFAULT_MIN_TOTAL:
        return
    matcher = matcher_for(layer)
    for ref in progress(uniques.tolist(), desc="Matching references", unit="ref"):
        matcher.match(ref)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-c", "--column", default=None,
              help="Column holding the facility reference. Default: 'facility' "
                   "(or reference, place, location, установа, учреждение ...).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write FILE's rows plus facility_id, match_score, match_status, "
                   "match_reason (CSV).")
@_WHERE_OPTION
@_LAYER_OPTION
@_SHEET_OPTION
def match(file: Path, column: str | None, output: Path, where: tuple[str, ...],
          layer_file: Path | None, sheet: str | None) -> None:
    """Match each row's facility reference in FILE to a facility id."""
    from .join import match_table, read_testimonies, write_csv
    from .layer import load_facilities
    from .match import match_references, with_places
    from .testimonies import find_column

    _check_outputs([output], [file, layer_file or layer_path()])
    df = read_testimonies(file, sheet=sheet)
    col = find_column(df, "reference", column)
    if col is None:
        raise InputError(f"{file}: no facility reference column found; pass --column NAME "
                         f"(the columns are: {', '.join(map(str, df.columns))}).")
    where_cols = [find_column(df, "where", w) for w in where]
    refs = with_places(df[col], df[where_cols] if where_cols else None)
    layer = load_facilities(layer_file)
    _match_progress(refs, layer)
    res = match_references(refs, layer)
    out, renamed = match_table(df, res)
    _warn(df.attrs.get("warnings", []) + renamed)
    write_csv(out, output)
    _after_write("match", inputs=[file, layer_file or layer_path()], outputs=[output],
                 settings={"column": col, "where": where_cols}, restricted=[file, output],
                 rows={file: len(df), output: len(out)})
    counts = res["match_status"].value_counts()
    n = len(res)
    click.echo(printable(f"Read {n} rows from {file} (column '{col}'):"))
    for st in ("matched", "ambiguous", "unmatched"):
        click.echo(f"  {st:10s} {int(counts.get(st, 0)):>9}")
    click.echo(f"  = rows read {n:>8}")
    click.echo(f"Wrote {output}")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("joined.geojson"), show_default=True,
              help="The joined layer; flows, regions and the unmatched report are written "
                   "beside it (NAME_flows.csv, NAME_flows.geojson, NAME_regions.csv, "
                   "NAME_unmatched.csv; with --public the report goes beside FILE).")
@click.option("--reference", "-c", "--column", "reference", default=None,
              help="Facility reference column. Default: 'facility' (or reference, place ...).")
@click.option("--count", default=None,
              help="Count column of an aggregated file. Default: 'count' if present "
                   "(then each row adds its count; columns pow/civilian/female/male are used).")
@click.option("--date", default=None, help="Date or year column. Default: 'date' or 'year'.")
@click.option("--category", default=None, help="pow/civilian column. Default: 'category'.")
@click.option("--sex", default=None, help="female/male column. Default: 'sex' or 'gender'.")
@click.option("--route", default=None,
              help="Ordered route column ('A > B > C'). Default: 'route' if present.")
@_WHERE_OPTION
@_LAYER_OPTION
@public_options
@_REPORT_OPTION
@_SHEET_OPTION
def join(file: Path, output: Path, reference: str | None, count: str | None,
         date: str | None, category: str | None, sex: str | None, route: str | None,
         where: tuple[str, ...], layer_file: Path | None, sheet: str | None, public: bool,
         threshold: int,
         precision: int | None, report: Path | None = None) -> None:
    """Join a testimony FILE to the facility layer: counts, transfer flows, region totals."""
    from .join import join_testimonies, output_paths, read_testimonies, write_join
    from .layer import load_facilities

    planned = output_paths(output, public=public, source=file, report=report)
    _check_outputs(list(planned.values()), [file, layer_file or layer_path()],
                   named=[output, report])
    df = read_testimonies(file, sheet=sheet)
    try:
        result = join_testimonies(load_facilities(layer_file), df, reference=reference,
                                  count=count, date=date, category=category, sex=sex,
                                  route=route, where=where, path=file)
    except InputError:
        _warn(df.attrs.get("warnings", []))  # what was repaired may explain the error
        raise
    paths = write_join(result, output, public=public, threshold=threshold,
                       precision=precision, report=report)
    if public:  # prove it: the written set is read back whole and checked together
        _check_public([p for k, p in paths.items() if k != "report"], threshold)
    _after_write("join", inputs=[file, layer_file or layer_path()],
                 outputs=list(paths.values()),
                 settings={"reference": reference, "count": count, "date": date,
                           "category": category, "sex": sex, "route": route,
                           "where": list(where), "public": public, "threshold": threshold,
                           "precision": precision},
                 restricted=[file, paths["report"]]
                 + ([] if public else list(paths.values())),
                 # known rows: the big files are not read back to count them
                 rows={file: len(df), paths["report"]: len(result.report)}, public=public)
    click.echo(result.summary())
    click.echo("Wrote " + ", ".join(str(p) for k, p in paths.items() if k != "report"))
    if public:
        click.echo(f"Public build (threshold {threshold}).")
        _restricted_note(paths["report"], output)
    else:
        click.echo(f"Wrote {paths['report']} (the unmatched report).")


# --- map and figure: owned by render.py / figure.py ------------------------------------
# (section: map-figure)

def _map_inputs(layer_file: Path | None, testimonies: Path | None):
    """The layer (joined with testimonies when given) for `map` and `figure`."""
    from .layer import load_facilities

    layer = load_facilities(layer_file)
    if not len(layer):
        raise InputError(f"{layer_file or layer_path()}: the facility layer is empty; "
                         "run `mapper build` first.")
    if testimonies is None:
        return layer, None
    from .join import join_testimonies, read_testimonies

    result = join_testimonies(layer, read_testimonies(testimonies), path=testimonies)
    return result.layer, result


def _unplaced_path(output: Path, public: bool = False, testimonies: Path | None = None,
                   report: Path | None = None) -> Path:
    """Where the report of the rows a map or figure could not place goes: ``report`` if
    given, else beside the output; with ``public`` beside the testimony file it quotes,
    never in the public output's folder (`mapper.join.output_paths`)."""
    from .join import output_paths

    return output_paths(output, public, source=testimonies, report=report)["report"]


def _write_unplaced(join, output: Path, public: bool = False,
                    report: Path | None = None) -> Path | None:
    """Nothing lost: the testimony rows a map could not place go to a report beside it.

    Returns the report (recorded in the manifest with the map, as one set, restricted) or
    None.
    """
    from .join import REPORT_COLUMNS, write_csv

    if not len(join.report):
        return None
    report = _unplaced_path(output, public, Path(join.source) if join.source else None,
                            report)
    write_csv(join.report[list(REPORT_COLUMNS)], report)
    click.echo(f"Wrote {report}: {len(join.report)} references not placed, with reasons.")
    if public:
        _restricted_note(report, output)
    return report


_TESTIMONIES_OPTION = click.option(
    "--testimonies", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
    help="Testimony file (CSV/XLSX) to count per facility, region and transfer route.")
_MAP_LAYER_OPTION = click.option(
    "--layer", "layer_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None, help="Facility layer (GeoJSON). Default: facilities.geojson.")


@main.command("map")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("map.html"), show_default=True, help="The HTML file to write.")
@_TESTIMONIES_OPTION
@click.option("--lang", type=click.Choice(["en", "uk", "ru"]), default="en", show_default=True,
              help="Language of the interface and of facility names.")
@public_options
@click.option("--title", default=None, help="Title shown on the map.")
@click.option("--tiles", type=click.Choice(["none", "osm", "satellite"]), default="none",
              show_default=True,
              help="Online background tiles. 'none' keeps the map fully offline; the others "
                   "contact a third party and the map says so.")
@click.option("--notes", is_flag=True,
              help="Include reviewers' internal notes in the popups (never with --public).")
@_MAP_LAYER_OPTION
@click.option("--overlay", "overlay_files", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your own GeoJSON layer (WGS84) drawn on the map as yours, e.g. a line of "
                   "contact you hold. Repeatable; each needs an --overlay-label.")
@click.option("--overlay-label", "overlay_labels", multiple=True,
              help="What the overlay shows and as of when, e.g. 'Line of contact, 2024-06-01"
                   " (source)'. One per --overlay, in the same order.")
@click.option("--base-url", default=None, metavar="URL",
              help="The http(s) address where the map will be published: 'Copy link' and "
                   "'How to cite' give it (without it, a link names only the file).")
@_REPORT_OPTION
def map_command(output: Path, testimonies: Path | None, lang: str, public: bool,
                threshold: int, precision: int | None, title: str | None, tiles: str,
                notes: bool, layer_file: Path | None, overlay_files: tuple[Path, ...] = (),
                overlay_labels: tuple[str, ...] = (), base_url: str | None = None,
                report: Path | None = None) -> None:
    """Write an interactive map as ONE self-contained HTML file (works offline)."""
    from .manifest import sha256 as file_sha256
    from .render import iframe_snippet, render_map
    from .webmap.context import read_overlay

    if len(overlay_labels) != len(overlay_files):
        raise InputError(f"{len(overlay_files)} --overlay file(s) but {len(overlay_labels)} "
                         f"--overlay-label(s): give each overlay its label, in the same order.")
    overlays = [read_overlay(f, lab) for f, lab in zip(overlay_files, overlay_labels,
                                                         strict=True)]
    _check_outputs([output, _unplaced_path(output, public, testimonies, report)],
                   [layer_file or layer_path(), testimonies, *overlay_files],
                   named=[output, report])
    layer, join = _map_inputs(layer_file, testimonies)
    m = render_map(join if join is not None else layer, lang=lang, title=title, tiles=tiles,
                   public=public, threshold=threshold, notes=notes, precision=precision,
                   base_url=base_url, layer_sha256=file_sha256(layer_file or layer_path()),
                   **({"overlays": overlays} if overlays else {}))
    m.save(output)
    if public:  # prove it: the map's embedded data is read back and checked
        _check_public([output], threshold)
    report = _write_unplaced(join, output, public, report) if join is not None else None
    inputs = [layer_file or layer_path()] + ([testimonies] if testimonies else [])
    inputs += list(overlay_files)
    _after_write("map", inputs=inputs, outputs=[output] + ([report] if report else []),
                 settings={"lang": lang, "public": public, "threshold": threshold,
                           "precision": precision, "title": title, "tiles": tiles,
                           "notes": notes, "base_url": base_url,
                           "overlays": [{"file": o["source_file"], "label": o["label"]}
                                        for o in overlays]},
                 restricted=[p for p in (testimonies, report) if p], public=public)
    if join is not None:
        click.echo(join.summary())
        if join.synthetic:
            click.echo("The testimonies are SYNTHETIC demo data: the map says so in a banner.")
    size = output.stat().st_size
    how = ("offline, no requests to other hosts" if tiles == "none"
           else f"loads {tiles} tiles from a third party")
    click.echo(f"Wrote {output}: {m.n_features} facilities, {size / 1000:.1f} kB ({how})")
    click.echo(m.size_report())
    click.echo("\nTo embed it in a web page (responsive):")
    click.echo(iframe_snippet(output.name, m.title))
    click.echo(f"Link to one facility: {output.name}#id=<facility-id>")


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("map.png"), show_default=True,
              help="PNG or SVG file (by its extension).")
@_TESTIMONIES_OPTION
@click.option("--lang", type=click.Choice(["en", "uk", "ru"]), default="en", show_default=True)
@public_options
@click.option("--title", default=None, help="Title printed above the map.")
@click.option("--dpi", type=click.IntRange(50, 600), default=200, show_default=True)
@_MAP_LAYER_OPTION
@_REPORT_OPTION
def figure(output: Path, testimonies: Path | None, lang: str, public: bool, threshold: int,
           precision: int | None, title: str | None, dpi: int,
           layer_file: Path | None, report: Path | None = None) -> None:
    """Draw a static map for print (PNG or SVG) with legend, title and attribution."""
    from .figure import save_figure

    if output.suffix.lower() not in (".png", ".svg"):
        raise InputError(f"{output}: use a .png or .svg file name.")
    _check_outputs([output, _unplaced_path(output, public, testimonies, report)],
                   [layer_file or layer_path(), testimonies], named=[output, report])
    layer, join = _map_inputs(layer_file, testimonies)
    save_figure(join if join is not None else layer, output, lang=lang, title=title,
                public=public, threshold=threshold, precision=precision, dpi=dpi)
    report = _write_unplaced(join, output, public, report) if join is not None else None
    inputs = [layer_file or layer_path()] + ([testimonies] if testimonies else [])
    _after_write("figure", inputs=inputs, outputs=[output] + ([report] if report else []),
                 settings={"lang": lang, "public": public, "threshold": threshold,
                           "precision": precision, "title": title, "dpi": dpi},
                 restricted=[p for p in (testimonies, report) if p], public=public)
    click.echo(f"Wrote {output}")



# --- export and diff: owned by export.py / diff.py ---------------------------------------
# (section: export-diff)

@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["geojson", "gpkg", "kml", "csv", "parquet"]),
              default=None, help="Output format. Default: from the suffix of -o.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write (.geojson, .gpkg, .kml, .csv, .parquet).")
@click.option("--joined", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="A joined layer (from `mapper join`) instead of the "
              "facility layer.")
@click.option("--layer", "layer_file", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), default=None, help="Facility layer. Default: facilities.geojson.")
@public_options
@click.option("--hxl", is_flag=True, help="CSV only: add a row of HXL hashtags.")
def export_cmd(fmt: str | None, output: Path, joined: Path | None, layer_file: Path | None,
               public: bool, threshold: int, precision: int | None, hxl: bool) -> None:
    """Export the facility layer (or a joined layer) to GeoJSON, GeoPackage, KML, CSV or
    GeoParquet."""
    from .export import export_layer, format_for
    from .layer import read_geojson

    fmt = format_for(output, fmt)
    source = joined or layer_file or layer_path()
    _check_outputs([output], [source])
    gdf = read_geojson(source)
    if public:
        from .publish import public_build

        gdf = public_build(gdf, threshold=threshold, precision=precision).layer
    elif precision is not None:
        from .export import _round_geometry

        gdf = _round_geometry(gdf, precision)
    export_layer(gdf, output, fmt, hxl=hxl)
    if public:  # prove it: the written file is read back whole and checked
        _check_public([output], threshold)
    _after_write("export", inputs=[source], outputs=[output],
                 settings={"format": fmt, "public": public, "threshold": threshold if public
                           else None, "precision": precision, "hxl": hxl,
                           "source": source.name})
    click.echo(f"Wrote {output}: {len(gdf)} facilities, {fmt}"
               + (f", public (threshold {threshold})" if public else ""))


@main.command("diff")
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the changes as GeoJSON (a map of changes).")
def diff_cmd(old: Path, new: Path, output: Path | None) -> None:
    """What changed between two editions OLD and NEW of the facility layer."""
    from .diff import diff_layers, summary_text, write_changes
    from .layer import read_geojson

    _check_outputs([output], [old, new])

    a, b = read_geojson(old), read_geojson(new)
    _warn(a.attrs.get("warnings", []) + b.attrs.get("warnings", []))
    changes = diff_layers(a, b)
    click.echo(summary_text(changes, str(old), str(new), len(a), len(b)), nl=False)
    if output:
        write_changes(changes, output)
        _after_write("diff", inputs=[old, new], outputs=[output], settings={})
        click.echo(f"\nWrote {output}: {len(changes)} change(s)")


@main.command("schema")
@click.option("--json-schema", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write the layer's JSON Schema here "
              "(schema/facility.schema.json).")
@click.option("--dictionary", "dict_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write the data dictionary here (docs/data-dictionary.md).")
@click.option("--check", is_flag=True, help="Do not write: fail if the files differ from "
              "what the code generates.")
def schema_cmd(json_path: Path | None, dict_path: Path | None, check: bool) -> None:
    """Generate the JSON Schema and the data dictionary from mapper.schema (the one
    definition of the layer's fields)."""
    from .export import data_dictionary_text, json_schema_text, write_schema_files

    if not json_path and not dict_path:
        json_path = Path("schema/facility.schema.json")
        dict_path = Path("docs/data-dictionary.md")
    if check:
        stale = [p for p, text in ((json_path, json_schema_text()),
                                   (dict_path, data_dictionary_text()))
                 if p and (not p.exists() or p.read_text(encoding="utf-8") != text)]
        for p in stale:
            click.echo(f"{p} is out of date: run `mapper schema --json-schema ... "
                       "--dictionary ...`", err=True)
        sys.exit(1 if stale else 0)
    for p in write_schema_files(json_path, dict_path):
        click.echo(f"Wrote {p}")



def _after_write(command: str, *, inputs: list[Path], outputs: list[Path],
                 settings: dict, restricted: list[Path] = (), rows: dict | None = None,
                 public: bool = False) -> None:
    """Record inputs and outputs in mapper-manifest.json beside the outputs (manifest.py).

    ``restricted``: inputs or outputs holding testimony data, marked so in the manifest;
    with ``public`` a manifest beside a public output labels them instead of naming them.
    """
    from .manifest import record

    record(command, inputs=inputs, outputs=outputs, settings=settings,
           restricted=restricted, rows=rows, public=public)


if __name__ == "__main__":  # pragma: no cover
    main()
