"""The journal through the API: a reflection from the rota to the cell's conclusion, who reads
what, comments recorded once, exact figures, the notebook, and refusals that change nothing."""

import datetime

from django.utils import timezone

from conftest import make_member
from hocbac.core.models import AuditEntry
from hocbac.journal import services
from hocbac.journal.models import Citation, Comment, Manifestation, NotebookEntry, Reflection, State
from hocbac.study.services import create_session

from .helpers import bearer, call

NOT_FOUND = {"detail": "Không tìm thấy (hoặc ngoài phạm vi của đồng chí)."}
FORBIDDEN = {"detail": "Đồng chí không có quyền làm việc này ở tổ chức này."}
BODY = "Tôi còn nể nang khi góp ý đồng chí trong chi bộ. <b>Từ nay</b> tôi nói thẳng & đúng lúc."


def _today():
    return timezone.localdate()


def _item(group, number):
    return Manifestation.objects.get(group=group, number=number, sub=0)


def _draft(world, member=None, user=None, month=None):
    today = _today()
    reflection = services.assign(world.cell, member or world.member, today.year, month or today.month, by=world.secretary)
    return services.save_reflection(reflection, by=user or world.member_user, title="Sửa mình", body=BODY,
                                    manifestation_ids=[_item(1, 5).pk],
                                    corrections=[{"text": "Góp ý thẳng thắn tại sinh hoạt", "by": today}])


def _submitted(world, member=None, user=None, month=None):
    return services.submit_reflection(_draft(world, member, user, month), by=user or world.member_user)


def test_a_reflection_from_the_rota_to_the_conclusion(world, client):
    today = _today()
    member, secretary = bearer(world.member_user), bearer(world.secretary)
    status, body = call(client, "post", f"/orgs/{world.cell.pk}/reflections", secretary,
                        {"member_id": world.member.pk, "year": today.year, "month": today.month})
    assert (status, body["full_name"], body["state"], body["state_label"], body["month"]) == (
        201, "Trần Văn Đảng", "phan_cong", "Được phân công", today.month)
    reflection_id = body["id"]
    status, body = call(client, "get", f"/me/reflections?year={today.year}", member)
    assert (status, [(r["id"], r["state"], r["body"], r["citations"]) for r in body]) == (
        200, [(reflection_id, "phan_cong", "", [])])

    draft = {"title": "  Sửa   mình ", "body": BODY, "manifestation_ids": [_item(2, 4).pk, _item(1, 5).pk],
             "corrections": [{"text": "Góp ý thẳng thắn tại sinh hoạt", "by": "2026-12-31"}, {"text": "", "by": None}]}
    status, body = call(client, "put", f"/me/reflections/{reflection_id}", member, draft)
    assert (status, body["state"], body["title"], body["body"]) == (200, "nhap", "Sửa mình", BODY)  # raw: JSON is not HTML
    assert body["corrections"] == [{"text": "Góp ý thẳng thắn tại sinh hoạt", "by": "2026-12-31"}]
    assert [(c["code"], c["group"], c["label"], c["version"]) for c in body["citations"]] == [
        ("1.5", 1, "Né tránh tự phê bình và phê bình; nể nang, ngại va chạm", 1),
        ("2.4", 2, "Che giấu khuyết điểm, phô trương, thành tích", 1)]
    status, body = call(client, "post", f"/me/reflections/{reflection_id}/submit", member)
    assert (status, body["state"], body["submitted_at"] is not None) == (200, "da_nop", True)
    assert call(client, "put", f"/me/reflections/{reflection_id}", member, draft) == (
        400, {"detail": "Bài đã nộp, không sửa được nữa."})

    path = f"/reflections/{reflection_id}"
    assert call(client, "post", f"{path}/conclusion", secretary, {"text": "Sớm quá"}) == (
        400, {"detail": "Ghi nhận bài đã đọc tại sinh hoạt trước khi kết luận."})
    assert call(client, "post", f"{path}/read", member, {"read_on": today.isoformat()}) == (403, FORBIDDEN)
    assert call(client, "post", f"{path}/read", bearer(world.viewer), {"read_on": today.isoformat()}) == (403, FORBIDDEN)
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    assert call(client, "post", f"{path}/read", secretary, {"read_on": tomorrow}) == (
        400, {"detail": "Ngày đọc không được sau hôm nay."})
    status, body = call(client, "post", f"{path}/read", secretary, {"read_on": today.isoformat()})
    assert (status, body["state"], body["state_label"], body["read_on"]) == (200, "da_doc", "Đã đọc tại sinh hoạt", today.isoformat())
    status, body = call(client, "post", f"{path}/conclusion", secretary, {"text": " Chi bộ ghi nhận tinh thần tự phê bình. "})
    assert (status, body["conclusion"], body["concluded_at"] is not None) == (200, "Chi bộ ghi nhận tinh thần tự phê bình.", True)

    status, body = call(client, "get", path, member)  # the author reads the conclusion
    assert (status, body["state"], body["conclusion"], body["comments"]) == (200, "da_doc", "Chi bộ ghi nhận tinh thần tự phê bình.", [])
    actions = list(AuditEntry.objects.in_subtree(world.cell).filter(action__startswith="reflection.")
                   .order_by("id").values_list("action", "actor__username"))
    assert actions == [("reflection.assign", "bithu"), ("reflection.draft", "0912000001"), ("reflection.submit", "0912000001"),
                       ("reflection.read", "bithu"), ("reflection.conclude", "bithu")]


