"""The audit log is append-only and chained: a changed, removed or inserted row is found."""

import threading

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from hocbac.accounts.models import User
from hocbac.core.audit import entry_hash, log_action, verify_chain
from hocbac.core.models import AuditEntry

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL trigger")


def entries():
    return list(AuditEntry.objects.unscoped().order_by("id"))


@pytest.fixture
def log(db):
    user = User.objects.create_user(username="kiemtoan", full_name="Kiểm toán")
    for i in range(3):
        log_action("test.write", by=user, obj=user, summary=f"Lần {i}", before={"n": i, 7: (1, 2)},
                   after={"n": i + 1, "tên": "Nguyễn Văn Ấn"}, ip="10.0.0.9")
    return entries()


def tamper(sql, params):
    """What someone with direct database access could do. On PostgreSQL the trigger is
    side-stepped the only way a superuser can inside a transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


def test_each_row_carries_the_hash_of_the_one_before(log):
    rows = [e for e in log if e.action == "test.write"]
    assert [r.prev_hash for r in log[1:]] == [r.row_hash for r in log[:-1]]
    assert log[0].prev_hash == ""
    assert all(r.row_hash == entry_hash(r) for r in rows)  # as read back from the database
    assert verify_chain() == (len(log), None)


def test_audit_verify_reports_a_whole_chain(log, capsys):
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert f"Nhật ký thao tác nguyên vẹn: {len(log)} dòng. Mã băm dòng cuối: {log[-1].row_hash}" in out


def test_a_changed_row_is_the_first_broken_one_and_the_command_exits_non_zero(log, capsys):
    target = log[1]
    tamper("UPDATE core_auditentry SET summary = %s WHERE id = %s", ["Lần khác", target.pk])
    assert verify_chain() == (2, (target.pk, "nội dung không khớp mã băm (dòng đã bị sửa)"))
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["hocbac", "audit_verify"]).execute()
    assert exit_info.value.code == 1
    assert f"Nhật ký thao tác hỏng tại dòng #{target.pk}" in capsys.readouterr().err


def test_a_changed_row_whose_hash_was_recomputed_breaks_the_next_link(log):
    target = log[0]
    target.summary = "Đã sửa"
    forged = entry_hash(target)
    tamper("UPDATE core_auditentry SET summary = %s, row_hash = %s WHERE id = %s", ["Đã sửa", forged, target.pk])
    assert verify_chain()[1] == (log[1].pk, "không nối tiếp dòng trước (có dòng bị xóa, chèn hoặc sửa)")


def test_a_removed_row_is_found(log):
    tamper("DELETE FROM core_auditentry WHERE id = %s", [log[1].pk])
    assert verify_chain()[1] == (log[2].pk, "không nối tiếp dòng trước (có dòng bị xóa, chèn hoặc sửa)")


def test_cut_off_newest_rows_are_found_against_the_head_written_down(log):
    head = log[-1].row_hash
    tamper("DELETE FROM core_auditentry WHERE id = %s", [log[-1].pk])
    assert verify_chain()[1] is None  # a chain alone cannot see it …
    with pytest.raises(CommandError, match="các dòng mới nhất có thể đã bị cắt bỏ"):
        call_command("audit_verify", expect_head=head)  # … the head kept with the backup does


def test_deleting_a_user_keeps_their_entries_whole_and_who_it_was(log):
    user = User.objects.get(username="kiemtoan")
    user_id = user.pk
    user.delete()  # ON DELETE SET NULL: the one update the trigger lets through
    rows = entries()
    assert {(e.actor_id, e.actor_ref) for e in rows if e.action == "test.write"} == {(None, user_id)}
    assert verify_chain() == (len(log), None)


def test_a_row_given_to_another_actor_is_found(log):
    other = User.objects.create_user(username="nguoikhac")
    tamper("UPDATE core_auditentry SET actor_id = %s WHERE id = %s", [other.pk, log[0].pk])
    assert verify_chain()[1] == (log[0].pk, "người thực hiện hoặc tổ chức không khớp mã băm (dòng đã bị sửa)")


def test_an_ipv4_address_seen_through_ipv6_is_stored_as_ipv4(db):
    entry = log_action("test.ip", by=None, ip="::ffff:10.1.2.3")
    entry.refresh_from_db()
    assert (entry.ip, entry.row_hash) == ("10.1.2.3", entry_hash(entry))


@on_postgresql
@pytest.mark.parametrize("sql", ["UPDATE core_auditentry SET summary = 'sửa' WHERE id = %s",
                                 "DELETE FROM core_auditentry WHERE id = %s"])
def test_postgresql_refuses_update_and_delete_of_audit_rows_even_to_a_superuser(sql, log):
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (True,)  # the test role bypasses every GRANT; the trigger still holds
        with pytest.raises(DatabaseError, match="chỉ được ghi thêm"), transaction.atomic():
            cursor.execute(sql, [log[0].pk])
    assert entries() == log and entries()[0].summary == "Lần 0"


@on_postgresql
def test_postgresql_refuses_giving_a_row_to_another_actor(log):
    other = User.objects.create_user(username="nguoikhac")
    with connection.cursor() as cursor, pytest.raises(DatabaseError, match="chỉ được ghi thêm"), transaction.atomic():
        cursor.execute("UPDATE core_auditentry SET actor_id = %s WHERE id = %s", [other.pk, log[0].pk])


@on_postgresql
def test_the_trigger_leaves_truncate_to_the_test_flush(db):
    with connection.cursor() as cursor:
        cursor.execute("""SELECT tgtype FROM pg_trigger WHERE tgname = 'core_auditentry_append_only'""")
        (tgtype,) = cursor.fetchone()
    row, before, delete, update, truncate = 1, 2, 8, 16, 32
    assert tgtype & (row | before | delete | update | truncate) == row | before | delete | update


@on_postgresql  # the in-memory SQLite test database's shared cache locks tables instead of queueing
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain():
    """Eight threads, each with its own connection and transactions, append at once; the flush
    after this test (TRUNCATE) works with the trigger in place."""
    errors = []

    def write(n):
        try:
            for i in range(5):
                with transaction.atomic():
                    log_action("test.concurrent", by=None, summary=f"{n}-{i}")
        except Exception as error:  # reported below; a thread cannot fail the test itself
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert verify_chain() == (40, None)
    assert len({e.prev_hash for e in entries()}) == 40
