"""«Шаблоны» pages of municipal packages: list, build, publish, export, import."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from docgen.store import packages, templates

from .audit_area import log_action
from .context import current_scope
from .db import get_db, get_files
from .downloads import attachment
from .templates_common import ZIP, _is_authority, _kind, _permissions, bp

# -- packages ----------------------------------------------------------------------------------


@bp.get("/packages/")
def packages_page():
    db, scope = get_db(), current_scope()
    own_live = [(k, templates.live_version(db, scope, k.id)) for k in templates.kinds_for_org(db, scope)]
    return render_template(
        "templates/packages.html",
        authority=_is_authority(),
        own=packages.list_packages(db, scope),
        published=packages.published_to(db, scope),
        own_live=[(k, v) for k, v in own_live if v is not None],
        **_permissions(),
    )


@bp.post("/packages/")
def create_package():
    db, files, scope = get_db(), get_files(), current_scope()
    kinds = request.form.getlist("kinds")
    try:
        package_id = packages.create_package(
            db, files, scope, name=request.form.get("name", ""), kinds=kinds,
            comment=request.form.get("comment", ""),
        )  # fmt: skip
    except (packages.NothingToPackage, packages.InvalidPackage, packages.NotAnAuthority) as exc:
        flash(str(exc), "error")
        return redirect(url_for(".packages_page"))
    found = packages.get_package(db, scope, package_id)
    log_action("package_change", "package", package_id, change="create", version=found["version"])
    flash(
        f"Собран пакет «{found['name']}», версия {found['version']}. Проверьте состав и опубликуйте.",
        "success",
    )
    return redirect(url_for(".package", package_id=package_id))


@bp.get("/packages/<int:package_id>")
def package(package_id: int):
    db, scope = get_db(), current_scope()
    found = packages.get_package(db, scope, package_id)
    return render_template(
        "templates/package.html",
        package=found,
        mine=found["org_id"] == scope.org_id,
        authority=_is_authority(),
        **_permissions(),
    )


@bp.post("/packages/<int:package_id>/publish")
def publish_package(package_id: int):
    db, scope = get_db(), current_scope()
    found = packages.publish_package(db, scope, package_id)
    log_action("package_change", "package", package_id, change="publish", version=found["version"])
    flash(
        f"Пакет «{found['name']}», версия {found['version']}, опубликован для подведомственных организаций.",
        "success",
    )
    return redirect(url_for(".package", package_id=package_id))


@bp.get("/packages/<int:package_id>/export.zip")
def export_package(package_id: int):
    db, files, scope = get_db(), get_files(), current_scope()
    found = packages.get_package(db, scope, package_id)
    content = packages.export_package(db, files, scope, package_id)
    return attachment(content, f"paket-shablonov-{found['id']}-v{found['version']}.zip", ZIP)


@bp.get("/packages/<int:package_id>/templates/<kind_id>.docx")
def package_template(package_id: int, kind_id: str):
    kind = _kind(kind_id)
    found = packages.get_package(get_db(), current_scope(), package_id)
    _name, content = packages.package_file(get_db(), get_files(), current_scope(), package_id, kind.id)
    return attachment(content, f"{kind.id}-paket-v{found['version']}.docx")


@bp.get("/packages/<int:package_id>/materials/<path:name>")
def package_material(package_id: int, name: str):
    file_name, content = packages.material_file(get_db(), get_files(), current_scope(), package_id, name)
    mimetype = "application/json" if file_name.endswith(".json") else None
    return attachment(content, file_name, mimetype)


@bp.post("/packages/import")
def import_package():
    try:
        uploaded = request.files.get("file")
    except RequestEntityTooLarge:
        flash("Файл пакета больше предела загрузки.", "error")
        return redirect(url_for(".packages_page")), 413  # type: ignore[return-value]
    if uploaded is None or not uploaded.filename:
        flash("Выберите ZIP-файл пакета.", "error")
        return redirect(url_for(".packages_page"))
    db, files, scope = get_db(), get_files(), current_scope()
    publish_now = request.form.get("publish") == "1"
    try:
        package_id = packages.import_package(db, files, scope, uploaded.read(), publish=publish_now)
    except (packages.InvalidPackage, packages.PackageExists, packages.NotAnAuthority) as exc:
        flash(f"Пакет не импортирован: {exc}", "error")
        return redirect(url_for(".packages_page"))
    found = packages.get_package(db, scope, package_id)
    log_action("package_change", "package", package_id, change="import", version=found["version"])
    flash(f"Импортирован пакет «{found['name']}», версия {found['version']}.", "success")
    return redirect(url_for(".package", package_id=package_id))
