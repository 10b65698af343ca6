"""An organisation's lambda-lint rules, registered through the ``lambda_lint.rules`` entry point.

``RULES`` is what ``pyproject.toml`` points the entry point at: lambda-lint loads every
Rule subclass in it and refuses a code that another rule already uses, so a pack owns a
prefix of its own (``ORG``) instead of borrowing the built-in ``LL`` codes.
"""

from __future__ import annotations

from lambda_lint.rule import Rule

from .default_timeout import DefaultTimeout

RULES: tuple[type[Rule], ...] = (DefaultTimeout,)

__all__ = ["RULES", "DefaultTimeout"]
