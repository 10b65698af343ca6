"""Configuration found from each linted file: the nearest one above it, as ruff does."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from lambda_lint.config import ConfigFinder

from .conftest import TIMEOUT_1200, Cli

LL110 = (
    ":6:16: error: timeout 1200 s is outside Lambda's range of 1 to 900 seconds (15 minutes) "
    "[LL110]"
)


@pytest.fixture
def monorepo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A root configuration selecting LL110 and a project ``svc`` that ignores it."""
    root = tmp_path / "repo"
    (root / "svc" / "stacks").mkdir(parents=True)
    (root / "infra").mkdir()
    (root / "lambda-lint.toml").write_text('select = ["LL110"]\n', encoding="utf-8")
    (root / "svc" / "pyproject.toml").write_text(
        '[project]\nname = "svc"\n\n[tool.lambda-lint]\nselect = ["LL110"]\nignore = ["LL110"]\n',
        encoding="utf-8",
    )
    for path in ("infra/a.yaml", "svc/stacks/b.yaml"):
        (root / path).write_text(TIMEOUT_1200, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_each_file_gets_its_nearest_configuration(cli: Cli, monorepo: Path) -> None:
    code, out, err = cli(".", "--format", "concise")
    assert (code, err) == (1, "")
    assert out.splitlines() == [f"infra/a.yaml{LL110}", "Found 1 finding (1 error) in 1 file."]


def test_the_configuration_is_found_from_the_file_not_the_working_directory(
    cli: Cli, monorepo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(monorepo / "infra")  # the root configuration is above, svc's is not
    code, out, _ = cli("../svc/stacks/b.yaml", "--format", "concise")
    assert (code, out) == (0, "All checks passed! (1 file checked)\n")


def test_config_option_wins_for_every_file(cli: Cli, monorepo: Path) -> None:
    code, out, _ = cli(".", "--config", "lambda-lint.toml", "--format", "concise")
    assert code == 1
    assert out.splitlines() == [
        f"infra/a.yaml{LL110}",
        f"svc/stacks/b.yaml{LL110}",
        "Found 2 findings (2 errors) in 2 files.",
    ]


def test_isolated_uses_no_configuration(cli: Cli, monorepo: Path) -> None:
    code, out, _ = cli("svc", "--isolated", "--select", "LL110", "--format", "concise")
    assert (code, out.splitlines()[0]) == (1, f"svc/stacks/b.yaml{LL110}")


def test_a_nested_exclude_is_relative_to_its_own_file(cli: Cli, monorepo: Path) -> None:
    (monorepo / "svc" / "pyproject.toml").write_text(
        '[tool.lambda-lint]\nselect = ["LL110"]\nexclude = ["stacks/*.yaml"]\n', encoding="utf-8"
    )
    (monorepo / "svc" / "c.yaml").write_text(TIMEOUT_1200, encoding="utf-8")
    code, out, _ = cli("svc", "--format", "concise")
    assert out.splitlines() == [f"svc/c.yaml{LL110}", "Found 1 finding (1 error) in 1 file."]
    assert code == 1


def test_fail_on_is_each_configurations_own(cli: Cli, monorepo: Path) -> None:
    (monorepo / "lambda-lint.toml").write_text(
        'select = ["LL110"]\nseverity = { LL110 = "info" }\nfail-on = "warning"\n',
        encoding="utf-8",
    )
    code, out, _ = cli("infra", "--format", "concise")
    assert (code, out.splitlines()[-1]) == (0, "Found 1 finding (1 info) in 1 file.")
    (monorepo / "svc" / "pyproject.toml").write_text(
        '[tool.lambda-lint]\nselect = ["LL110"]\n', encoding="utf-8"
    )
    code, out, _ = cli(".", "--format", "concise")  # svc fails on any finding
    assert (code, out.splitlines()[-1]) == (1, "Found 2 findings (1 error, 1 info) in 2 files.")


def test_stdin_filename_picks_the_configuration(
    cli: Cli, monorepo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, expected in (("svc/new.yaml", 0), ("infra/new.yaml", 1)):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(TIMEOUT_1200.encode())))
        code, _, _ = cli("-", "--stdin-filename", name, "--format", "concise")
        assert code == expected, name


def test_a_broken_nested_configuration_is_a_usage_error(cli: Cli, monorepo: Path) -> None:
    (monorepo / "svc" / "lambda-lint.toml").write_text("select = 1\n", encoding="utf-8")
    code, out, err = cli(".", "--format", "concise")
    assert (code, out) == (2, "")
    assert err.startswith("lambda-lint: error: ") and "svc/lambda-lint.toml" in err


def test_the_finder_looks_at_each_folder_once(
    monorepo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import lambda_lint.config as config

    looked: list[Path] = []
    real = config._config_in

    def counting(folder: Path) -> Path | None:
        looked.append(folder)
        return real(folder)

    monkeypatch.setattr(config, "_config_in", counting)
    finder = ConfigFinder()
    deep = monorepo / "svc" / "stacks"
    assert finder.config_for(deep / "a.yaml") == monorepo / "svc" / "pyproject.toml"
    assert finder.config_for(deep / "b.yaml") == monorepo / "svc" / "pyproject.toml"
    assert finder.config_for(monorepo / "svc" / "x.yaml") == monorepo / "svc" / "pyproject.toml"
    assert finder.config_for(monorepo / "infra" / "a.yaml") == monorepo / "lambda-lint.toml"
    assert looked == [deep, monorepo / "svc", monorepo / "infra", monorepo]
