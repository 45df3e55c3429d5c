"""Commitments through the API: the whole flow, the refusals, who reads what, figures, plans, copies."""

import datetime

from django.utils import timezone

from conftest import make_member
from hocbac.commitments import services
from hocbac.commitments.models import Registration, State
from hocbac.core.models import AuditEntry

from .helpers import bearer, call

NOT_FOUND = {"detail": "Không tìm thấy (hoặc ngoài phạm vi của đồng chí)."}
FORBIDDEN = {"detail": "Đồng chí không có quyền làm việc này ở tổ chức này."}
YEAR = 2026
DRAFT = {"year": YEAR, "study_plan": "Học chuyên đề năm 2026", "exemplary": "Gương mẫu nơi cư trú",
         "deeds": [{"text": "Giải quyết hồ sơ của dân đúng hạn", "measure": "100% hồ sơ đúng hạn"},
                   {"text": "Thăm hỏi hộ nghèo  trong khu phố"}],
         "anti_degradation": "Không nói không đi đôi với làm"}
SELF_ASSESSMENT = "Hoàn thành các việc đã đăng ký, hồ sơ đúng hạn cả năm."
SECRET = "Nội dung riêng của đồng chí Đảng"


def _submitted(world, member=None, user=None, **draft):
    member, user = member or world.member, user or world.member_user
    registration = services.save_draft(member, YEAR, by=user, **{k: v for k, v in {**DRAFT, **draft}.items() if k != "year"})
    return services.submit(registration, by=user)


def _self_assessed(world):
    registration = _submitted(world)
    services.disclose([registration], on=datetime.date(2026, 3, 5), by=world.secretary)
    return services.self_assess(registration, by=world.member_user, text=SELF_ASSESSMENT + " " + SECRET)


