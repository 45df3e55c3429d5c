"""The backup drill (issue 11): contest attempts go on being taken while `hocbac backup` runs; the
archive is restored with `hocbac restore` into a fresh database; every attempt acknowledged
before the backup began is there, nothing is doubled, the audit chain and the summaries hold.
Every step is a separate process against a database of its own (a SQLite file, or a PostgreSQL
database created and dropped here on the server DATABASE_URL names), as an operator runs them."""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKER = ROOT / "tests" / "drill_worker.py"


def _run(env, *args, check=True):
    return subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=check)


def _hocbac(env, *args):
    return _run(env, "-m", "hocbac.cli", *args)


@pytest.fixture
def databases(tmp_path):
    """(source URL, fresh URL): two empty databases of the engine the suite runs on."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    parsed = urlparse(url)
    names = [f"hocbac_drill_{uuid.uuid4().hex[:8]}_{part}" for part in ("source", "fresh")]
    admin = urlunparse(parsed._replace(path="/postgres", query=""))
    for name in names:
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    yield tuple(urlunparse(parsed._replace(path=f"/{name}", query="pool=0")) for name in names)
    for name in names:
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)


def test_a_backup_taken_while_attempts_go_on_restores_every_acknowledged_one(databases, tmp_path):
    source, fresh = databases
    base = {**os.environ, "HOCBAC_TESTING": "0", "HOCBAC_DEBUG": "1", "HOCBAC_DATA_DIR": str(tmp_path / "data")}
    source_env, fresh_env = {**base, "DATABASE_URL": source}, {**base, "DATABASE_URL": fresh}
    _run(source_env, str(WORKER), "seed")
    acks, stop = tmp_path / "acks.txt", tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, str(WORKER), "write", str(acks), str(stop)], env=source_env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        while not acks.exists() or len(acks.read_text().splitlines()) < 5:  # attempts are being taken
            assert writer.poll() is None, writer.communicate()
            time.sleep(0.1)
        backup_started = time.time()
        _hocbac(source_env, "backup", "--output", str(tmp_path / "drill.tar.gz"))
        time.sleep(0.5)  # and go on after it
    finally:
        stop.touch()
        _, errors = writer.communicate(timeout=120)
    assert writer.returncode == 0, errors
    after = [line for line in acks.read_text().splitlines() if float(line.split()[1]) > backup_started]
    assert after, "no attempt was taken while the backup ran: the drill proved nothing"

    restored = _hocbac(fresh_env, "restore", "--yes", str(tmp_path / "drill.tar.gz"))
    assert restored.stdout.startswith("Đã khôi phục ")
    result = _run(fresh_env, str(WORKER), "check", str(acks), str(backup_started), check=False)
    verdict = json.loads(result.stdout.strip().splitlines()[-1])
    print(verdict)  # the figures, with pytest -s
    assert result.returncode == 0, (verdict, result.stderr[-2000:])
    assert verdict["missing"] == [] and verdict["acknowledged_before_backup"] >= 5
    assert (verdict["doubled_attempts"], verdict["doubled_answers"], verdict["rows_changed_by_a_whole_refresh"]) == (0, 0, 0)
    assert verdict["audit_chain"] == "ok"


def test_restore_refuses_a_damaged_archive_and_changes_nothing(tmp_path):
    env = {**os.environ, "HOCBAC_TESTING": "0", "HOCBAC_DEBUG": "1", "HOCBAC_DATA_DIR": str(tmp_path / "data"),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    (tmp_path / "bad.tar.gz").write_bytes(b"not an archive")
    result = subprocess.run([sys.executable, "-m", "hocbac.cli", "restore", "--yes", str(tmp_path / "bad.tar.gz")],
                            env=env, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "không phải tệp sao lưu của hệ thống" in result.stderr
    assert not (tmp_path / "db.sqlite3").exists() or (tmp_path / "db.sqlite3").stat().st_size == 0
