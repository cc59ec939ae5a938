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
from .io import InputError
from .paths import layer_path, registry_path


class MapperGroup(click.Group):
    """Turn input problems into clear messages and exit status 1, not tracebacks."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=MapperGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mapper")
def main() -> None:
    """Map the detention facilities where Russia holds Ukrainian prisoners of war and
    civilians: geocode the registry, join testimonies, render offline maps, export data.
    """


# --- build and validate (the facility layer) -------------------------------------------

@main.command()
@click.option("--registry", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Facility registry (CSV or XLSX). Default: geo/registry.csv.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the layer. Default: facilities.geojson.")
@click.option("--quiet", is_flag=True, help="Print only problems.")
def build(registry: Path | None, output: Path | None, quiet: bool) -> None:
    """Geocode the facility registry (offline) into facilities.geojson."""
    from .layer import BuildError, build_layer, write_layer

    registry = registry or registry_path()
    output = output or layer_path()
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
                 settings={"registry": str(registry)})
    if not quiet:
        click.echo(report.summary())
        click.echo(f"\nWrote {output}")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--public", is_flag=True,
              help="Also prove the file is safe to publish: no personal data, no small counts.")
def validate(file: Path, public: bool) -> None:
    """Check a registry, layer or testimony FILE and explain each problem."""
    from .validate import validate_file

    kind, problems = validate_file(file)
    if public:
        from .publish import validate_public

        problems = problems + validate_public(file)
    if problems:
        click.echo(f"{file}: {len(problems)} problem(s) in this {kind}:")
        for p in problems:
            click.echo(f"  {p}")
        sys.exit(1)
    click.echo(f"{file}: no problems found in this {kind}"
               + (", and it is safe to publish." if public else "."))


# --- match and join (testimonies): owned by match.py / join.py ------------------------
# (section: match-join)


# --- map and figure: owned by render.py / figure.py ------------------------------------
# (section: map-figure)


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
@click.option("--public", is_flag=True, help="Only publishable fields; small counts as "
              "ranges (1–4) with secondary suppression. The output is checked afterwards.")
@click.option("--threshold", type=click.IntRange(min=3), default=5, show_default=True,
              help="With --public: counts below this are shown as a range.")
@click.option("--precision", type=click.IntRange(0, 6), default=None,
              help="Round coordinates to this many decimals (1 ≈ 11 km, 2 ≈ 1.1 km).")
@click.option("--hxl", is_flag=True, help="CSV only: add a row of HXL hashtags.")
def export_cmd(fmt: str | None, output: Path, joined: Path | None, layer_file: Path | None,
               public: bool, threshold: int, precision: int | None, hxl: bool) -> None:
    """Export the facility layer (or a joined layer) to GeoJSON, GeoPackage, KML, CSV or
    GeoParquet."""
    from .export import export_layer, format_for
    from .layer import read_geojson

    fmt = format_for(output, fmt)
    source = joined or layer_file or layer_path()
    gdf = read_geojson(source)
    if public:
        from .publish import make_public

        gdf = make_public(gdf, threshold=threshold, precision=precision)
    elif precision is not None:
        from .export import _round_geometry

        gdf = _round_geometry(gdf, precision)
    export_layer(gdf, output, fmt, hxl=hxl)
    if public:
        from .publish import validate_public

        problems = validate_public(output, threshold=threshold)
        if problems:
            output.unlink()
            click.echo(f"Not written: {output} would not be safe to publish:", err=True)
            for p in problems:
                click.echo(f"  {p}", err=True)
            sys.exit(1)
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

    a, b = read_geojson(old), read_geojson(new)
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
                 settings: dict) -> None:
    """Record inputs and outputs in manifest.json beside the outputs (see manifest.py)."""
    from .manifest import record

    record(command, inputs=inputs, outputs=outputs, settings=settings)


if __name__ == "__main__":  # pragma: no cover
    main()