def test_the_whole_flow_through_the_api(world, client):
    member, secretary, ward = bearer(world.member_user), bearer(world.secretary), bearer(world.ward_admin)
    mine, cell, of_member = "/me/registration", f"/orgs/{world.cell.pk}", f"/orgs/{world.cell.pk}/members/{world.member.pk}/registration"
    assert call(client, "get", f"{mine}?year={YEAR}", member) == (404, NOT_FOUND)

    status, body = call(client, "put", mine, member, DRAFT)
    assert (status, body["state"], body["state_label"], body["on_behalf"], body["year"]) == (200, "nhap", "Bản nháp", False, YEAR)
    assert body["deeds"] == [{"text": "Giải quyết hồ sơ của dân đúng hạn", "measure": "100% hồ sơ đúng hạn", "progress": ""},
                             {"text": "Thăm hỏi hộ nghèo trong khu phố", "measure": "", "progress": ""}]
    status, body = call(client, "put", mine, member, {**DRAFT, "exemplary": "Gương mẫu ở cơ quan"})  # a draft is rewritten
    assert (status, body["exemplary"], body["full_name"], body["org_name"]) == (200, "Gương mẫu ở cơ quan", "Trần Văn Đảng", "Chi bộ Khu phố 1")
    registration_id = body["id"]
    status, body = call(client, "post", f"{mine}/submit?year={YEAR}", member)
    assert (status, body["state"], body["submitted_at"] is not None) == (200, "da_nop", True)

    status, body = call(client, "get", f"{cell}/registrations?year={YEAR}", secretary)
    assert [(r["full_name"], r["registration_id"], r["state"], r["state_label"]) for r in body["rows"]] == [
        ("Trần Văn Đảng", registration_id, "da_nop", "Đã nộp"), ("Nguyễn Thị Bí Thư", None, None, "Chưa đăng ký")]
    status, body = call(client, "post", f"{cell}/registrations/disclose", secretary, {"ids": [registration_id], "on": "2026-03-05"})
    assert (status, body) == (200, {"disclosed": 1, "on": "2026-03-05"})

    status, body = call(client, "post", f"{mine}/check-in?year={YEAR}", member, {"progress": ["Đạt 60%", "Đã thăm 6 hộ"], "note": "Đúng tiến độ"})
    assert (status, body["state"], [d["progress"] for d in body["deeds"]], body["midyear_note"]) == (
        200, "giua_nam", ["Đạt 60%", "Đã thăm 6 hộ"], "Đúng tiến độ")
    status, body = call(client, "post", f"{mine}/self-assessment?year={YEAR}", member, {"text": SELF_ASSESSMENT})
    assert (status, body["state"], body["self_assessment"]) == (200, "tu_danh_gia", SELF_ASSESSMENT)

    status, body = call(client, "get", f"{of_member}?year={YEAR}", secretary)  # the cell reads the whole registration
    assert (status, body["self_assessment"], body["disclosed_on"], body["deeds"][0]["progress"]) == (200, SELF_ASSESSMENT, "2026-03-05", "Đạt 60%")
    status, body = call(client, "post", f"{of_member}/evaluate?year={YEAR}", secretary, {"result": "tot", "comment": " Gương mẫu "})
    assert (status, body["state"], body["result"], body["result_label"], body["evaluation_comment"], body["locked"]) == (
        200, "da_danh_gia", "tot", "Thực hiện tốt", "Gương mẫu", True)

    status, body = call(client, "get", f"{mine}?year={YEAR}", member)  # the member reads the evaluation of their own
    assert (status, body["result_label"], body["evaluation_comment"]) == (200, "Thực hiện tốt", "Gương mẫu")
    locked = {"detail": "Bản đăng ký đang ở bước “Chi bộ đã đánh giá”, không thể làm việc này."}
    assert call(client, "post", f"{mine}/self-assessment?year={YEAR}", member, {"text": "Sửa lại"}) == (400, locked)
    assert call(client, "put", mine, member, DRAFT) == (400, locked)

    assert call(client, "post", f"{of_member}/reopen?year={YEAR}", secretary, {"reason": "Nhầm"}) == (403, FORBIDDEN)
    status, body = call(client, "post", f"{of_member}/reopen?year={YEAR}", ward, {"reason": "Chi bộ đánh giá nhầm người"})
    assert (status, body["state"], body["result"], body["locked"]) == (200, "tu_danh_gia", "", False)

    actions = list(AuditEntry.objects.in_subtree(world.cell).filter(action__startswith="commitment.")
                   .order_by("id").values_list("action", "actor__username"))
    assert actions == [("commitment.draft", "0912000001"), ("commitment.draft", "0912000001"), ("commitment.submit", "0912000001"),
                       ("commitment.disclose", "bithu"), ("commitment.check_in", "0912000001"),
                       ("commitment.self_assess", "0912000001"), ("commitment.evaluate", "bithu"), ("commitment.reopen", "phuong")]


def test_the_year_defaults_to_this_year(world, client):
    year = timezone.localdate().year
    auth = bearer(world.member_user)
    status, body = call(client, "put", "/me/registration", auth, {"deeds": [{"text": "Thăm hộ nghèo"}], "anti_degradation": "Không"})
    assert (status, body["year"]) == (200, year)
    assert call(client, "get", "/me/registration", auth)[1]["id"] == body["id"]
    assert call(client, "post", "/me/registration/submit", auth)[1]["state"] == "da_nop"
    _, body = call(client, "get", f"/orgs/{world.cell.pk}/registrations", bearer(world.secretary))
    assert (body["year"], body["rows"][0]["state"]) == (year, "da_nop")


