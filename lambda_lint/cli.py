"""Command line: ``lambda-lint [check] PATHS``, ``lambda-lint rule CODE``, ``lambda-lint rules``.

Kept thin: parse arguments, call the engine, pick a formatter, return an exit
code (0 clean, 1 findings at or above ``--fail-on``, 2 usage or internal error).
Heavy modules are imported only when the command needs them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from lambda_lint import __version__

if TYPE_CHECKING:
    from lambda_lint.api import Overrides
    from lambda_lint.config import Settings
    from lambda_lint.progress import ProgressBar
    from lambda_lint.report import Report

# The names in lambda_lint.formatters.FORMATS, repeated so --help needs no import.
_FORMATS = ("concise", "full", "json", "sarif", "junit", "github", "gitlab")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def _error(message: str) -> None:
    """One line on stderr: control characters in a message (a selector, a key or a path
    given by the user) are escaped, so they cannot split the line or drive a terminal."""
    from lambda_lint.engine import printable

    print(f"lambda-lint: error: {printable(message)}", file=sys.stderr)


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors escaped as lambda-lint's own errors are
    (it quotes a bad choice with repr, but lists unrecognized arguments as given)."""

    def error(self, message: str) -> NoReturn:
        from lambda_lint.engine import printable

        super().error(printable(message))


