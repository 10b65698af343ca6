"""Write the rule pages, ``docs/rules/<CODE>.md`` and ``docs/rules/README.md``, from the rules.

    python scripts/rule_pages.py            # rewrite the pages of every built-in rule
    python scripts/rule_pages.py --check    # exit 1 and name the stale pages instead

Run it after adding or changing a rule, or after merging branches that did: the pages
are generated from the rule classes (docstring, severity, messages, options), so they
are never edited by hand. Pages of rules that no longer exist are removed.
``tests/test_rule_pages.py`` fails while a page is stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def stale(folder: Path, wanted: dict[str, str]) -> list[str]:
    """The pages of ``folder`` that differ from ``wanted``, are missing or are left over."""
    present = {path.name for path in folder.glob("*.md")} if folder.is_dir() else set()
    changed = [
        name
        for name, text in wanted.items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]
    return sorted(changed + sorted(present - set(wanted)))


def main(argv: list[str] | None = None) -> int:
    from lambda_lint.registry import all_rules
    from lambda_lint.rule_pages import PAGES_DIR, pages

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="only report stale pages")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (default: here)")
    args = parser.parse_args(argv)
    folder = args.root / PAGES_DIR
    wanted = pages(all_rules())
    outdated = stale(folder, wanted)
    if args.check:
        for name in outdated:
            print(f"{PAGES_DIR}/{name} is stale", file=sys.stderr)
        return 1 if outdated else 0
    folder.mkdir(parents=True, exist_ok=True)
    for name in outdated:
        if name in wanted:
            (folder / name).write_text(wanted[name], encoding="utf-8", newline="\n")
        else:
            (folder / name).unlink()
    print(f"{len(outdated)} page(s) written or removed in {PAGES_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
