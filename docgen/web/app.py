"""The application factory: `create_app()` for `docgen serve`, gunicorn and tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from docgen.logging_setup import configure as configure_logging

from . import archive_indexing, config, db, errors, health, metrics, request_id, security, setup_code
from .context import bp as main_bp
from .context import load_scope, template_globals
from .filters import register_filters

HERE = Path(__file__).resolve().parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    # docgen/templates/ holds the .docx templates: the HTML lives in docgen/web/html/.
    app = Flask(
        "docgen.web",
        template_folder=str(HERE / "html"),
        static_folder=str(HERE / "static"),
    )
    configure_logging()  # a no-op under gunicorn, whose config already installed it
    config.configure(app, test_config)
    db.init_app(app)
    archive_indexing.init_app(app)  # issued documents indexed after the response
    errors.register(app)
    register_filters(app)

    if int(app.config["PROXIES"]) > 0:  # X-Forwarded-For of this many trusted reverse proxies
        from werkzeug.middleware.proxy_fix import ProxyFix

        proxies = int(app.config["PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    request_id.init_app(app)  # before every other hook: even a refused request has its id
    metrics.init_app(app)
    security.init_app(app)  # the CSRF check runs first, then the user and the endpoint check
    app.before_request(load_scope)
    app.context_processor(template_globals)

    from . import (  # noqa: F401  (they register their routes on another module's blueprint)
        auth_admin,  # auth.bp
        auth_setup,  # auth.bp
        preview_routes,  # previews.bp
        registry_import,  # registry_area.bp
        registry_kpi,  # registry_area.bp
        registry_roadmap,  # registry_area.bp
        registry_rollup,  # registry_area.bp
    )
    from .api import bp as api_bp
    from .archive import bp as archive_bp
    from .audit_area import bp as audit_bp
    from .auth import bp as auth_bp
    from .auth_api import api_bp as auth_api_bp
    from .documents import bp as documents_bp
    from .dossiers import bp as dossiers_bp
    from .drafts import bp as drafts_bp
    from .issue_progress import bp as issue_progress_bp
    from .journal import bp as journal_bp
    from .pairs_table import bp as pairs_table_bp
    from .previews import bp as previews_bp
    from .registry_area import bp as registry_bp
    from .templates_area import bp as templates_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(dossiers_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(journal_bp)
    app.register_blueprint(archive_bp)
    app.register_blueprint(templates_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(auth_api_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(previews_bp)
    app.register_blueprint(drafts_bp)
    app.register_blueprint(registry_bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(metrics.bp)
    app.register_blueprint(pairs_table_bp)
    app.register_blueprint(issue_progress_bp)
    setup_code.announce(app)
    return app
