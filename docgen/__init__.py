"""docgen: the paper trail of a Russian school mentoring programme."""


def create_app(test_config=None):
    """The web application (Flask). Imported lazily: the core does not need Flask."""
    from docgen.web.app import create_app as _create_app

    return _create_app(test_config)
