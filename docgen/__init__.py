"""docgen: the paper trail of a Russian school mentoring programme."""

from typing import Any


def create_app(test_config=None):
    """The web application (Flask). Imported lazily: the core does not need Flask."""
    from docgen.web.app import create_app as _create_app

    return _create_app(test_config)


def __getattr__(name: str) -> Any:
    """`docgen.__version__` from the installed package's metadata (read only when asked)."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("docgen")
        except PackageNotFoundError:  # run from a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module 'docgen' has no attribute {name!r}")
