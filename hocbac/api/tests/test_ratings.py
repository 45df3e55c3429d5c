"""Monthly classification and the year-end evaluation through the API: criteria sets in use and a
committee's own, the system's suggestions with their evidence, a month's members classified with
exceptions, a cell's own classification confirmed above and locked, each year-end step, the quota
at its edge with a recorded exception, the disqualifying cap, and what a member sees of their
own evaluation and their cell's (counts only)."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_member, make_user
from hocbac.core.models import AuditEntry
from hocbac.orgs import services as org_services
from hocbac.orgs.models import OrgKind, Role
from hocbac.ratings import services
from hocbac.ratings.models import Classification, CriteriaSet, Rating, YearRating
from hocbac.study.services import create_session, record_attendance

from .helpers import bearer, call

NOT_FOUND = {"detail": "Không tìm thấy (hoặc ngoài phạm vi của đồng chí)."}
FORBIDDEN = {"detail": "Đồng chí không có quyền làm việc này ở tổ chức này."}
MONTH = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)  # last month: begun whatever the day
YEAR = timezone.localdate().year


def _set(name):
    return CriteriaSet.objects.unscoped().get(name=name, org=None)


def _actions(prefix):
    return list(AuditEntry.objects.unscoped().filter(action__startswith=prefix).order_by("id")
                .values_list("action", "actor__username"))


@pytest.fixture
def six():
    return _set("Đảng viên 6 tốt")


@pytest.fixture
def four():
    return _set("Chi bộ bốn tốt")


# Criteria sets -------------------------------------------------------------------------------

def _set_body(**extra):
    return {"name": "Đảng viên gương mẫu", "target": "dang_vien", "cadence": "quy", "basis": "Hướng dẫn của Đảng ủy",
            "levels": [{"label": "Gương mẫu", "minimum": 90}, {"label": "Đạt", "minimum": 50},
                       {"label": "Chưa đạt", "minimum": 0}],
            "criteria": [{"text": "Dự sinh hoạt chi bộ đầy đủ", "auto_source": "sinh_hoat"},
                         {"text": "Kết quả công tác", "judged": "muc", "points": 4},
                         {"text": "Tham gia phong trào khu phố", "judged": "diem", "points": 5}],
            **extra}


def test_criteria_sets_in_use_and_a_committees_own(world, client):
    ward = bearer(world.ward_admin)
    status, body = call(client, "post", f"/orgs/{world.ward.pk}/criteria-sets", ward, _set_body())
    assert (status, body["name"], body["target_label"], body["cadence"], body["org_id"], body["org_name"],
            body["levels"], [(c["position"], c["text"], c["points"], c["judged"], c["auto_source"], c["auto_source_label"])
                             for c in body["criteria"]]) == (
        201, "Đảng viên gương mẫu", "Đảng viên", "quy", world.ward.pk, "Đảng bộ phường Bến Thành",
        [{"label": "Gương mẫu", "minimum": 90}, {"label": "Đạt", "minimum": 50}, {"label": "Chưa đạt", "minimum": 0}],
        [(1, "Dự sinh hoạt chi bộ đầy đủ", 1, "dat", "sinh_hoat", "Dự đủ sinh hoạt chi bộ trong kỳ"),
         (2, "Kết quả công tác", 4, "muc", "", "Không có"), (3, "Tham gia phong trào khu phố", 5, "diem", "", "Không có")])
    assert _actions("criteria_set.") == [("criteria_set.create", "phuong")]

    shipped = ["Chi bộ 6 tốt", "Chi bộ bốn tốt", "Đảng viên 6 tốt"]
    status, body = call(client, "get", f"/orgs/{world.cell.pk}/criteria-sets", bearer(world.secretary))
    assert (status, [(s["name"], s["org_id"]) for s in body]) == (
        200, [(name, None) for name in shipped[:2]] + [("Đảng viên 6 tốt", None), ("Đảng viên gương mẫu", world.ward.pk)])
    status, body = call(client, "get", f"/orgs/{world.sibling_cell.pk}/criteria-sets", bearer(world.sibling_admin))
    assert (status, [s["name"] for s in body]) == (200, shipped)  # the other ward's subtree does not use it
    assert call(client, "get", f"/orgs/{world.cell.pk}/criteria-sets", bearer(world.sibling_admin)) == (404, NOT_FOUND)


def test_refused_criteria_sets(world, client):
    path = f"/orgs/{world.ward.pk}/criteria-sets"
    ward = bearer(world.ward_admin)
    assert call(client, "post", path, ward, _set_body(levels=[{"label": "Đạt", "minimum": 50},
                                                              {"label": "Tốt", "minimum": 90}])) == (
        400, {"detail": "Các mức xếp từ cao xuống thấp; mức cuối cùng từ 0%."})
    status, body = call(client, "post", path, ward, _set_body(target="ca_nhan", criteria=[], owner=1,
                                                              levels=[{"label": "x" * 121, "minimum": 0}]))
    assert status == 422
    assert {(e["field"], e["message"]) for e in body["errors"]} == {
        ("target", "phải là một trong: chi_bo, dang_vien"), ("criteria", "cần ít nhất 1 mục"),
        ("owner", "không có trường này"), ("levels.0.label", "dài quá 120 ký tự")}
    cell_path = f"/orgs/{world.cell.pk}/criteria-sets"
    assert call(client, "post", cell_path, bearer(world.secretary), _set_body()) == (403, FORBIDDEN)
    assert call(client, "post", cell_path, bearer(world.viewer), _set_body()) == (403, FORBIDDEN)
    assert CriteriaSet.objects.unscoped().filter(org__isnull=False).count() == 0


# Monthly classification -------------------------------------------------------------------------

def _meeting(world, absent):
    start = timezone.make_aware(datetime.datetime(MONTH.year, MONTH.month, 10, 19, 0))
    session = create_session(by=world.secretary, org=world.cell, kind="thuong_ky", title="Sinh hoạt chi bộ tháng",
                             starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    record_attendance(session, world.secretary_member, "co_mat", by=world.secretary)
    record_attendance(session, absent, "vang_khong_ly_do", by=world.secretary)
    return session


def test_suggestions_then_the_month_classified_with_exceptions(world, client, six):
    _meeting(world, absent=world.member)
    secretary = bearer(world.secretary)
    period = {"year": MONTH.year, "period": MONTH.month}
    status, body = call(client, "get", f"/orgs/{world.cell.pk}/classifications/suggestions?set={six.pk}"
                                       f"&year={MONTH.year}&period={MONTH.month}", secretary)
    assert status == 200 and len(body) == 1
    found = body[0]
    assert (found["set_name"], found["period"], found["period_label"], found["start"], [s["name"] for s in found["subjects"]]) == (
        "Đảng viên 6 tốt", MONTH.month, f"tháng {MONTH.month}/{MONTH.year}", MONTH.replace(day=1).isoformat(),
        ["Trần Văn Đảng", "Nguyễn Thị Bí Thư"])  # Vietnamese order: by the given name
    member = found["subjects"][0]
    assert member["member_id"] == world.member.pk
    assert [(s["position"], s["auto_source"], s["met"], s["evidence"]) for s in member["suggestions"]] == [
        (1, "cam_nhan", None, ""), (3, "sinh_hoat", False, "Dự 0/1 buổi sinh hoạt thường kỳ"), (5, "thi", None, ""),
        (6, "lam_theo", False, "Chưa nộp đăng ký làm theo năm")]
    assert [(s["position"], s["met"]) for s in found["subjects"][1]["suggestions"]][1] == (3, True)
    # every set in use, its latest period begun, when nothing is asked for
    status, body = call(client, "get", f"/orgs/{world.cell.pk}/classifications/suggestions", secretary)
    today = timezone.localdate()
    assert (status, [(s["set_name"], s["year"], s["period"]) for s in body]) == (
        200, [(name, today.year, today.month) for name in ("Chi bộ 6 tốt", "Chi bộ bốn tốt", "Đảng viên 6 tốt")])
    assert [s["name"] for s in body[1]["subjects"]] == ["Chi bộ Khu phố 1"]

    meetings = six.criteria.get(position=3)
    path = f"/orgs/{world.cell.pk}/classifications/members"
    status, body = call(client, "post", path, secretary, {"set": six.pk, **period,
                                                          "exceptions": {str(world.member.pk): {str(meetings.pk): False}}})
    assert (status, [(c["member_name"], c["score"], c["max_score"], c["level"], c["confirmed"]) for c in body]) == (
        200, [("Trần Văn Đảng", 5, 6, "Khá", True), ("Nguyễn Thị Bí Thư", 6, 6, "Đảng viên 6 tốt", True)])
    mark = next(m for m in body[0]["marks"] if m["criterion_id"] == meetings.pk)
    assert (mark["met"], mark["points"], mark["suggested"], mark["evidence"]) == (
        False, 0, False, "Dự 0/1 buổi sinh hoạt thường kỳ")
    assert len(body[0]["marks"]) == 6 and body[0]["classified_by_name"] == "Nguyễn Thị Bí Thư"

    again = {"set": six.pk, **period}
    assert call(client, "post", path, secretary, again) == (
        400, {"detail": f"Chi bộ đã phân loại tháng {MONTH.month}/{MONTH.year}: sửa lại cần ghi lý do."})
    status, body = call(client, "post", path, secretary, {**again, "reason": "Đồng chí Đảng vắng có lý do, chi bộ họp lại"})
    assert (status, [c["level"] for c in body]) == (200, ["Đảng viên 6 tốt", "Đảng viên 6 tốt"])
    assert _actions("classification.") == [("classification.members", "bithu"), ("classification.members_change", "bithu")]

    # read from the ward, narrowed to the set and the period; another cell's member sees nothing
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/classifications?set={six.pk}&year={MONTH.year}"
                                       f"&period={MONTH.month}", bearer(world.viewer))
    assert (status, body["count"], [c["member_id"] for c in body["results"]]) == (
        200, 2, [world.member.pk, world.secretary_member.pk])
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/classifications?year={MONTH.year}&period=13",
                        bearer(world.ward_admin))
    assert (status, body["count"]) == (200, 0)
    assert call(client, "get", f"/orgs/{world.cell.pk}/classifications", bearer(world.other_member_user)) == (404, NOT_FOUND)


def test_a_cells_suggestions_count_its_members(world, client):
    _meeting(world, absent=world.member)
    created = services.create_set(by=world.ward_admin, org=world.ward, name="Chi bộ học tập", target="chi_bo",
                                  cadence="thang", levels=[["Tốt", 100], ["Chưa tốt", 0]],
                                  criteria=[{"text": "Sinh hoạt đều", "auto_source": "sinh_hoat"},
                                            {"text": "Đảng viên dự thi", "auto_source": "thi"},
                                            {"text": "Đoàn kết"}])
    status, body = call(client, "get", f"/orgs/{world.cell.pk}/classifications/suggestions?set={created.pk}"
                                       f"&year={MONTH.year}&period={MONTH.month}", bearer(world.secretary))
    assert (status, [(s["member_id"], s["name"]) for s in body[0]["subjects"]]) == (200, [(None, "Chi bộ Khu phố 1")])
    assert [(s["text"], s["met"], s["evidence"]) for s in body[0]["subjects"][0]["suggestions"]] == [
        ("Sinh hoạt đều", True, "1 buổi sinh hoạt thường kỳ đã điểm danh"),
        ("Đảng viên dự thi", None, "0/2 đảng viên đã dự thi trong kỳ")]


def test_refused_classifications_change_nothing(world, client, six, four):
    secretary = bearer(world.secretary)
    path = f"/orgs/{world.cell.pk}/classifications/members"
    period = {"year": MONTH.year, "period": MONTH.month}
    first = six.criteria.get(position=1)
    for body, message in [
        ({"set": four.pk}, "Bộ tiêu chí này không dùng để phân loại đảng viên của chi bộ."),
        ({"set": 999999}, "Không tìm thấy bộ tiêu chí đã chọn (đang dùng ở tổ chức này)."),
        ({"exceptions": {str(world.other_member.pk): {str(first.pk): False}}},
         "Có đảng viên không thuộc chi bộ trong kỳ này."),
        ({"exceptions": {str(world.member.pk): {str(four.criteria.first().pk): False}}},
         f"Tiêu chí {four.criteria.first().pk} không thuộc bộ tiêu chí “Đảng viên 6 tốt” (hoặc đã thôi dùng)."),
        ({"exceptions": {str(world.member.pk): {str(first.pk): "kem"}}},
         f"Tiêu chí “{first.text[:60]}”: chọn đạt (true) hoặc chưa đạt (false)."),
        ({"period": 12, "year": YEAR + 1}, "Chưa đến kỳ phân loại này."),
    ]:
        sent = {"set": six.pk, **period, **body}
        assert call(client, "post", path, secretary, sent) == (400, {"detail": message}), body
    status, body = call(client, "post", path, secretary, {"set": six.pk, **period, "period": 13, "levels": {}})
    assert (status, {(e["field"], e["message"]) for e in body["errors"]}) == (
        422, {("period", "phải từ 12 trở xuống"), ("levels", "không có trường này")})
    assert call(client, "post", path, bearer(world.viewer), {"set": six.pk, **period}) == (403, FORBIDDEN)
    assert call(client, "post", f"/orgs/{world.ward.pk}/classifications/members", bearer(world.ward_admin),
                {"set": six.pk, **period}) == (
        400, {"detail": "Chỉ chi bộ (tổ chức có đảng viên sinh hoạt) mới phân loại theo bộ tiêu chí."})
    assert call(client, "get", f"/orgs/{world.cell.pk}/classifications/suggestions?set={six.pk}&period=13",
                secretary) == (400, {"detail": "Kỳ phân loại không hợp lệ hoặc chưa đến."})
    assert Classification.objects.unscoped().count() == 0


def test_level_and_points_criteria(world, client):
    created = services.create_set(
        by=world.ward_admin, org=world.ward, name="Chi bộ mạnh", target="chi_bo", cadence="thang",
        levels=[["Mạnh", 80], ["Chưa mạnh", 0]],
        criteria=[{"text": "Lãnh đạo nhiệm vụ", "judged": "muc", "points": 4},
                  {"text": "Phong trào", "judged": "diem", "points": 6}])
    level, points = created.criteria.all()
    path = f"/orgs/{world.cell.pk}/classifications/cell"
    secretary = bearer(world.secretary)
    base = {"set": created.pk, "year": MONTH.year, "period": MONTH.month}
    for values, message in [
        ({level.pk: True}, "Tiêu chí “Lãnh đạo nhiệm vụ”: mức là một trong tot, kha, trung_binh, kem."),
        ({points.pk: True}, "Tiêu chí “Phong trào”: điểm là một số từ 0 đến 6 (nhiều nhất hai chữ số thập phân)."),
        ({points.pk: 2.345}, "Tiêu chí “Phong trào”: điểm là một số từ 0 đến 6 (nhiều nhất hai chữ số thập phân)."),
        ({points.pk: 7}, "Tiêu chí “Phong trào”: điểm từ 0 đến 6."),
    ]:
        assert call(client, "post", path, secretary, {**base, "values": {str(k): v for k, v in values.items()}}) == (
            400, {"detail": message}), values
    status, body = call(client, "post", path, secretary, {**base, "values": {str(level.pk): "kha", str(points.pk): 4.5}})
    assert (status, body["score"], body["max_score"], body["level"], body["confirmed"],
            [(m["level"], m["points"]) for m in body["marks"]]) == (200, 7.5, 10, "Chưa mạnh", False, [("kha", 3), ("", 4.5)])


def test_a_cells_own_classification_confirmed_above_and_locked(world, client, four):
    secretary, ward = bearer(world.secretary), bearer(world.ward_admin)
    body = {"set": four.pk, "year": MONTH.year, "period": MONTH.month}
    first = four.criteria.get(position=1)
    status, row = call(client, "post", f"/orgs/{world.cell.pk}/classifications/cell", secretary,
                       {**body, "values": {str(first.pk): False}})
    assert (status, row["member_id"], row["level"], row["score"], row["confirmed"]) == (200, None, "Khá", 3, False)
    assert call(client, "get", f"/orgs/{world.cell.pk}/classifications/awaiting", secretary) == (200, [])
    status, waiting = call(client, "get", f"/orgs/{world.ward.pk}/classifications/awaiting", ward)
    assert (status, [(c["id"], c["org_name"]) for c in waiting]) == (200, [(row["id"], "Chi bộ Khu phố 1")])

    # the cell does not confirm its own; the ward, at another level, says why
    assert call(client, "post", f"/orgs/{world.cell.pk}/classifications/{row['id']}/confirm", secretary, {}) == (
        403, {"detail": "Chỉ cấp ủy cấp trên mới xác nhận phân loại chi bộ."})
    confirm = f"/orgs/{world.ward.pk}/classifications/{row['id']}/confirm"
    assert call(client, "post", confirm, ward, {"level": "Trung bình"}) == (
        400, {"detail": "Xác nhận ở mức khác với chi bộ tự phân loại cần ghi lý do."})
    assert call(client, "post", confirm, ward, {"level": "Xuất sắc", "note": "x"}) == (
        400, {"detail": "Mức phân loại không hợp lệ."})
    status, confirmed = call(client, "post", confirm, ward, {"level": "Trung bình", "note": "Chưa khắc phục kiến nghị"})
    assert (status, confirmed["level"], confirmed["confirmed"], confirmed["confirmed_by_name"]) == (
        200, "Trung bình", True, "Cán bộ Đảng ủy phường")
    assert call(client, "post", confirm, ward, {}) == (400, {"detail": "Phân loại này đã được xác nhận."})
    assert call(client, "get", f"/orgs/{world.ward.pk}/classifications/awaiting", ward) == (200, [])

    # locked: a change needs a reason, and waits for confirmation again
    cell_path = f"/orgs/{world.cell.pk}/classifications/cell"
    assert call(client, "post", cell_path, secretary, body) == (
        400, {"detail": "Cấp trên đã xác nhận phân loại kỳ này: sửa lại cần ghi lý do."})
    status, changed = call(client, "post", cell_path, secretary, {**body, "reason": "Đã hoàn thành nhiệm vụ chính trị"})
    assert (status, changed["id"], changed["level"], changed["confirmed"]) == (200, row["id"], "Chi bộ bốn tốt", False)
    assert _actions("classification.") == [("classification.cell", "bithu"), ("classification.confirm", "phuong"),
                                           ("classification.cell", "bithu")]
    assert call(client, "post", confirm, bearer(world.sibling_admin), {}) == (404, NOT_FOUND)
    assert call(client, "get", f"/orgs/{world.ward.pk}/classifications/awaiting", bearer(world.viewer)) == (403, FORBIDDEN)


# Year-end evaluation ---------------------------------------------------------------------------

def _rating_path(world, member, step=""):
    return f"/orgs/{world.cell.pk}/ratings/members/{member.pk}" + (f"/{step}" if step else "")


def test_each_step_and_what_the_member_sees(world, client):
    secretary, member = bearer(world.secretary), bearer(world.member_user)
    status, mine = call(client, "get", "/me/rating", member)
    assert (status, mine["step"], mine["editable"], mine["self_assessment"], mine["result"], mine["frame"]["name"]) == (
        200, "", True, None, None, "Khung 100 điểm (Quy định 366-QĐ/TW)")
    status, mine = call(client, "put", "/me/rating", member, {"general": 28, "tasks": 64.5, "note": "Hoàn thành tốt"})
    assert (status, mine["step"], mine["self_assessment"]["total"], mine["self_assessment"]["level"],
            mine["self_assessment"]["by_name"]) == (200, "tu_danh_gia", 92.5, "htxsnv", "Trần Văn Đảng")

    # decided only after a proposal; proposed at most at the level the points give
    assert call(client, "post", _rating_path(world, world.member, "decision"), secretary, {}) == (
        400, {"detail": "Chỉ quyết định khi đã có đề xuất xếp loại."})
    status, rating = call(client, "post", _rating_path(world, world.member, "proposal"), secretary,
                          {"general": 27, "tasks": 60, "note": "Còn chậm nộp bài cảm nhận"})
    assert (status, rating["step"], rating["proposal"]["total"], rating["proposal"]["level"], rating["proposal"]["by_name"],
            rating["deciding_org_name"], rating["abilities"]) == (
        200, "de_xuat", 87, "httnv", "Nguyễn Thị Bí Thư", "Chi bộ Khu phố 1", ["propose", "decide"])

    # the member sees their own self-assessment, not the proposal, and can no longer change it
    status, mine = call(client, "get", "/me/rating", member)
    assert (status, mine["step"], mine["editable"], mine["self_assessment"]["total"], mine["result"]) == (
        200, "de_xuat", False, 92.5, None)
    assert set(mine) == {"year", "member_id", "full_name", "org_id", "org_name", "frame", "step", "step_label", "editable",
                         "self_assessment", "result", "cell_distribution"}  # no proposal, no other member
    assert call(client, "put", "/me/rating", member, {"general": 30, "tasks": 70}) == (
        400, {"detail": "Đã có đề xuất xếp loại: không sửa tự đánh giá được nữa."})

    assert call(client, "post", _rating_path(world, world.member, "decision"), secretary, {"level": "htxsnv"}) == (
        400, {"detail": "Chỉ quyết định bằng hoặc thấp hơn mức đã đề xuất."})
    status, rating = call(client, "post", _rating_path(world, world.member, "decision"), secretary, {})
    assert (status, rating["step"], rating["decision"]["level"], rating["decision"]["org_name"],
            rating["decision"]["quota_exception"], rating["abilities"]) == (
        200, "quyet_dinh", "httnv", "Chi bộ Khu phố 1", "", [])
    status, mine = call(client, "get", f"/me/rating?year={YEAR}", member)
    assert (status, mine["result"]["level"], mine["result"]["level_label"], mine["result"]["org_name"]) == (
        200, "httnv", "Hoàn thành tốt nhiệm vụ", "Chi bộ Khu phố 1")
    assert [(r["code"], r["count"]) for r in mine["cell_distribution"]] == [
        ("htxsnv", 0), ("httnv", 1), ("htnv", 0), ("khtnv", 0)]
    assert _actions("rating.") == [("rating.self", "0912000001"), ("rating.propose", "bithu"), ("rating.decide", "bithu")]

    # another member's account sees only their own (none yet) and their own cell's counts
    status, theirs = call(client, "get", "/me/rating", bearer(world.other_member_user))
    assert (status, theirs["full_name"], theirs["self_assessment"], [r["count"] for r in theirs["cell_distribution"]]) == (
        200, "Lê Thị Khác", None, [0, 0, 0, 0])
    assert call(client, "get", "/me/rating", bearer(world.viewer)) == (404, NOT_FOUND)  # not a member's account
    assert call(client, "get", _rating_path(world, world.member), bearer(world.viewer)) == (403, FORBIDDEN)
    assert call(client, "get", f"/orgs/{world.cell.pk}/ratings/members/{world.other_member.pk}", secretary) == (
        404, NOT_FOUND)


def test_the_cell_enters_the_self_assessment_and_a_condition_caps_the_level(world, client):
    secretary = bearer(world.secretary)
    path = _rating_path(world, world.member, "self-assessment")
    assert call(client, "post", _rating_path(world, world.member, "proposal"), secretary, {"general": 30, "tasks": 70}) == (
        400, {"detail": "Chưa có tự đánh giá."})
    assert call(client, "put", path, secretary, {"general": 31, "tasks": 60}) == (
        400, {"detail": "Điểm tiêu chí chung từ 0 đến 30, điểm kết quả nhiệm vụ từ 0 đến 70."})
    status, body = call(client, "put", path, secretary, {"general": -1, "tasks": 60.125})
    assert (status, {e["field"] for e in body["errors"]}) == (422, {"general", "tasks"})
    status, rating = call(client, "put", path, secretary, {"year": YEAR, "general": 30, "tasks": 68})
    assert (status, rating["self_assessment"]["level"], rating["self_assessment"]["by_name"], rating["abilities"]) == (
        200, "htxsnv", "Nguyễn Thị Bí Thư", ["self_assess", "propose"])
    proposal = _rating_path(world, world.member, "proposal")
    assert call(client, "post", proposal, secretary, {"general": 30, "tasks": 68, "conditions": [4]}) == (
        400, {"detail": "Trường hợp không hoàn thành nhiệm vụ không hợp lệ."})
    status, rating = call(client, "post", proposal, secretary, {"general": 30, "tasks": 68, "conditions": [2]})
    assert (status, rating["proposal"]["total"], rating["proposal"]["level"], rating["proposal"]["conditions"]) == (
        200, 98, "khtnv", [2])
    status, rating = call(client, "post", _rating_path(world, world.member, "decision"), secretary, {})
    assert (status, rating["decision"]["level"]) == (200, "khtnv")
    assert call(client, "put", path, secretary, {"general": 30, "tasks": 70}) == (
        400, {"detail": "Đã có đề xuất xếp loại: không sửa tự đánh giá được nữa."})


def test_the_quota_at_its_edge_then_an_exception_recorded(world, client):
    secretary = bearer(world.secretary)
    members = [world.member, world.secretary_member] + [
        make_member(world.cell, f"Đảng viên {i}", by=world.superuser, card=f"5000000{i}") for i in range(5)]
    for member in members:
        services.self_assess(by=world.secretary, year=YEAR, member=member, general=29, tasks=65)
        call(client, "post", _rating_path(world, member, "proposal"), secretary, {"general": 29, "tasks": 65})
    for member in members[2:]:  # five rated HTTNV
        assert call(client, "post", _rating_path(world, member, "decision"), secretary, {"level": "httnv"})[0] == 200
    # one HTXSNV of five HTTNV is exactly 20 %: accepted
    status, rating = call(client, "post", _rating_path(world, world.secretary_member, "decision"), secretary, {})
    assert (status, rating["decision"]["level"], rating["decision"]["quota_exception"]) == (200, "htxsnv", "")
    # a second is past it: refused with the figures, then accepted with the reason recorded
    decision = _rating_path(world, world.member, "decision")
    assert call(client, "post", decision, secretary, {}) == (400, {"detail": (
        "Vượt tỷ lệ: Chi bộ Khu phố 1 sẽ có 2 đảng viên hoàn thành xuất sắc nhiệm vụ trên 5 hoàn thành tốt nhiệm vụ "
        "(tối đa 20% = 1). Muốn vượt tỷ lệ, ghi lý do được cấp có thẩm quyền cho phép.")})
    assert YearRating.objects.unscoped().filter(decided_level=Rating.EXCELLENT).count() == 1
    status, rating = call(client, "post", decision, secretary, {"exception": "Được Thành ủy tặng bằng khen trong năm"})
    assert (status, rating["decision"]["level"], rating["decision"]["quota_exception"]) == (
        200, "htxsnv", "Được Thành ủy tặng bằng khen trong năm")
    assert AuditEntry.objects.unscoped().filter(action="rating.decide").order_by("id").last().after["quota_exception"] == (
        "Được Thành ủy tặng bằng khen trong năm")

    # the figures: the ward's distribution and the cell's quota, every member's step for those who manage
    status, figures = call(client, "get", f"/orgs/{world.ward.pk}/ratings?year={YEAR}", bearer(world.ward_admin))
    assert (status, [(r["code"], r["count"], r["last_year"]) for r in figures["levels"]], figures["total"]["total"]) == (
        200, [("htxsnv", 2, 0), ("httnv", 5, 0), ("htnv", 0, 0), ("khtnv", 0, 0)], 7)
    assert [(c["org_name"], c["htxsnv"], c["httnv"], c["total"]) for c in figures["children"]] == [
        ("Chi bộ Khu phố 1", 2, 5, 7), ("Chi bộ Khu phố 2", 0, 0, 0)]
    assert figures["quotas"] == [{"org_id": world.cell.pk, "org_name": "Chi bộ Khu phố 1", "excellent": 2, "good": 5,
                                  "percent": 20, "allowed": 1, "exceeded": True}]
    assert len(figures["ratings"]) == 7
    assert sum(1 for r in figures["ratings"] if r["quota_exception"]) == 1
    status, seen = call(client, "get", f"/orgs/{world.ward.pk}/ratings", bearer(world.viewer))
    assert (status, seen["ratings"], seen["quotas"][0]["exceeded"]) == (200, None, True)
    assert call(client, "get", f"/orgs/{world.cell.pk}/ratings", bearer(world.sibling_admin)) == (404, NOT_FOUND)


def test_a_subordinate_cell_proposes_and_its_grassroots_committee_decides(world, client):
    committee = org_services.create_organization(by=world.superuser, parent=world.ward, code="P01-CS",
                                                 name="Đảng bộ cơ sở Chợ Bến Thành", kind=OrgKind.GRASSROOTS_COMMITTEE)
    cell = org_services.create_organization(by=world.superuser, parent=committee, code="P01-CS-1",
                                            name="Chi bộ Ban quản lý chợ", kind=OrgKind.SUBORDINATE_CELL)
    cell_secretary, committee_admin = make_user("bithuchobo"), make_user("danguycoso")
    org_services.grant_role(by=world.superuser, user=cell_secretary, org=cell, role=Role.CELL_COMMITTEE)
    org_services.grant_role(by=world.superuser, user=committee_admin, org=committee, role=Role.COMMITTEE)
    member = make_member(cell, "Võ Thị Chợ", by=world.superuser, card="60000001")
    path = f"/orgs/{cell.pk}/ratings/members/{member.pk}"
    by_cell = bearer(cell_secretary)
    assert call(client, "put", f"{path}/self-assessment", by_cell, {"general": 25, "tasks": 55})[0] == 200
    status, rating = call(client, "post", f"{path}/proposal", by_cell, {"general": 25, "tasks": 55})
    assert (status, rating["deciding_org_name"], rating["abilities"]) == (
        200, "Đảng bộ cơ sở Chợ Bến Thành", ["propose"])
    assert call(client, "post", f"{path}/decision", by_cell, {}) == (
        403, {"detail": "Chỉ Đảng bộ cơ sở Chợ Bến Thành mới quyết định xếp loại này."})
    status, rating = call(client, "post", f"/orgs/{committee.pk}/ratings/members/{member.pk}/decision",
                          bearer(committee_admin), {"level": "htnv"})
    assert (status, rating["decision"]["level"], rating["decision"]["org_name"]) == (200, "htnv", "Đảng bộ cơ sở Chợ Bến Thành")


def test_an_organisation_rates_itself_and_the_committee_above_decides(world, client):
    secretary, ward = bearer(world.secretary), bearer(world.ward_admin)
    path = f"/orgs/{world.cell.pk}/ratings/organisation"
    status, rating = call(client, "get", path, secretary)
    assert (status, rating["step"], rating["deciding_org_name"], rating["abilities"]) == (
        200, "", "Đảng bộ phường Bến Thành", ["self_assess"])
    assert call(client, "post", f"{path}/proposal", ward, {"general": 28, "tasks": 60}) == (
        400, {"detail": "Chưa có tự đánh giá."})
    status, rating = call(client, "put", f"{path}/self-assessment", secretary,
                          {"general": 29, "tasks": 63, "note": "Hoàn thành các chỉ tiêu"})
    assert (status, rating["self_assessment"]["total"], rating["self_assessment"]["level"]) == (200, 92, "htxsnv")
    # The cell cannot propose or decide its own level: that is the ward's.
    assert call(client, "post", f"{path}/proposal", secretary, {"general": 30, "tasks": 70}) == (
        403, {"detail": "Chỉ cấp ủy cấp trên trực tiếp mới đề xuất, quyết định xếp loại tổ chức này."})
    status, rating = call(client, "post", f"{path}/proposal", ward,
                          {"general": 28, "tasks": 60, "conditions": [0], "note": "Để xảy ra vi phạm"})
    assert (status, rating["step"], rating["proposal"]["total"], rating["proposal"]["level"], rating["abilities"]) == (
        200, "de_xuat", 88, "khtnv", ["propose", "decide"])  # a ticked condition caps the level
    assert call(client, "post", f"{path}/decision", ward, {"level": "httnv"}) == (
        400, {"detail": "Chỉ quyết định bằng hoặc thấp hơn mức đã đề xuất."})
    status, rating = call(client, "post", f"{path}/decision", ward, {})
    assert (status, rating["step"], rating["decision"]["level"], rating["decision"]["org_name"],
            rating["decision"]["by_name"]) == (200, "quyet_dinh", "khtnv", "Đảng bộ phường Bến Thành", "Cán bộ Đảng ủy phường")
    assert call(client, "get", path, bearer(world.sibling_admin)) == (404, NOT_FOUND)
    assert _actions("rating.") == [("rating.self", "bithu"), ("rating.propose", "phuong"), ("rating.decide", "phuong")]
    top = call(client, "get", f"/orgs/{world.province.pk}/ratings/organisation", bearer(world.province_admin))[1]
    assert (top["deciding_org_id"], top["abilities"]) == (None, ["self_assess"])
