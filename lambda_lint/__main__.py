"""``python -m lambda_lint``."""

from lambda_lint.cli import main

raise SystemExit(main())
