import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_member
from hocbac.core.models import AuditEntry
from hocbac.library.models import DocumentRead
from hocbac.library.services import create_document
from hocbac.study import services as study_services
from hocbac.study.models import Attendance, SessionKind

from .helpers import bearer, call

NOT_FOUND = {"detail": "Không tìm thấy (hoặc ngoài phạm vi của đồng chí)."}


def _session(org, *, by, title="Sinh hoạt", hours_ago=1, **extra):
    start = timezone.now() - datetime.timedelta(hours=hours_ago)
    return study_services.create_session(by=by, org=org, kind=SessionKind.REGULAR, title=title, starts_at=start,
                                         ends_at=start + datetime.timedelta(hours=2), **extra)


def test_attendance_put_twice_records_once_and_coverage_follows(world, client):
    today = timezone.localdate()
    campaign = study_services.create_campaign(by=world.ward_admin, org=world.ward, title="Chuyên đề",
                                              starts_on=today - datetime.timedelta(days=5), due_on=today + datetime.timedelta(days=5))
    session = _session(world.cell, by=world.secretary, campaign=campaign)
    auth = bearer(world.secretary)
    path = f"/orgs/{world.cell.pk}/sessions/{session.pk}/attendance/{world.member.pk}"
    for _ in range(2):
        status, body = call(client, "put", path, auth, {"status": "co_mat"})
        assert (status, body) == (200, {"member_id": world.member.pk, "full_name": "Trần Văn Đảng",
                                        "cell_name": "Chi bộ Khu phố 1", "status": "co_mat"})
    assert Attendance.objects.in_subtree(world.cell).filter(session=session).count() == 1
    assert AuditEntry.objects.in_subtree(world.cell).filter(action="attendance.set").count() == 1
    status, body = call(client, "put", path, auth, {"status": "ngu"})
    assert (status, body["errors"]) == (422, [{"field": "status", "message": "phải là một trong: co_mat, vang_co_ly_do, vang_khong_ly_do"}])
    status, body = call(client, "get", f"/orgs/{world.cell.pk}/sessions/{session.pk}", auth)
    assert (status, body["attendance_taken"], body["campaign_id"]) == (200, True, campaign.pk)
    assert [(m["full_name"], m["status"]) for m in body["marks"]] == [("Trần Văn Đảng", "co_mat"), ("Nguyễn Thị Bí Thư", None)]
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/campaigns/{campaign.pk}/coverage", bearer(world.ward_admin))
    assert (status, body["total"]["text"]) == (200, "1/3 đảng viên, đạt 33,3%")
    assert [(r["org_name"], r["studied"], r["eligible"]) for r in body["rows"]] == [("Chi bộ Khu phố 2", 0, 1), ("Chi bộ Khu phố 1", 1, 2)]
    assert body["reference_day"] == today.isoformat()


def test_a_secretary_gets_404_for_other_cells_sessions(world, client):
    other = _session(world.other_cell, by=world.ward_admin, title="Sinh hoạt Khu phố 2")
    own = _session(world.cell, by=world.secretary, title="Sinh hoạt Khu phố 1")
    auth = bearer(world.secretary)
    _, body = call(client, "get", f"/orgs/{world.cell.pk}/sessions", auth)
    assert [s["title"] for s in body] == ["Sinh hoạt Khu phố 1"]
    assert call(client, "get", f"/orgs/{world.other_cell.pk}/sessions", auth) == (404, NOT_FOUND)
    assert call(client, "get", f"/orgs/{world.other_cell.pk}/sessions/{other.pk}", auth) == (404, NOT_FOUND)
    assert call(client, "get", f"/orgs/{world.cell.pk}/sessions/{other.pk}", auth) == (404, NOT_FOUND)
    put = {"status": "co_mat"}
    assert call(client, "put", f"/orgs/{world.cell.pk}/sessions/{other.pk}/attendance/{world.member.pk}", auth, put) == (404, NOT_FOUND)
    assert call(client, "put", f"/orgs/{world.cell.pk}/sessions/{own.pk}/attendance/{world.other_member.pk}", auth, put) == (404, NOT_FOUND)
    assert Attendance.objects.unscoped().count() == 0
    # The member of the other cell, with no role, reaches no session at all.
    assert call(client, "get", f"/orgs/{world.other_cell.pk}/sessions/{other.pk}", bearer(world.other_member_user)) == (404, NOT_FOUND)


def test_a_ward_conference_shows_each_cell_only_its_own_members(world, client):
    conference = _session(world.ward, by=world.ward_admin, title="Hội nghị quán triệt")
    status, body = call(client, "get", f"/orgs/{world.cell.pk}/sessions/{conference.pk}", bearer(world.secretary))
    assert (status, [m["full_name"] for m in body["marks"]]) == (200, ["Trần Văn Đảng", "Nguyễn Thị Bí Thư"])
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/sessions/{conference.pk}", bearer(world.ward_admin))
    assert [m["full_name"] for m in body["marks"]] == ["Trần Văn Đảng", "Lê Thị Khác", "Nguyễn Thị Bí Thư"]


