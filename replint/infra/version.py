"""The version of replint (also in pyproject.toml)."""

__version__ = "0.1.0"