def test_steps_refused_in_vietnamese(world, client):
    member, secretary = bearer(world.member_user), bearer(world.secretary)
    assert call(client, "put", "/me/registration", member, {"year": YEAR, "study_plan": "Học tập"})[0] == 200
    assert call(client, "post", f"/me/registration/submit?year={YEAR}", member) == (
        400, {"detail": "Chưa thể nộp: còn thiếu việc làm theo và cam kết chống suy thoái."})
    seven = {**DRAFT, "deeds": [{"text": f"Việc {i}"} for i in range(7)]}
    assert call(client, "put", "/me/registration", member, seven) == (400, {"detail": "Tối đa 6 việc làm theo."})
    of_member = f"/orgs/{world.cell.pk}/members/{world.member.pk}/registration"
    refused = {"detail": "Bản đăng ký đang ở bước “Bản nháp”, không thể làm việc này."}
    assert call(client, "post", f"{of_member}/evaluate?year={YEAR}", secretary, {"result": "tot"}) == (400, refused)
    assert call(client, "post", f"/me/registration/self-assessment?year={YEAR}", member, {"text": "x"}) == (400, refused)
    assert call(client, "post", f"/me/registration/check-in?year={YEAR}", member, {"progress": []}) == (400, refused)

    registration = _submitted(world)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    disclose = f"/orgs/{world.cell.pk}/registrations/disclose"
    assert call(client, "post", disclose, secretary, {"ids": [registration.pk], "on": tomorrow}) == (
        400, {"detail": "Ngày sinh hoạt công khai không thể ở tương lai."})
    assert call(client, "post", disclose, bearer(world.viewer), {"ids": [registration.pk], "on": "2026-03-05"}) == (403, FORBIDDEN)
    services.disclose([registration], on=datetime.date(2026, 3, 5), by=world.secretary)
    too_many = {"progress": ["a", "b", "c"]}
    assert call(client, "post", f"/me/registration/check-in?year={YEAR}", member, too_many) == (
        400, {"detail": "Bản đăng ký có 2 việc làm theo, không thể ghi 3 dòng tiến độ."})
    registration.refresh_from_db()
    assert (registration.state, registration.midyear_at) == (State.DISCLOSED, None)


def test_malformed_bodies_and_parameters_are_422_with_fields(world, client):
    member, secretary = bearer(world.member_user), bearer(world.secretary)

    def errors(method, path, auth, body=None):
        status, answer = call(client, method, path, auth, body)
        assert status == 422, answer
        return [(e["field"], e["message"]) for e in answer["errors"]]

    assert errors("put", "/me/registration", member, {**DRAFT, "state": "cong_khai", "deeds": [{"text": " ", "progress": "x"}]}) == [
        ("deeds.0.text", "không được để trống"), ("deeds.0.progress", "không có trường này"), ("state", "không có trường này")]
    assert errors("put", "/me/registration", member, {**DRAFT, "year": 1999, "study_plan": None}) == [
        ("year", "phải từ 2001 trở lên"), ("study_plan", "phải là chuỗi (không để null: bỏ trường đi nếu không đổi)")]
    assert errors("get", "/me/registration?year=2100", member) == [("year", "phải từ 2099 trở xuống")]
    assert errors("get", f"/orgs/{world.cell.pk}/registrations?show=tat_ca", secretary) == [
        ("show", "phải là một trong: , chua_dang_ky, chua_tu_danh_gia")]
    disclose = f"/orgs/{world.cell.pk}/registrations/disclose"
    assert errors("post", disclose, secretary, {"ids": [], "on": "05/03/2026"}) == [
        ("ids", "cần ít nhất 1 mục"), ("on", "phải là ngày dạng YYYY-MM-DD")]
    assert errors("post", disclose, secretary, {"ids": 5, "on": "2026-03-05"}) == [("ids", "phải là một danh sách")]
    of_member = f"/orgs/{world.cell.pk}/members/{world.member.pk}/registration"
    assert errors("post", f"{of_member}/evaluate", secretary, {"result": "xuat_sac"}) == [
        ("result", "phải là một trong: tot, hoan_thanh, chua_hoan_thanh")]
    assert errors("post", f"{of_member}/reopen", bearer(world.ward_admin), {"reason": "  "}) == [("reason", "không được để trống")]
    assert errors("post", "/me/registration/self-assessment", member, {}) == [("text", "bắt buộc")]
    assert errors("put", f"/orgs/{world.cell.pk}/plan", secretary, {"content": ""}) == [("content", "không được để trống")]
    assert not Registration.objects.unscoped().exists()