def test_a_draft_is_its_authors_only_a_submitted_one_the_cells(world, client):
    theirs = _draft(world, member=world.secretary_member, user=world.secretary)
    mine = _draft(world)
    member, other, secretary = bearer(world.member_user), bearer(world.other_member_user), bearer(world.secretary)
    for user in (world.member_user, world.other_member_user, world.viewer, world.ward_admin, world.superuser):
        assert call(client, "get", f"/reflections/{theirs.pk}", bearer(user)) == (404, NOT_FOUND), user
    assert call(client, "get", f"/reflections/{mine.pk}", secretary) == (404, NOT_FOUND)
    assert call(client, "put", f"/me/reflections/{theirs.pk}", member, {"body": "x"}) == (404, NOT_FOUND)
    assert call(client, "post", f"/me/reflections/{theirs.pk}/submit", member) == (404, NOT_FOUND)
    status, body = call(client, "get", f"/me/reflections?year={_today().year}", other)
    assert (status, body) == (200, [])
    assert call(client, "get", "/me/reflections", bearer(world.viewer)) == (404, NOT_FOUND)  # no member record

    services.submit_reflection(theirs, by=world.secretary)
    status, body = call(client, "get", f"/reflections/{theirs.pk}", member)  # a member of the cell reads it
    assert (status, body["full_name"], body["body"], [c["code"] for c in body["citations"]]) == (
        200, "Nguyễn Thị Bí Thư", BODY, ["1.5"])
    assert call(client, "get", f"/reflections/{theirs.pk}", other) == (404, NOT_FOUND)
    assert call(client, "get", f"/reflections/{theirs.pk}", bearer(world.sibling_admin)) == (404, NOT_FOUND)
    assert call(client, "get", f"/reflections/{theirs.pk}", bearer(world.viewer))[0] == 200
    assert call(client, "post", f"/reflections/{theirs.pk}/comments", bearer(world.viewer),
                {"body": "Xem", "client_key": "k"}) == (403, FORBIDDEN)


