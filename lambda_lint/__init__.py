"""lambda-lint: a static configuration linter for AWS Lambda."""

# The one place the version is written: pyproject.toml reads it from here
# (``dynamic = ["version"]``), and ``lambda-lint --version`` prints it without
# importing importlib.metadata (the start-up budget).
__version__ = "0.1.0"