def test_a_member_never_reads_another_members_registration(world, client):
    _self_assessed(world)
    other = bearer(world.other_member_user)
    # Their own (none this year) is 404; /me never answers with someone else's.
    assert call(client, "get", f"/me/registration?year={YEAR}", other) == (404, NOT_FOUND)
    assert call(client, "post", f"/me/registration/self-assessment?year={YEAR}", other, {"text": "x"}) == (404, NOT_FOUND)
    for path in [f"/orgs/{world.cell.pk}/members/{world.member.pk}/registration?year={YEAR}",
                 f"/orgs/{world.other_cell.pk}/members/{world.member.pk}/registration?year={YEAR}",
                 f"/orgs/{world.cell.pk}/registrations?year={YEAR}", f"/orgs/{world.cell.pk}/registrations/copies?year={YEAR}"]:
        for user in (world.other_member_user, world.member_user, world.no_role_user, world.sibling_admin):
            assert call(client, "get", path, bearer(user)) == (404, NOT_FOUND), (path, user)
    # Members hold no grant, so the cell's URLs are 404 to them, even for their own registration.
    # The ward's viewer sees the register (no contents) but not a registration itself.
    viewer = bearer(world.viewer)
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/registrations?year={YEAR}", viewer)
    assert status == 200 and SECRET not in str(body)
    assert set(body["rows"][0]) == {"member_id", "full_name", "cell_name", "is_key_leader", "registration_id", "state",
                                    "state_label", "result", "result_label", "on_behalf", "disclosed_on"}
    assert call(client, "get", f"/orgs/{world.ward.pk}/members/{world.member.pk}/registration?year={YEAR}", viewer) == (403, FORBIDDEN)
    # The cell's secretary reads their own cell's registrations, and gets 404 for the other cell's.
    services.save_draft(world.other_member, YEAR, by=world.other_member_user, study_plan="Riêng của Khu phố 2")
    secretary = bearer(world.secretary)
    assert call(client, "get", f"/orgs/{world.cell.pk}/members/{world.other_member.pk}/registration?year={YEAR}", secretary) == (404, NOT_FOUND)
    assert call(client, "get", f"/orgs/{world.other_cell.pk}/members/{world.other_member.pk}/registration?year={YEAR}", secretary) == (404, NOT_FOUND)
    status, body = call(client, "get", f"/orgs/{world.cell.pk}/members/{world.member.pk}/registration?year={YEAR}", secretary)
    assert (status, body["self_assessment"]) == (200, SELF_ASSESSMENT + " " + SECRET)


def test_disclosure_is_all_or_nothing_inside_the_subtree(world, client):
    own = _submitted(world)
    theirs = _submitted(world, member=world.other_member, user=world.other_member_user)
    disclose = f"/orgs/{world.cell.pk}/registrations/disclose"
    body = {"ids": [own.pk, theirs.pk], "on": "2026-03-05"}
    assert call(client, "post", disclose, bearer(world.secretary), body) == (404, NOT_FOUND)
    assert call(client, "post", disclose, bearer(world.secretary), {**body, "ids": [own.pk, 999999]}) == (404, NOT_FOUND)
    assert set(Registration.objects.unscoped().values_list("state", flat=True)) == {State.SUBMITTED}
    status, answer = call(client, "post", f"/orgs/{world.ward.pk}/registrations/disclose", bearer(world.ward_admin),
                          {**body, "ids": [own.pk, theirs.pk, own.pk]})
    assert (status, answer) == (200, {"disclosed": 2, "on": "2026-03-05"})
    assert set(Registration.objects.unscoped().values_list("state", flat=True)) == {State.DISCLOSED}
    assert call(client, "post", disclose, bearer(world.secretary), {"ids": [own.pk], "on": "2026-03-05"}) == (
        400, {"detail": "Bản đăng ký đang ở bước “Đã công khai trước chi bộ”, không thể làm việc này."})


