"""The `geoevents` command: a click group whose subcommands load on first use.

Subcommands live in ``geoevents/commands/<name>.py`` and are imported only when run
(or when their own --help is asked), so ``geoevents --help`` stays instant and never
imports folium, dateparser, shapely or geopy.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys

import click

from geoevents import __version__
from geoevents.errors import GeoeventsError
from geoevents.signals import Terminated, unwinding

# name -> (module under geoevents.commands, one-line help shown by `geoevents --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "inspect": ("inspect", "Show each document's metadata, paragraphs and sentences."),
    "dates": ("dates", "List temporal expressions, anchored to the document date."),
    "places": ("places", "List place mentions and what they resolve to."),
    "extract": ("extract", "Extract dated, geolocated events as GeoJSON/CSV."),
    "filter": ("filter", "Filter a GeoJSON (or text sequence) of events by date, type, place."),
    "map": ("map", "Write a self-contained HTML map with a time slider."),
    "export": ("export", "Export events from an SQLite event store."),
    "gazetteer": ("gazetteer", "Look up names in the bundled gazetteer."),
}

EPILOG = """\b
Examples:
  geoevents inspect cable.txt --format text
  geoevents dates cable.txt --format table
  geoevents places cable.txt --offline
  geoevents extract reports/ -o events.geojson
  geoevents filter events.geojson --from 2008-03 --to 2008-06 -o spring.geojson
  geoevents map events.geojson -o maps/spring.html
"""


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name, (mod, _) in COMMANDS.items() if _module_exists(mod)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None or not _module_exists(entry[0]):
            return None
        module = importlib.import_module(f"geoevents.commands.{entry[0]}")
        return with_verbose(module.command)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


VERBOSE_HELP = "Show details and tracebacks on errors."


def with_verbose(command: click.Command) -> click.Command:
    """Let ``--verbose``/``-v`` follow the command too (``geoevents filter x --verbose``),
    as users type it; it sets what the group's own flag sets.  main() reads the flag
    from the raw arguments as well, so a failure in argument parsing is verbose too."""
    if not any("--verbose" in param.opts for param in command.params):
        command.params.append(click.Option(["--verbose", "-v"], is_flag=True, expose_value=False,
                                           help=VERBOSE_HELP, callback=_set_verbose))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            with_verbose(sub)
    return command


def _set_verbose(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(dict)["verbose"] = True


def _module_exists(name: str) -> bool:
    return importlib.util.find_spec(f"geoevents.commands.{name}") is not None


@click.group(cls=LazyGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geoevents")
@click.option("--verbose", "-v", is_flag=True, help=VERBOSE_HELP)
@click.pass_context
def group(ctx: click.Context, verbose: bool) -> None:
    """Turn narrative drug-trafficking reports into dated, geolocated events."""
    ctx.obj = {"verbose": verbose}


def main(argv: list[str] | None = None) -> None:
    """Entry point: every user error is one line on stderr and exit status 2."""
    with unwinding():  # SIGTERM/SIGHUP unwind like Ctrl-C: no temp file, no workers left
        _main(sys.argv[1:] if argv is None else argv)


def _main(args: list[str]) -> None:
    verbose = "--verbose" in args or "-v" in args
    try:
        rv = group.main(args=args, prog_name="geoevents", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("geoevents: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        if verbose and exc.ctx is not None:
            click.echo(exc.ctx.get_usage(), err=True)
        click.echo(f"geoevents: error: {_one_line(exc.format_message())}", err=True)
        sys.exit(2)
    except GeoeventsError as exc:
        if verbose:
            _print_traceback()
        click.echo(f"geoevents: error: {_one_line(str(exc))}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.stderr.close()  # reader went away (e.g. `| head`): not an error
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("geoevents: interrupted", err=True)
        sys.exit(130)
    except Terminated as exc:
        click.echo(f"geoevents: {exc}", err=True)
        sys.exit(exc.exit_status)
    except Exception as exc:  # a bug: say so in one line, details with --verbose
        if verbose:
            _print_traceback()
        click.echo(f"geoevents: internal error: {type(exc).__name__}: {_one_line(str(exc))}"
                   " (rerun with --verbose for details)", err=True)
        sys.exit(1)
    sys.exit(rv if isinstance(rv, int) else 0)


def _print_traceback() -> None:
    import traceback  # only with --verbose, after a failure: not worth its import on every run

    traceback.print_exc()


def _one_line(message: str) -> str:
    return " ".join(message.split())


if __name__ == "__main__":
    main()