def test_a_comment_posted_twice_is_recorded_once(world, client):
    reflection = _submitted(world)
    secretary, member = bearer(world.secretary), bearer(world.member_user)
    path = f"/reflections/{reflection.pk}/comments"
    first = call(client, "post", path, secretary, {"body": "Đồng chí nêu rõ khuyết điểm.", "client_key": "a1"})
    again = call(client, "post", path, secretary, {"body": "Đồng chí nêu rõ khuyết điểm.", "client_key": "a1"})
    assert first == again
    assert (first[0], first[1]["author_name"], first[1]["parent_id"], first[1]["deleted"]) == (201, "Nguyễn Thị Bí Thư", None, False)
    status, reply = call(client, "post", path, member, {"body": "Xin tiếp thu.", "parent_id": first[1]["id"], "client_key": "a1"})
    assert (status, reply["parent_id"], reply["author_name"]) == (201, first[1]["id"], "Trần Văn Đảng")
    assert Comment.objects.filter(reflection=reflection).count() == 2

    status, body = call(client, "patch", f"/comments/{reply['id']}", member, {"body": "Xin tiếp thu, sẽ sửa ngay."})
    assert (status, body["body"], body["edited_at"] is not None) == (200, "Xin tiếp thu, sẽ sửa ngay.", True)
    assert call(client, "patch", f"/comments/{first[1]['id']}", member, {"body": "Sửa của người khác"}) == (403, FORBIDDEN)
    assert call(client, "patch", f"/comments/{first[1]['id']}", bearer(world.other_member_user), {"body": "x"}) == (404, NOT_FOUND)
    status, body = call(client, "delete", f"/comments/{first[1]['id']}", secretary)
    assert (status, body["body"], body["deleted"]) == (200, "", True)
    assert call(client, "delete", f"/comments/{first[1]['id']}", secretary) == (400, {"detail": "Góp ý này đã được xóa."})
    assert call(client, "post", path, member, {"body": "x", "parent_id": 999999, "client_key": "b"}) == (
        400, {"detail": "Không tìm thấy góp ý được trả lời."})

    status, body = call(client, "get", f"/reflections/{reflection.pk}", bearer(world.ward_admin))
    assert [(c["author_name"], c["body"], c["deleted"], [(r["author_name"], r["body"]) for r in c["replies"]])
            for c in body["comments"]] == [("Nguyễn Thị Bí Thư", "", True, [("Trần Văn Đảng", "Xin tiếp thu, sẽ sửa ngay.")])]


def test_the_figures_the_rota_and_the_manifestations_are_exact(world, client):
    today = _today()
    january, february = (1, 2) if today.month > 2 else (today.month, today.month)
    other_in_cell = make_member(world.cell, "Phạm Thị Ba", card="98000011")
    read = _submitted(world, month=january)
    services.mark_read(read, by=world.secretary, read_on=today)
    _draft(world, member=world.secretary_member, user=world.secretary, month=january)  # a draft is not written
    services.assign(world.cell, other_in_cell, today.year, 12, by=world.secretary)
    other = services.assign(world.other_cell, world.other_member, today.year, february, by=world.ward_admin)
    services.save_reflection(other, by=world.other_member_user, body="Tự soi", manifestation_ids=[_item(1, 5).pk, _item(3, 2).pk],
                             corrections=[{"text": "Học nghị quyết", "by": today}])
    services.submit_reflection(other, by=world.other_member_user)

    status, body = call(client, "get", f"/orgs/{world.ward.pk}/reflections?year={today.year}", bearer(world.viewer))
    assert status == 200
    assert body["total"] == {"org_id": world.ward.pk, "org_name": "Đảng bộ phường Bến Thành", "assigned": 4, "written": 2,
                             "read": 1, "eligible": 4, "never_written": 2, "written_percent": "50,0%", "read_percent": "25,0%"}
    assert [(c["org_name"], c["assigned"], c["written"], c["read"], c["eligible"], c["never_written"]) for c in body["children"]] == [
        ("Chi bộ Khu phố 1", 3, 1, 1, 3, 2), ("Chi bộ Khu phố 2", 1, 1, 0, 1, 0)]
    assert (body["period"], body["months"], body["rota"], "miễn sinh hoạt" in body["rule"]) == ("", list(range(1, 13)), None, True)

    status, body = call(client, "get", f"/orgs/{world.cell.pk}/reflections?year={today.year}&period=12", bearer(world.secretary))
    assert (status, body["months"], body["total"]["assigned"], body["total"]["written"]) == (200, [12], 1, 0)
    assert [(m["month"], [(r["full_name"], r["state"]) for r in m["reflections"]]) for m in body["rota"]] == [
        (12, [("Phạm Thị Ba", "phan_cong")])]
    _, body = call(client, "get", f"/orgs/{world.cell.pk}/reflections?year={today.year}", bearer(world.secretary))
    assert [(m["month"], [r["full_name"] for r in m["reflections"]]) for m in body["rota"] if m["reflections"]] == [
        (january, ["Trần Văn Đảng", "Nguyễn Thị Bí Thư"]), (12, ["Phạm Thị Ba"])]  # by given name
    assert "body" not in body["rota"][january - 1]["reflections"][0]  # the rota carries no text

    status, body = call(client, "get", f"/orgs/{world.ward.pk}/reflections/manifestations?year={today.year}", bearer(world.viewer))
    assert (status, body["reflections"]) == (200, 2)
    assert [(i["code"], i["count"]) for i in body["items"] if i["count"]] == [("1.5", 2), ("3.2", 1)]
    assert len(body["items"]) == 27 and "full_name" not in str(body) and "Trần Văn Đảng" not in str(body)
    assert body["groups"] == [{"label": "Suy thoái về tư tưởng chính trị", "count": 2},
                              {"label": "Suy thoái về đạo đức, lối sống", "count": 0},
                              {"label": "“Tự diễn biến”, “tự chuyển hóa”", "count": 1}]
    _, body = call(client, "get", f"/orgs/{world.cell.pk}/reflections/manifestations?year={today.year}", bearer(world.secretary))
    assert (body["reflections"], [(i["code"], i["count"]) for i in body["items"] if i["count"]]) == (1, [("1.5", 1)])
    assert call(client, "get", f"/orgs/{world.ward.pk}/reflections?period=Q5", bearer(world.viewer))[0] == 422