def test_figures_of_the_ward_with_their_text(world, client):
    leader = make_member(world.cell, "Phạm Chủ Chốt", card="98000001", is_key_leader=True)
    registration = _self_assessed(world)
    services.evaluate(registration, by=world.secretary, result="tot")
    services.save_draft(world.secretary_member, YEAR, by=world.secretary, study_plan="Nháp")  # a draft is not counted
    services.submit(services.save_draft(leader, YEAR, by=world.secretary, deeds=DRAFT["deeds"], anti_degradation="Không tham nhũng"),
                    by=world.secretary)
    status, body = call(client, "put", f"/orgs/{world.cell.pk}/plan?year={YEAR}", bearer(world.secretary),
                        {"content": "Kế hoạch của chi bộ", "in_resolution": True})
    assert (status, body["org_name"], body["year"], body["in_resolution"]) == (200, "Chi bộ Khu phố 1", YEAR, True)

    status, body = call(client, "get", f"/orgs/{world.ward.pk}/registrations/figures?year={YEAR}", bearer(world.viewer))
    assert status == 200
    assert body["total"]["text"] == "2/4 đảng viên đã đăng ký (50,0%), trong đó 1 cán bộ chủ chốt; 100% thực hiện tốt"
    assert {k: body["total"][k] for k in ("registered", "eligible", "key_leaders", "evaluated", "good", "plans", "planning_orgs",
                                          "registered_percent", "good_percent")} == {
        "registered": 2, "eligible": 4, "key_leaders": 1, "evaluated": 1, "good": 1, "plans": 1, "planning_orgs": 2,
        "registered_percent": "50,0%", "good_percent": "100,0%"}
    assert [(f["org_name"], f["registered"], f["eligible"], f["text"]) for f in body["children"]] == [
        ("Chi bộ Khu phố 2", 0, 1, "0/1 đảng viên đã đăng ký (0,0%), trong đó 0 cán bộ chủ chốt"),
        ("Chi bộ Khu phố 1", 2, 3, "2/3 đảng viên đã đăng ký (66,7%), trong đó 1 cán bộ chủ chốt; 100% thực hiện tốt")]
    assert body["year"] == YEAR and "miễn sinh hoạt" in body["rule"]
    # The register's filters.
    _, body = call(client, "get", f"/orgs/{world.cell.pk}/registrations?year={YEAR}&show=chua_dang_ky", bearer(world.secretary))
    assert [(r["full_name"], r["state"], r["on_behalf"]) for r in body["rows"]] == [("Nguyễn Thị Bí Thư", "nhap", False)]
    _, body = call(client, "get", f"/orgs/{world.cell.pk}/registrations?year={YEAR}", bearer(world.secretary))
    assert [(r["full_name"], r["state"], r["result_label"], r["on_behalf"], r["is_key_leader"]) for r in body["rows"]] == [
        ("Phạm Chủ Chốt", "da_nop", "", True, True), ("Trần Văn Đảng", "da_danh_gia", "Thực hiện tốt", False, False),
        ("Nguyễn Thị Bí Thư", "nhap", "", False, False)]


def test_the_plan_is_created_then_replaced(world, client):
    plan = f"/orgs/{world.cell.pk}/plan?year={YEAR}"
    assert call(client, "put", plan, bearer(world.secretary), {"content": "Kế hoạch lần đầu"})[0] == 200
    status, body = call(client, "put", plan, bearer(world.ward_admin), {"content": "Kế hoạch đã sửa", "in_resolution": True})
    assert (status, body["content"], body["in_resolution"]) == (200, "Kế hoạch đã sửa", True)
    summaries = list(AuditEntry.objects.in_subtree(world.cell).filter(action="commitment.org_plan").order_by("id").values_list("summary", flat=True))
    assert summaries == ["Xây dựng kế hoạch thực hiện năm 2026 của Chi bộ Khu phố 1", "Sửa kế hoạch thực hiện năm 2026 của Chi bộ Khu phố 1"]
    assert call(client, "put", plan, bearer(world.viewer), {"content": "x"}) == (403, FORBIDDEN)
    assert call(client, "put", f"/orgs/{world.other_cell.pk}/plan", bearer(world.secretary), {"content": "x"}) == (404, NOT_FOUND)