def test_marking_a_member_who_was_not_invited_is_refused_in_vietnamese(world, client):
    session = _session(world.cell, by=world.secretary, hours_ago=24 * 400)
    newcomer = make_member(world.cell, "Đỗ Văn Mới", card="95000021", admitted_on=timezone.localdate())
    status, body = call(client, "put", f"/orgs/{world.cell.pk}/sessions/{session.pk}/attendance/{newcomer.pk}",
                        bearer(world.secretary), {"status": "co_mat"})
    assert (status, body) == (400, {"detail": "Đồng chí Đỗ Văn Mới không thuộc danh sách được mời dự buổi này."})


def test_a_viewer_reads_sessions_but_cannot_mark(world, client):
    session = _session(world.cell, by=world.secretary)
    auth = bearer(world.viewer)
    assert call(client, "get", f"/orgs/{world.cell.pk}/sessions/{session.pk}", auth)[0] == 200
    status, body = call(client, "put", f"/orgs/{world.cell.pk}/sessions/{session.pk}/attendance/{world.member.pk}",
                        auth, {"status": "co_mat"})
    assert (status, body) == (403, {"detail": "Đồng chí không có quyền làm việc này ở tổ chức này."})


def test_documents_are_searched_without_diacritics_and_reading_is_recorded(world, client):
    status, body = call(client, "get", "/documents?q=chi+thi+05", bearer(world.member_user))
    assert status == 200
    document_id = next(d["id"] for d in body if d["number_symbol"] == "05-CT/TW")
    status, body = call(client, "get", f"/documents/{document_id}", bearer(world.member_user))
    assert (status, body["number_symbol"]) == (200, "05-CT/TW")
    assert DocumentRead.objects.in_subtree(world.cell).filter(document_id=document_id, member=world.member).count() == 1


def test_a_document_of_another_ward_is_404(world, client):
    notice = create_document(by=world.sibling_admin, org=world.sibling_ward, kind="khac", title="Thông báo phường Tân Định")
    assert call(client, "get", f"/documents/{notice.pk}", bearer(world.member_user)) == (404, NOT_FOUND)
    _, body = call(client, "get", "/documents?q=tan+dinh", bearer(world.member_user))
    assert body == []
    _, body = call(client, "get", "/documents?q=tan+dinh", bearer(world.sibling_admin))
    assert [(d["id"], d["title"]) for d in body] == [(notice.pk, "Thông báo phường Tân Định")]


def test_activity_and_rates_over_a_period_flag_three_unexcused_regular_absences(world, client):
    for month in (1, 2, 3):
        day = datetime.datetime(2026, month, 5, 19, tzinfo=timezone.get_current_timezone())
        meeting = study_services.create_session(by=world.secretary, org=world.cell, kind=SessionKind.REGULAR,
                                                title=f"Tháng {month}", starts_at=day, ends_at=day + datetime.timedelta(hours=2))
        study_services.mark_all_present(meeting, cells=[world.cell], by=world.secretary)
        study_services.record_attendance(meeting, world.member, "vang_khong_ly_do", by=world.secretary)
    auth = bearer(world.ward_admin)
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/activity?start=2026-01-01&end=2026-12-31", auth)
    assert (status, body["text"]) == (200, "3 buổi, 3 lượt cán bộ, đảng viên và quần chúng")
    flagged = [m for m in body["members"] if m["flagged"]]
    assert [(m["full_name"], m["regular_absent"], m["rate"]) for m in flagged] == [("Trần Văn Đảng", 3, "0,0%")]
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/activity?start=2026-12-31&end=2026-01-01", auth)
    assert (status, body) == (400, {"detail": "Ngày bắt đầu phải trước ngày kết thúc."})


def _queries(client, path, auth):
    with CaptureQueriesContext(connection) as queries:
        status, body = call(client, "get", path, auth)
    assert status == 200
    return len(queries), len(body)


def test_study_lists_cost_the_same_queries_for_1_and_3_rows(world, client):
    auth = bearer(world.ward_admin)
    call(client, "get", "/me", auth)  # the token's first use writes last_used_at
    today = timezone.localdate()

    def campaign(n):
        study_services.create_campaign(by=world.ward_admin, org=world.ward, title=f"Đợt {n}", starts_on=today, due_on=today)

    def document(n):
        create_document(by=world.ward_admin, org=world.ward, kind="khac", title=f"Thông báo số {n} zz")

    makers = {
        f"/orgs/{world.ward.pk}/campaigns": campaign,
        f"/orgs/{world.cell.pk}/sessions": lambda n: _session(world.cell, by=world.ward_admin, title=f"Buổi {n}"),
        "/documents?q=zz": document,
    }
    for path, make in makers.items():
        make(1)
        one = _queries(client, path, auth)
        make(2)
        make(3)
        three = _queries(client, path, auth)
        assert (path, one[1], three[1], three[0]) == (path, 1, 3, one[0])