def test_a_manifestation_that_does_not_exist_is_refused_and_nothing_changes(world, client):
    today = _today()
    reflection = services.assign(world.cell, world.member, today.year, today.month, by=world.secretary)
    member = bearer(world.member_user)
    draft = {"title": "Sửa mình", "body": BODY, "manifestation_ids": [_item(1, 1).pk, 999999],
             "corrections": [{"text": "Học tập nghị quyết", "by": today.isoformat()}]}
    assert call(client, "put", f"/me/reflections/{reflection.pk}", member, draft) == (
        400, {"detail": "Có biểu hiện không có trong danh mục."})
    status, body = call(client, "put", f"/me/reflections/{reflection.pk}", member, {**draft, "manifestation_ids": ["một"], "state": "da_doc"})
    assert (status, [(e["field"], e["message"]) for e in body["errors"]]) == (
        422, [("manifestation_ids.0", "phải là số nguyên"), ("state", "không có trường này")])
    reflection.refresh_from_db()
    assert (reflection.state, reflection.title, reflection.body, reflection.corrections) == (State.ASSIGNED, "", "", [])
    assert not Citation.objects.exists()
    assert not AuditEntry.objects.in_subtree(world.cell).filter(action="reflection.draft").exists()


def test_assigning_stays_inside_the_cell(world, client):
    today = _today()
    secretary = bearer(world.secretary)
    for member in (world.other_member, world.sibling_member):
        assert call(client, "post", f"/orgs/{world.cell.pk}/reflections", secretary,
                    {"member_id": member.pk, "year": today.year, "month": 3}) == (404, NOT_FOUND)
    assert call(client, "post", f"/orgs/{world.ward.pk}/reflections", bearer(world.ward_admin),
                {"member_id": world.member.pk, "year": today.year, "month": 3}) == (
        400, {"detail": "Đồng chí Trần Văn Đảng không phải đảng viên của Đảng bộ phường Bến Thành."})
    assert call(client, "post", f"/orgs/{world.cell.pk}/reflections", bearer(world.viewer),
                {"member_id": world.member.pk, "year": today.year, "month": 3}) == (403, FORBIDDEN)
    status, body = call(client, "post", f"/orgs/{world.cell.pk}/reflections", secretary,
                        {"member_id": world.member.pk, "year": today.year, "month": 13})
    assert (status, body["errors"]) == (422, [{"field": "month", "message": "phải từ 12 trở xuống"}])
    assert not Reflection.objects.unscoped().exists()
    status, body = call(client, "post", f"/orgs/{world.cell.pk}/reflections", secretary,
                        {"member_id": world.member.pk, "year": 2026, "month": 2})
    assert (status, body["due_on"]) == (201, "2026-02-28")
    assert call(client, "post", f"/orgs/{world.cell.pk}/reflections", secretary,
                {"member_id": world.member.pk, "year": 2026, "month": 2}) == (
        400, {"detail": "Đồng chí Trần Văn Đảng đã được phân công viết bài tháng 2/2026."})


