"""lambda-lint: a static configuration linter for AWS Lambda."""

__version__ = "0.1.0"
