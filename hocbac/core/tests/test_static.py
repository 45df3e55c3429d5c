"""The stylesheet and vendored htmx are found by collectstatic (so `make run` serves them)."""

from django.contrib.staticfiles import finders
from django.core.management import call_command


def test_vendored_static_files_are_collected_with_a_manifest(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    for path in ["css/site.css", "vendor/htmx-2.0.8/htmx.min.js"]:
        assert finders.find(path), path
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "css/site.css" in manifest and "htmx.min.js" in manifest


def test_error_pages_are_vietnamese(db):
    from django.template.loader import render_to_string

    assert "Hệ thống gặp lỗi" in render_to_string("500.html")
    assert "không có quyền" in render_to_string("403.html", {"user": None}).lower()
