"""``[tool.lambda-lint]`` in ``pyproject.toml``, or ``lambda-lint.toml``: found, parsed, checked.

The search walks up from each linted file's folder (``ConfigFinder``; see
``hierarchy``) and stops at the first ``lambda-lint.toml`` or ``.lambda-lint.toml``,
or ``pyproject.toml`` holding a ``[tool.lambda-lint]`` table (ruff's and cfn-lint's
habit), so a monorepo can keep one configuration at its root and one per project.
Globs and folders in it are relative to the file.
A configuration error is a usage error (exit 2), never silently ignored.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lambda_lint.findings import Severity
from lambda_lint.schema_check import errors

OWN_NAMES = ("lambda-lint.toml", ".lambda-lint.toml")
PYPROJECT = "pyproject.toml"


class ConfigError(ValueError):
    """A configuration file that cannot be read or does not match the schema."""


@dataclass(frozen=True)
class Settings:
    """Everything a configuration file can set; the defaults are the built-in behaviour."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fail_on: Severity | None = None
    exclude: tuple[str, ...] = ()
    rules_dirs: tuple[Path, ...] = ()
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    max_file_size: int | None = None  # bytes; None: the built-in cap
    rule_timeout: float | None = None  # seconds per third-party rule and file; None: 10
    respect_gitignore: bool = True  # directory walks leave out what .gitignore ignores
    root: Path = Path(".")  # the configuration file's folder: globs are relative to it
    source: str = ""  # the file, for messages ("" when there is none)


