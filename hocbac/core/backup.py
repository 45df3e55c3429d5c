"""Backups and restores of the whole system: the database and the uploaded files, in one
.tar.gz with a manifest. `hocbac backup` and `hocbac restore` call these; the runbook is
docs/operations.md.

- SQLite: SQLite's online backup API copies the database page by page in one step, a
  consistent snapshot taken while other connections go on writing (WAL).
- PostgreSQL: `pg_dump --format=custom`, which reads one snapshot (MVCC): every transaction
  committed before it started is in the dump, none committed after. `pg_restore` puts it back
  (objects dropped first if they exist), in one transaction.

The archive holds `manifest.json` (when, which database engine, the latest migration of each app,
the rows of each table as counted just after the dump — for a look, not a check, while writes go
on —, the audit log's head hash, and the files), `database.sqlite3` or `database.pgdump`, and `media/`."""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from . import audit

FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on: the message says why, in Vietnamese."""


def _vendor(alias):
    return connections[alias].vendor


def _pg_env(settings_dict):
    """Environment for pg_dump / pg_restore: the connection's settings as libpq variables."""
    env = {**os.environ}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _run(command, env):
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(f"Không tìm thấy chương trình {command[0]} (cài gói postgresql-client).") from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} báo lỗi: {result.stderr.strip()[-500:]}")


def _counts(alias):
    """{table: rows} of every model table: what the manifest records and a restore is checked by."""
    connection = connections[alias]
    tables = sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)})
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(alias):
    recorder = MigrationRecorder(connections[alias])
    latest = {}
    for app, name in recorder.migration_qs.order_by("app", "name").values_list("app", "name"):
        latest[app] = name
    return latest


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _dump_database(alias, folder):
    """Write the database into `folder`; returns the file's name."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        target_path = folder / "database.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(target_path)
        try:
            connection.connection.backup(target)  # one step: a consistent snapshot
        finally:
            target.close()
        return target_path.name
    if connection.vendor == "postgresql":
        target_path = folder / "database.pgdump"
        settings_dict = connection.settings_dict
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target_path}",
              settings_dict["NAME"]], _pg_env(settings_dict))
        return target_path.name
    raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")


def create(output, *, alias="default", media_root=None):
    """Write a backup archive to `output` (a file path, or a folder to name it in). Returns
    (path, manifest)."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    output = Path(output)
    started = timezone.now()
    if output.is_dir():
        output = output / f"hocbac-{timezone.localtime(started):%Y%m%d-%H%M%S}.tar.gz"
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        database_file = _dump_database(alias, folder)
        manifest = {
            "format": FORMAT, "created_at": started.isoformat(), "finished_at": timezone.now().isoformat(),
            "engine": _vendor(alias), "database": database_file, "sha256": _sha256(folder / database_file),
            "migrations": _migrations(alias), "rows": _counts(alias), "audit_head": audit.head_hash(),
            "media": sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file())
            if media_root.exists() else [],
        }
        temporary = output.with_name(output.name + ".part")
        with tarfile.open(temporary, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(data), int(started.timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(folder / database_file, arcname=database_file)
            for name in manifest["media"]:
                archive.add(media_root / name, arcname=f"media/{name}")
        temporary.replace(output)  # never a half-written archive under the final name
    return output, manifest


def read_manifest(path):
    try:
        with tarfile.open(path, "r:gz") as archive:
            return json.load(archive.extractfile("manifest.json"))
    except (OSError, tarfile.TarError, KeyError, json.JSONDecodeError):
        raise BackupError(f"{path} không phải tệp sao lưu của hệ thống (thiếu manifest.json hoặc tệp hỏng).") from None


def restore(path, *, alias="default", media_root=None):
    """Put the archive at `path` back into the database `alias` (everything in it is replaced)
    and its files into the media folder. Refuses an archive of another engine, a damaged one, or
    one made by newer code (a migration this code does not have). Returns the manifest."""
    manifest = read_manifest(path)
    connection = connections[alias]
    if manifest.get("format") != FORMAT:
        raise BackupError("Tệp sao lưu có định dạng khác phiên bản này.")
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"Tệp sao lưu của {manifest['engine']}, không khôi phục vào {connection.vendor} được.")
    known = {(app, name) for app, name in _known_migrations()}
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in known]
    if unknown:
        raise BackupError("Tệp sao lưu được tạo bởi phiên bản mới hơn (có migration chưa biết: "
                          + ", ".join(unknown[:5]) + "). Hãy cập nhật phần mềm trước khi khôi phục.")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(folder, filter="data")
        database_file = folder / manifest["database"]
        if _sha256(database_file) != manifest["sha256"]:
            raise BackupError("Tệp cơ sở dữ liệu trong bản sao lưu không khớp mã kiểm tra: bản sao lưu bị hỏng.")
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(database_file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            settings_dict = connection.settings_dict
            connection.close()
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                  "--exit-on-error", f"--dbname={settings_dict['NAME']}", str(database_file)], _pg_env(settings_dict))
        media_root = Path(media_root or settings.MEDIA_ROOT)
        if (folder / "media").exists():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(folder / "media", media_root, dirs_exist_ok=True)
    return manifest


def _known_migrations():
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(None, ignore_no_migrations=True).disk_migrations.keys()


def created_label(manifest):
    """"08:32 08/12/2026": when the backup was taken, in local time."""
    return f"{timezone.localtime(datetime.datetime.fromisoformat(manifest['created_at'])):%H:%M %d/%m/%Y}"