def test_the_manifestations_in_three_groups(world, client):
    status, body = call(client, "get", "/manifestations", bearer(world.no_role_user))
    assert (status, [(g["group"], g["label"], len(g["items"])) for g in body]) == (200, [
        (1, "Suy thoái về tư tưởng chính trị", 9), (2, "Suy thoái về đạo đức, lối sống", 9),
        (3, "“Tự diễn biến”, “tự chuyển hóa”", 9)])
    item = _item(1, 6)
    sub_item = services.add_sub_item(item, by=world.superuser, label="Hứa nhiều làm ít")
    _, body = call(client, "get", "/manifestations", bearer(world.member_user))
    assert body[0]["items"][5] == {"id": item.pk, "code": "1.6", "label": "Nói không đi đôi với làm", "text": "", "version": 1,
                                   "sub_items": [{"id": sub_item.pk, "code": "1.6.1", "label": "Hứa nhiều làm ít", "text": "",
                                                  "version": 1}]}


def test_the_notebook_is_the_members_own(world, client):
    today = _today()
    member, other = bearer(world.member_user), bearer(world.other_member_user)
    entry = {"written_on": today.isoformat(), "studied": "Chuyên đề năm", "did": "Thăm hộ nghèo", "will_correct": ""}
    status, body = call(client, "post", "/me/notebook", member, entry)
    assert (status, body["studied"], body["shared"], body["shared_at"], body["org_id"]) == (201, "Chuyên đề năm", False, None, world.cell.pk)
    entry_id = body["id"]
    session = create_session(by=world.secretary, org=world.cell, kind="thuong_ky", title="Sinh hoạt chi bộ",
                             starts_at=timezone.now(), ends_at=timezone.now() + datetime.timedelta(hours=1))
    status, body = call(client, "put", f"/me/notebook/{entry_id}", member, {**entry, "shared": True, "session_id": session.pk})
    assert (status, body["shared"], body["session_id"], body["id"]) == (200, True, session.pk, entry_id)
    status, body = call(client, "get", f"/me/notebook?year={today.year}", member)
    assert (status, [(e["id"], e["did"], e["shared"]) for e in body]) == (200, [(entry_id, "Thăm hộ nghèo", True)])

    # Another member, even of the cell's committee that reads shared entries, cannot change it.
    for user in (world.other_member_user, world.secretary, world.ward_admin):
        assert call(client, "put", f"/me/notebook/{entry_id}", bearer(user), entry) == (404, NOT_FOUND), user
    assert call(client, "get", "/me/notebook", other) == (200, [])
    other_session = create_session(by=world.ward_admin, org=world.other_cell, kind="thuong_ky", title="Khu phố 2",
                                   starts_at=timezone.now(), ends_at=timezone.now() + datetime.timedelta(hours=1))
    assert call(client, "post", "/me/notebook", member, {**entry, "session_id": other_session.pk}) == (
        400, {"detail": "Không tìm thấy buổi học tập, sinh hoạt đã chọn trong chi bộ của đồng chí."})
    assert call(client, "post", "/me/notebook", member, {"written_on": today.isoformat()}) == (
        400, {"detail": "Hãy ghi ít nhất một nội dung: đã học, đã làm theo hoặc sẽ sửa."})
    assert call(client, "post", "/me/notebook", bearer(world.viewer), entry) == (404, NOT_FOUND)
    assert NotebookEntry.objects.unscoped().count() == 1


def _queries(client, path, auth):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        status, body = call(client, "get", path, auth)
    assert status == 200
    return len(queries), len(body) if isinstance(body, list) else len(body["rota"])


def test_lists_take_as_many_queries_for_one_row_as_for_three(world, client):
    member, secretary = bearer(world.member_user), bearer(world.secretary)
    year = _today().year
    call(client, "get", "/me", member), call(client, "get", "/me", secretary)  # a token's first use is recorded once
    _submitted(world, month=1)
    one = (_queries(client, f"/me/reflections?year={year}", member),
           _queries(client, f"/orgs/{world.cell.pk}/reflections?year={year}", secretary))
    _submitted(world, month=2)
    _submitted(world, month=3)
    three = (_queries(client, f"/me/reflections?year={year}", member),
             _queries(client, f"/orgs/{world.cell.pk}/reflections?year={year}", secretary))
    assert [count for count, _ in one] == [count for count, _ in three]
    assert [rows for _, rows in one] == [1, 12] and [rows for _, rows in three] == [3, 12]