COPIED = ("Tôi đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh bằng việc giải quyết "
          "hồ sơ hành chính cho người dân trong khu phố đúng hẹn, hướng dẫn tận tình bà con làm thủ tục "
          "trên cổng dịch vụ công, mỗi tháng tổ chức một buổi đối thoại với các hộ gia đình về vệ sinh môi trường.")
OWN = ("Năm nay tôi tiếp tục phụ trách công tác khuyến học của khu phố, vận động các gia đình khá giả đỡ đầu "
       "học sinh nghèo vượt khó, theo dõi kết quả học tập của từng em và báo cáo chi bộ vào cuối mỗi học kỳ.")
WORDS = ("ruộng vườn chợ quê đường làng giếng nước mái đình cây đa bến sông con đò lũy tre cánh đồng "
         "mùa gặt khói bếp tiếng trống hội làng sân kho nhà văn hóa trạm xá lớp học cổng chào ngõ xóm").split()


def _unlike(seed):
    """A text of its own: the same words as the others, in an order nobody else uses."""
    import random

    words = WORDS[:]
    random.Random(seed).shuffle(words)
    return " ".join(words)


def test_near_copies_with_member_names(world, client):
    # A ward of thirteen registrations: two members wrote the same text, one rewrote last year's,
    # the others wrote their own (the copied text is in too few of them to count as a stock phrase).
    copier = make_member(world.cell, "Võ Văn Sao Chép", card="98000002")
    _submitted(world, study_plan=COPIED)
    services.submit(services.save_draft(copier, YEAR, by=world.secretary, study_plan=COPIED, deeds=DRAFT["deeds"],
                                        anti_degradation=DRAFT["anti_degradation"]), by=world.secretary)
    for year, ending in ((YEAR - 1, "Năm cũ."), (YEAR, "Năm mới.")):
        services.submit(services.save_draft(world.secretary_member, year, by=world.secretary, study_plan=f"{OWN} {ending}",
                                            deeds=DRAFT["deeds"], anti_degradation="Không"), by=world.secretary)
    for i in range(10):
        other = make_member(world.other_cell, f"Đảng Viên Khác {chr(65 + i)}", card=f"9800010{i}")
        services.submit(services.save_draft(other, YEAR, by=world.ward_admin, study_plan=_unlike(i), deeds=DRAFT["deeds"],
                                            anti_degradation=_unlike(100 + i)), by=world.ward_admin)

    status, body = call(client, "get", f"/orgs/{world.ward.pk}/registrations/copies?year={YEAR}", bearer(world.ward_admin))
    assert (status, body["year"], body["count"]) == (200, YEAR, 2)
    pairs = {(frozenset((p["first"]["full_name"], p["second"]["full_name"])), p["own_last_year"],
              frozenset((p["first"]["year"], p["second"]["year"]))) for p in body["pairs"]}
    assert pairs == {(frozenset(("Trần Văn Đảng", "Võ Văn Sao Chép")), False, frozenset((YEAR,))),
                     (frozenset(("Nguyễn Thị Bí Thư",)), True, frozenset((YEAR, YEAR - 1)))}
    top = body["pairs"][0]
    assert 0.5 <= top["score"] <= 1 and top["percent"].endswith("%") and top["first"]["cell_name"] == "Chi bộ Khu phố 1"
    assert [p["score"] for p in body["pairs"]] == sorted((p["score"] for p in body["pairs"]), reverse=True)
    assert call(client, "get", f"/orgs/{world.ward.pk}/registrations/copies?year={YEAR}", bearer(world.viewer)) == (403, FORBIDDEN)