def schema() -> dict[str, Any]:
    """The configuration's JSON Schema (shipped for editors, too)."""
    from importlib import resources  # here: a run without a configuration file never needs it

    text = resources.files("lambda_lint").joinpath("data/config.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


MAX_CONFIG_BYTES = 10 * 1024 * 1024  # a configuration is a few lines; this is generous


def read_small(path: Path, error: type[ValueError]) -> bytes:
    """The bytes of a small regular file (a configuration, a baseline): a pipe, a device
    or a file over 10 MiB is refused with ``error`` rather than read forever."""
    from lambda_lint.parsing import ParseError
    from lambda_lint.parsing.reader import read_bytes

    try:
        return read_bytes(path, MAX_CONFIG_BYTES)
    except ParseError as exc:
        message = str(exc).replace("; not a template", "").replace(" (--max-file-size)", "")
        raise error(f"{path}: {message}") from None


def _invalid(path: Path, message: str) -> ConfigError:
    return ConfigError(f"invalid configuration: {path}: {message}")


def _load_toml(path: Path, data: bytes | None = None) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    if data is None:
        data = read_small(path, ConfigError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _invalid(path, f"invalid UTF-8 at byte {exc.start}") from None
    try:
        loaded: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _invalid(path, f"invalid TOML: {exc}") from None
    except RecursionError:
        raise _invalid(path, "nested too deeply") from None
    return loaded


def _section(path: Path) -> dict[str, Any] | None:
    """The lambda-lint table of ``path``; None for a pyproject.toml without one."""
    if path.name != PYPROJECT:
        return _load_toml(path)
    data = read_small(path, ConfigError)
    if b"lambda-lint" not in data:
        return None  # skip parsing the many pyproject.toml files that are not ours
    tool = _load_toml(path, data).get("tool", {})
    if not isinstance(tool, dict):
        raise _invalid(path, "tool must be a table")
    table = tool.get("lambda-lint")
    if table is not None and not isinstance(table, dict):
        raise _invalid(path, "[tool.lambda-lint] must be a table")
    return table


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``."""
    for folder in (start, *start.parents):
        found = _config_in(folder)
        if found is not None:
            return found
    return None


class ConfigFinder:
    """The nearest configuration of many files, each folder looked at once: a walk of
    thousands of files in a few folders costs a few ``stat`` calls per folder."""

    def __init__(self) -> None:
        self._folders: dict[Path, Path | None] = {}

    def config_for(self, file: Path) -> Path | None:
        """The configuration governing ``file``: the nearest one at or above its folder."""
        import os

        folder = Path(os.path.abspath(file)).parent
        unknown: list[Path] = []
        found: Path | None = None
        for current in (folder, *folder.parents):
            if current in self._folders:
                found = self._folders[current]
                break
            unknown.append(current)
            found = _config_in(current)
            if found is not None:
                break
        for current in unknown:
            self._folders[current] = found
        return found


def _config_in(folder: Path) -> Path | None:
    """The configuration file of ``folder`` itself, or None."""
    for name in OWN_NAMES:
        if (folder / name).is_file():
            return folder / name
    pyproject = folder / PYPROJECT
    if pyproject.is_file() and _section(pyproject) is not None:
        return pyproject
    return None


def load_settings(path: Path) -> Settings:
    """Parse and validate one configuration file."""
    try:
        return _settings(path)
    except RecursionError:  # the schema check walks values: a deep one is not a setting
        raise _invalid(path, "nested too deeply") from None


def _settings(path: Path) -> Settings:
    table = _section(path)
    if table is None:
        raise ConfigError(f"{path}: no [tool.lambda-lint] table")
    where = f"{path} [tool.lambda-lint]" if path.name == PYPROJECT else str(path)
    for keys, message in errors(table, schema()):
        raise ConfigError(f"{where}: {'.'.join(keys) or 'table'}: {message}")
    root = path.parent
    return Settings(
        select=tuple(table["select"]) if "select" in table else None,
        extend_select=tuple(table.get("extend-select", ())),
        ignore=tuple(table.get("ignore", ())),
        per_file_ignores={
            glob: tuple(codes) for glob, codes in table.get("per-file-ignores", {}).items()
        },
        severity={code: Severity(value) for code, value in table.get("severity", {}).items()},
        fail_on=Severity(table["fail-on"]) if "fail-on" in table else None,
        exclude=tuple(table.get("exclude", ())),
        rules_dirs=tuple(root / folder for folder in table.get("rules-dirs", ())),
        rule_options=dict(table.get("rules", {})),
        max_file_size=parse_size(table["max-file-size"]) if "max-file-size" in table else None,
        rule_timeout=float(table["rule-timeout"]) if "rule-timeout" in table else None,
        respect_gitignore=bool(table.get("respect-gitignore", True)),
        root=root,
        source=where,
    )


MAX_FILE_SIZE = 2**40  # 1 TiB: beyond it a "size" is a typo, and reads would overflow
_SIZE = re.compile(r"(\d+)\s*([KMG]i?B|B)?", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9}
_UNITS |= {"kib": 2**10, "mib": 2**20, "gib": 2**30}


def parse_size(value: int | str) -> int:
    """Bytes from ``1048576``, ``"500KB"`` or ``"100 MiB"`` (the file-size cap's spellings)."""
    if isinstance(value, int):
        size = value
    else:
        match = _SIZE.fullmatch(value.strip())
        if match is None:
            raise ConfigError(f"max-file-size: {value!r} is not a size such as 100MiB or 500KB")
        size = int(match.group(1)) * _UNITS[(match.group(2) or "").lower()]
    if size < 1:
        raise ConfigError(f"max-file-size: {value!r} must be at least one byte")
    if size > MAX_FILE_SIZE:
        raise ConfigError(f"max-file-size: {value!r} is over the largest cap, 1TiB")
    return size


def check_rule_codes(settings: Settings, known: Mapping[str, Mapping[str, Any]]) -> None:
    """Codes the configuration names must exist; rule options must match each rule's schema.

    ``known`` maps every rule code to its ``options_schema`` (JSON Schema properties).
    """
    named = {f"severity.{code}": code for code in settings.severity} | {
        f"per-file-ignores.{glob}": code
        for glob, codes in settings.per_file_ignores.items()
        for code in codes
    }
    for where, code in named.items():
        if code not in known:
            raise ConfigError(f"{settings.source}: {where}: unknown rule code {code!r}")
    for code, options in settings.rule_options.items():
        if code not in known:
            raise ConfigError(f"{settings.source}: rules.{code}: unknown rule code {code!r}")
        option_schema = {
            "type": "object",
            "additionalProperties": False,
            "properties": known[code],
        }
        for keys, message in errors(options, option_schema):
            path = ".".join(("rules", code, *keys))
            hint = f" ({code} has no options)" if not known[code] else ""
            raise ConfigError(f"{settings.source}: {path}: {message}{hint}")
