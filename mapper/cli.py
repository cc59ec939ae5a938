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


def _after_write(command: str, *, inputs: list[Path], outputs: list[Path],
                 settings: dict) -> None:
    """Record inputs and outputs in manifest.json beside the outputs (see manifest.py)."""
    try:
        from .manifest import record
    except ImportError:  # manifest support not installed in this build
        return
    record(command, inputs=inputs, outputs=outputs, settings=settings)


if __name__ == "__main__":  # pragma: no cover
    main()
