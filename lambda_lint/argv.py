"""Where the subcommand stands: ``lambda-lint [OPTIONS] [COMMAND] [ARGS]``.

``check`` is the default command, and its options may come before the command
name (``lambda-lint --isolated check src``), as ruff allows for its global
options. The command is the first argument that is neither an option nor an
option's value, when it is a command name; otherwise the command is ``check``
and that argument is its first path. So ``lambda-lint --isolated check`` runs
``check`` on ``.``; a path literally named ``check`` is written ``./check``,
comes after the command (``lambda-lint check check``) or after ``--``.
"""

from __future__ import annotations

from collections.abc import Sequence

COMMANDS = ("check", "rule", "rules", "server")
# Options of ``check`` (and ``rules``) that take a value: the next argument is not a command.
_WITH_VALUE = frozenset(
    {
        "--format",
        "--output-file",
        "--select",
        "--extend-select",
        "--ignore",
        "--fail-on",
        "--config",
        "--max-file-size",
        "--plan-source",
        "-j",
        "--jobs",
        "--baseline",
        "--write-baseline",
        "--stdin-filename",
    }
)
_TOP_LEVEL = ("-h", "--help", "--version")


def with_command_first(args: Sequence[str]) -> list[str]:
    """``args`` reordered so that argparse sees the command first (``check`` if none)."""
    args = list(args)
    index = _command_index(args)
    if index is not None:
        return [args[index], *args[:index], *args[index + 1 :]]
    if args and args[0] in _TOP_LEVEL:
        return args
    return ["check", *args]


def _command_index(args: list[str]) -> int | None:
    """The position of the first positional argument, when it names a command."""
    skip_value = False
    for index, arg in enumerate(args):
        if skip_value:
            skip_value = False
        elif arg == "--":
            return None
        elif arg.startswith("-") and arg != "-":
            skip_value = arg in _WITH_VALUE
        else:
            return index if arg in COMMANDS else None
    return None