def _selectors(values: list[str] | None) -> list[str]:
    """``--select LL1,LL2 --select LL3`` -> ``["LL1", "LL2", "LL3"]``."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


_EPILOG = (
    "commands: check (the default: `lambda-lint PATHS` is `lambda-lint check PATHS`), "
    "rule CODE, rules, server (a Language Server over stdio). Output formats (check --format): "
    + ", ".join(_FORMATS)
    + ", auto. `lambda-lint COMMAND --help` lists a command's options."
)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lambda-lint",
        description="Static configuration linter for AWS Lambda (CloudFormation, SAM, "
        "Terraform HCL and JSON, Terraform plans).",
        epilog=_EPILOG,
        allow_abbrev=False,  # --selec is a typo, not --select
    )
    parser.add_argument("--version", action="version", version=f"lambda-lint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="{check,rule,rules,server}")

    check = commands.add_parser(
        "check",
        help="lint files and directories (the default command)",
        description="Lint files and directories; - reads standard input.",
        epilog="Output formats: " + ", ".join(_FORMATS) + "; auto picks github under GitHub "
        "Actions, full on a terminal, concise otherwise.",
        allow_abbrev=False,
    )
    check.add_argument(
        "paths",
        nargs="*",
        default=[],
        help="files or directories (default: .); - reads one file from standard input",
    )
    check.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="the name of the file read from standard input (-): it picks the format, the "
        "configuration and the path shown in findings",
    )
    check.add_argument(
        "--format",
        choices=(*_FORMATS, "auto"),
        default="auto",
        help="output format (default: auto = github under GitHub Actions, full on a terminal, "
        "concise otherwise)",
    )
    check.add_argument(
        "--output-file", metavar="FILE", help="write the report to FILE (UTF-8) instead of stdout"
    )
    check.add_argument(
        "--statistics",
        action="store_true",
        help="print a count per rule instead of the findings (text, or JSON with --format json)",
    )
    check.add_argument(
        "--select", action="append", help="rules to enable: codes, prefixes, names, ALL"
    )
    check.add_argument(
        "--extend-select", action="append", help="rules to enable on top of the selection"
    )
    check.add_argument("--ignore", action="append", help="rules to disable: codes, prefixes, names")
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        help="lowest severity that makes the exit code 1 (default: info, i.e. any finding)",
    )
    check.add_argument(
        "--config", metavar="FILE", help="configuration file (default: the nearest one above)"
    )
    check.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    check.add_argument(
        "--respect-gitignore",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="leave out of directory walks what .gitignore ignores (default: on, or the "
        "configuration's respect-gitignore)",
    )
    check.add_argument(
        "--no-progress", action="store_true", help="no progress bar, even on a terminal"
    )
    check.add_argument(
        "--max-file-size",
        metavar="SIZE",
        help="do not read files larger than SIZE (bytes, or e.g. 20MiB, 500KB; default 100MiB)",
    )
    check.add_argument(
        "--plan-source",
        metavar="DIR",
        help="the Terraform root module the plans were made from (default: each plan's "
        "directory); findings point at its .tf attributes",
    )
    check.add_argument(
        "-j",
        "--jobs",
        type=_job_count,
        default=1,
        metavar="N",
        help="lint in N processes (0: one per CPU; default 1; at most one per file or "
        "module and 4 per CPU)",
    )
    check.add_argument(
        "--show-suppressed", action="store_true", help="list suppressed findings too, marked"
    )
    check.add_argument(
        "--no-suppressions",
        action="store_true",
        help="audit: ignore every suppression (in-source directives and per-file-ignores)",
    )
    check.add_argument(
        "--baseline", metavar="FILE", help="report only findings that FILE does not list"
    )
    check.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="write the current findings to FILE as a baseline and exit 0",
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when there are findings"
    )
    check.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print the findings only: no summary line, no warning when nothing was found "
        "(the pre-commit hook's mode: each of its processes would print its own)",
    )
    check.add_argument("--debug", action="store_true", help="print tracebacks of crashed rules")

    rule = commands.add_parser("rule", help="explain a rule", allow_abbrev=False)
    rule.add_argument("selector", help="a rule code (LL101) or name (env-vars-too-large)")
    _configuration_options(rule)

    rules = commands.add_parser(
        "rules", help="list every rule (built-in, rule packs, rules-dirs)", allow_abbrev=False
    )
    rules.add_argument("--format", choices=("text", "json"), default="text")
    _configuration_options(rules)

    commands.add_parser(
        "server",
        help="a Language Server over stdio (needs the [server] extra)",
        allow_abbrev=False,
    )
    return parser


def _configuration_options(command: argparse.ArgumentParser) -> None:
    """``--config`` and ``--isolated`` for ``rule``/``rules``: which local rules exist."""
    command.add_argument(
        "--config",
        metavar="FILE",
        help="configuration whose rules-dirs to read (default: "
        "the nearest one above the working directory)",
    )
    command.add_argument("--isolated", action="store_true", help="ignore every configuration")


def _job_count(text: str) -> int:
    """``--jobs``: a whole number, 0 or more (argparse turns the ValueError into exit 2)."""
    value = int(text, 10) if text.strip().isdigit() else -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (0 or more)")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every failure is one line on stderr, never a traceback."""
    raw = list(sys.argv[1:] if argv is None else argv)
    if raw == ["--version"]:  # the start-up budget: nothing more to import for it
        return _run(raw)
    from lambda_lint.argv import with_command_first
    from lambda_lint.streams import prepare

    prepare()
    try:
        return _run(with_command_first(raw))
    except KeyboardInterrupt:
        print("lambda-lint: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _run(args_list: list[str]) -> int:
    parser = _parser()
    try:
        args, unknown = parser.parse_known_args(args_list)
        if unknown:  # told with the usage of the command they were given to
            command = _subparsers(parser).get(args.command or "", parser)
            command.error(f"unrecognized arguments: {' '.join(unknown)}")
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 for --help/--version
        return int(exc.code or 0)
    if args.command == "server":
        from lambda_lint.server import main as serve

        return serve()
    if args.command in ("rule", "rules"):
        rules_dirs = _rules_dirs(args)
        if rules_dirs is None:
            return EXIT_ERROR
        if args.command == "rule":
            from lambda_lint.commands import explain_rule

            return _to_stdout(lambda: explain_rule(args.selector, sys.stdout, rules_dirs))
        from lambda_lint.commands import list_rules

        return _to_stdout(lambda: list_rules(args.format, sys.stdout, rules_dirs))
    return _check(args)


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser of each subcommand, by name."""
    for action in parser._actions:  # argparse offers no public way to reach them
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _rules_dirs(args: argparse.Namespace) -> tuple[Path, ...] | None:
    """The local rule folders of the configuration (``--config``, else the nearest one),
    so ``rule`` and ``rules`` show what ``check`` would run; None after a usage error."""
    from lambda_lint.api import load_configuration
    from lambda_lint.config import ConfigError

    try:
        config = Path(args.config) if args.config else None
        return load_configuration(Path.cwd(), config, args.isolated).rules_dirs
    except (ConfigError, OSError) as exc:
        _error(str(exc))
        return None


def _to_stdout(command: Callable[[], int]) -> int:
    """Run a command that prints to stdout; a reader that left or a full disk is no traceback."""
    try:
        code = command()
        sys.stdout.flush()
    except OSError as exc:
        return EXIT_OK if _stdout_failed(exc) else EXIT_ERROR
    return code


def _stdout_failed(exc: OSError) -> bool:
    """Handle a failed write to stdout: True when the reader merely left (``| head``:
    not an error, as for any Unix filter), False after reporting why (a full disk)."""
    from lambda_lint.streams import reason, silence_stdout

    silence_stdout()
    if isinstance(exc, BrokenPipeError):
        return True
    _error(f"cannot write the report: {reason(exc)}")
    return False


def _fixed_settings(args: argparse.Namespace) -> Settings | None:
    """``--config FILE`` or ``--isolated``: one configuration for every file; None: each
    file's nearest one."""
    from lambda_lint.api import load_configuration

    if args.config is None and not args.isolated:
        return None
    config = Path(args.config) if args.config else None
    return load_configuration(Path.cwd(), config, args.isolated)


def _check(args: argparse.Namespace) -> int:
    from lambda_lint.baseline import BaselineError
    from lambda_lint.config import ConfigError
    from lambda_lint.discovery import MissingPathError
    from lambda_lint.hierarchy import lint_groups, plan
    from lambda_lint.pipeline import WorkerDied
    from lambda_lint.registry import PluginError
    from lambda_lint.selection import SelectorError

    if args.statistics and args.format not in ("auto", "concise", "full", "json"):
        _error(f"--statistics works with --format concise, full or json, not {args.format}")
        return EXIT_ERROR
    try:
        os.getcwd()
    except OSError as exc:  # deleted under us: relative paths and the config search mean nothing
        message = f"cannot use the working directory: {exc.strerror or exc}"
        _error(message)
        return EXIT_ERROR
    paths, stdin = _paths(args)
    if paths is None:
        return EXIT_ERROR
    try:
        fixed = _fixed_settings(args)
        overrides = _overrides(args)
        if stdin is not None:
            overrides = _with_stdin(overrides, stdin, fixed)
        groups = plan(paths, overrides, fixed)
    except (ConfigError, PluginError, SelectorError, BaselineError, MissingPathError) as exc:
        _error(str(exc))
        return EXIT_ERROR
    bar = _progress_bar(args) if stdin is None else None
    try:
        linted = lint_groups(groups, bar, _jobs(args.jobs))
    except WorkerDied as exc:
        _error(str(exc))
        return EXIT_ERROR
    finally:
        if bar is not None:
            bar.close()
    report = linted.report
    if args.debug:
        for trace in report.debug:
            print(trace, file=sys.stderr)
    if not report.files_checked and not args.quiet:
        print(f"lambda-lint: warning: {_nothing_found(paths)}", file=sys.stderr)
    if args.write_baseline:
        return _write_baseline(Path(args.write_baseline), report)
    if args.show_suppressed or args.quiet:
        from dataclasses import replace  # not at the top: ``--version`` needs no dataclasses

        report = replace(report, show_suppressed=args.show_suppressed, quiet=args.quiet)
    if not _write_report(args, report):
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if linted.failed else EXIT_OK


def _overrides(args: argparse.Namespace) -> Overrides:
    """What the command line changes over every configuration."""
    from lambda_lint.api import Overrides
    from lambda_lint.baseline import read_baseline
    from lambda_lint.config import parse_size
    from lambda_lint.findings import Severity

    return Overrides(
        select=_selectors(args.select) if args.select else None,
        extend_select=_selectors(args.extend_select),
        ignore=_selectors(args.ignore),
        baseline=read_baseline(Path(args.baseline)) if args.baseline else None,
        max_file_size=parse_size(args.max_file_size) if args.max_file_size else None,
        suppressions=not args.no_suppressions,
        fail_on=Severity(args.fail_on) if args.fail_on else None,
        respect_gitignore=args.respect_gitignore,
        plan_source=Path(args.plan_source) if args.plan_source else None,
    )


def _paths(args: argparse.Namespace) -> tuple[list[str] | None, str | None]:
    """The paths to lint and the name standard input is read as (None: not read).

    ``-`` reads one file from standard input, as ruff does; ``--stdin-filename`` alone
    also does, and names it. ``-`` mixed with other paths is a usage error (None, None).
    """
    paths: list[str] = args.paths
    if "-" not in paths and not (args.stdin_filename and not paths):
        if args.stdin_filename:
            _error("--stdin-filename names standard input: give - as the only path")
            return None, None
        return paths or ["."], None
    if paths not in ([], ["-"]):
        _error("- (standard input) cannot be combined with other paths")
        return None, None
    name = args.stdin_filename or "-"
    return [name], name


def _with_stdin(overrides: Overrides, name: str, fixed: Settings | None) -> Overrides:
    """``overrides`` with standard input as the contents of ``name``, read up to one byte
    past the file-size cap that applies to ``name`` (an endless stream is LL001, not a
    hang on memory)."""
    from lambda_lint.api import load_configuration
    from lambda_lint.defaults import DEFAULT_MAX_BYTES

    absolute = os.path.abspath(name)
    settings = fixed or load_configuration(Path(absolute).parent)
    cap = overrides.max_file_size or settings.max_file_size or DEFAULT_MAX_BYTES
    stream = sys.stdin.buffer if sys.stdin is not None else None
    data = stream.read(cap + 1) if stream is not None else b""
    return overrides._replace(buffers={absolute: data})


def _nothing_found(paths: Sequence[str]) -> str:
    """Why the run checked nothing, naming (a few of) the paths it was given."""
    from lambda_lint.escaping import printable

    shown = ", ".join(printable(path) for path in paths[:3])
    more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
    return f"no CloudFormation, SAM, Serverless Framework or Terraform files found in {shown}{more}"


def _jobs(requested: int) -> int:
    """``--jobs N`` within reason: 0 is one per CPU, and never more than 4 per CPU
    (the engine further limits it to one per unit)."""
    cpus = os.cpu_count() or 1
    return min(requested or cpus, 4 * cpus)


def _progress_bar(args: argparse.Namespace) -> ProgressBar | None:
    """A bar on a terminal's stderr, for the human formats only (machine output stays pure)."""
    from lambda_lint.formatters import MACHINE_FORMATS, resolve

    shown = resolve(args.format, os.environ, sys.stdout.isatty())
    if args.no_progress or shown in MACHINE_FORMATS or not sys.stderr.isatty():
        return None
    from lambda_lint.progress import ProgressBar

    return ProgressBar()


def _write_baseline(path: Path, report: Report) -> int:
    """Record every active finding in ``path``; the run then passes (exit 0).

    The file is replaced only once the new one is complete: a full disk leaves the
    old baseline as it was.
    """
    from lambda_lint.atomic import atomic_write
    from lambda_lint.baseline import write_baseline
    from lambda_lint.streams import reason

    try:
        atomic_write(path, lambda stream: write_baseline(report.findings, stream))
    except OSError as exc:
        _error(f"cannot write {path}: {reason(exc)}")
        return EXIT_ERROR
    count = len(report.findings)
    print(
        f"lambda-lint: wrote {count} finding{'s' if count != 1 else ''} to {path}", file=sys.stderr
    )
    return EXIT_OK


def _write_report(args: argparse.Namespace, report: Report) -> bool:
    """Write the report in the chosen format to stdout or ``--output-file``; False when
    it cannot be written. ``auto`` looks at where the report goes: a file is never a
    terminal, nor read by the Actions runner, so it gets ``concise``. A file is
    replaced only once the new report is complete."""
    from lambda_lint.formatters import resolve
    from lambda_lint.streams import reason

    if args.output_file is None:
        output_format = resolve(args.format, os.environ, sys.stdout.isatty())
        try:
            _render(args, output_format, report, sys.stdout)
            sys.stdout.flush()
        except OSError as exc:
            return _stdout_failed(exc)
        return True
    from lambda_lint.atomic import atomic_write

    output_format = "concise" if args.format == "auto" else args.format
    try:
        atomic_write(
            Path(args.output_file), lambda stream: _render(args, output_format, report, stream)
        )
    except OSError as exc:
        _error(f"cannot write {args.output_file}: {reason(exc)}")
        return False
    return True


def _render(args: argparse.Namespace, output_format: str, report: Report, stream: TextIO) -> None:
    """The findings in ``output_format``, or with ``--statistics`` the count per rule."""
    if args.statistics:
        from lambda_lint.formatters import statistics

        if output_format == "json":
            statistics.write_json(report, stream)
        else:
            statistics.write(report, stream)
        return
    from lambda_lint.formatters import write

    write(output_format, report, stream)
