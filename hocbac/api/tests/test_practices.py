"""Models of studying and following through the API: the registry and its filters, a model's
page with history, recognitions, reviews, evidence and family, recognition kept to a committee,
publication, replication from a cell, exact figures, and refusals that change nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hocbac.core.models import AuditEntry
from hocbac.library.services import create_document
from hocbac.practices import services
from hocbac.practices.models import Evidence, Field, Practice, Review, Status, StatusChange
from hocbac.study.services import create_session

from .helpers import bearer, call

NOT_FOUND = {"detail": "Không tìm thấy (hoặc ngoài phạm vi của đồng chí)."}
FORBIDDEN = {"detail": "Đồng chí không có quyền làm việc này ở tổ chức này."}
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82")


def _today():
    return timezone.localdate()


@pytest.fixture
def field(db):
    return Field.objects.get(name="Dân vận khéo")


@pytest.fixture
def launched(world, field):
    return services.create_practice(by=world.ward_admin, org=world.ward, name="Dân vận khéo trong khu dân cư",
                                    field=field, started_on=datetime.date(2025, 1, 5), origin="phat_dong",
                                    goals="Mỗi đảng viên giúp một hộ khó khăn")


@pytest.fixture
def own(world, field):
    return services.create_practice(by=world.secretary, org=world.cell, name="Chi bộ 4 tốt", field=field,
                                    started_on=datetime.date(2026, 1, 10), description="Họp đúng kỳ, nội dung thiết thực")


def _recognition(status="tieu_bieu"):
    return {"status": status, "recognised_by": "Đảng ủy phường Bến Thành", "decision": "12-QĐ/ĐU",
            "decided_on": _today().isoformat()}


def test_a_cell_registers_an_individual_model_and_finds_it(world, field, client):
    secretary = bearer(world.secretary)
    path = f"/orgs/{world.cell.pk}/practices"
    status, body = call(client, "post", path, secretary, {
        "name": " Tuyến đường hoa ", "holder": "ca_nhan", "member_id": world.member.pk, "field_id": field.pk,
        "started_on": "2026-02-01", "goals": "Trồng 2 km hoa"})
    assert (status, body["name"], body["org_name"], body["origin"], body["holder_label"], body["member_name"],
            body["field_name"], body["status"], body["status_since"]) == (
        201, "Tuyến đường hoa", "Chi bộ Khu phố 1", "rieng", "Cá nhân", "Trần Văn Đảng", "Dân vận khéo",
        "dang_thuc_hien", "2026-02-01")
    assert ([(h["status"], h["changed_on"], h["note"], h["by_name"]) for h in body["history"]],
            body["recognitions"], body["reviews"], body["evidence"], body["family"]) == (
        [("dang_thuc_hien", "2026-02-01", "Bắt đầu thực hiện", "Nguyễn Thị Bí Thư")], [], [], [], [])
    assert body["abilities"] == ["manage", "review"]  # a cell committee neither recognises nor publishes
    practice_id = body["id"]

    status, body = call(client, "get", f"/orgs/{world.ward.pk}/practices?q=tuyen duong", bearer(world.ward_admin))
    assert (status, body["count"], body["pages"], [p["id"] for p in body["results"]]) == (200, 1, 1, [practice_id])
    status, body = call(client, "get", f"{path}?status=tieu_bieu", secretary)
    assert (status, body["count"]) == (200, 0)
    assert call(client, "get", f"{path}?status=tot", secretary)[0] == 422
    status, body = call(client, "get", f"{path}?kind=nhan_rong", secretary)
    assert (status, body["count"]) == (200, 0)
    status, body = call(client, "get", f"{path}?field={field.pk}&origin=rieng", secretary)
    assert (status, body["count"]) == (200, 1)

    # the member must be of the organisation's subtree; the field must exist and be in use
    for extra, message in [
        ({"member_id": world.other_member.pk}, "Không tìm thấy đảng viên đã chọn trong tổ chức thực hiện mô hình."),
        ({"member_id": None}, "Mô hình cá nhân phải chọn đảng viên thực hiện."),
        ({"field_id": 999999}, "Không tìm thấy lĩnh vực đã chọn."),
        ({"started_on": (_today() + datetime.timedelta(days=1)).isoformat()}, "Ngày bắt đầu không được sau hôm nay."),
    ]:
        data = {"name": "Khác", "holder": "ca_nhan", "member_id": world.member.pk, "field_id": field.pk,
                "started_on": "2026-02-01", **extra}
        assert call(client, "post", path, secretary, data) == (400, {"detail": message}), extra
    Field.objects.filter(pk=field.pk).update(is_active=False)
    assert call(client, "post", path, secretary, {"name": "Khác", "field_id": field.pk, "started_on": "2026-02-01"}) == (
        400, {"detail": "Lĩnh vực này không còn dùng."})
    assert Practice.objects.unscoped().count() == 1


def test_malformed_bodies_are_422_and_change_nothing(world, field, own, client):
    secretary = bearer(world.secretary)
    path = f"/orgs/{world.cell.pk}/practices"
    status, body = call(client, "post", path, secretary, {"name": "x" * 301, "field_id": field.pk,
                                                          "started_on": "2026-02-01", "status": "tieu_bieu",
                                                          "origin": "khac"})
    assert status == 422
    assert {(e["field"], e["message"]) for e in body["errors"]} == {
        ("name", "dài quá 300 ký tự"), ("status", "không có trường này"),
        ("origin", "phải là một trong: phat_dong, rieng")}
    status, body = call(client, "post", f"{path}/{own.pk}/evidence", secretary, {"kind": "anh", "caption": "Ảnh"})
    assert (status, body["errors"]) == (422, [{"field": "kind", "message": "phải là một trong: lien_ket, buoi_sinh_hoat, van_ban"}])
    status, body = call(client, "post", f"{path}/{own.pk}/status", secretary, {"status": "ngung", "decision": "x" * 61})
    assert (status, body["errors"]) == (422, [{"field": "decision", "message": "dài quá 60 ký tự"}])
    status, body = call(client, "put", f"{path}/{own.pk}/reviews/1999/ca_nam", secretary, {"verdict": "tot", "assessment": "x"})
    assert (status, body["errors"]) == (422, [{"field": "year", "message": "phải từ 2001 trở lên"}])
    status, body = call(client, "put", f"{path}/{own.pk}/reviews/2026/quy_1", secretary, {"verdict": "tot", "assessment": "x"})
    assert (status, body["errors"][0]["field"]) == (422, "period")
    status, body = call(client, "patch", f"{path}/{own.pk}", secretary, {"origin": "phat_dong"})
    assert (status, body["errors"]) == (422, [{"field": "origin", "message": "không có trường này"}])
    own.refresh_from_db()
    assert (own.origin, own.status, Evidence.objects.count(), Review.objects.count()) == ("rieng", "dang_thuc_hien", 0, 0)


def test_update_changes_what_is_sent(world, field, own, client):
    secretary = bearer(world.secretary)
    path = f"/orgs/{world.cell.pk}/practices/{own.pk}"
    other_field = Field.objects.get(name="Khác")
    status, body = call(client, "patch", path, secretary, {"goals": "Chi bộ trong sạch", "field_id": other_field.pk,
                                                           "holder": "ca_nhan", "member_id": world.member.pk})
    assert (status, body["goals"], body["description"], body["field_name"], body["member_name"]) == (
        200, "Chi bộ trong sạch", "Họp đúng kỳ, nội dung thiết thực", "Khác", "Trần Văn Đảng")
    assert call(client, "patch", path, secretary, {"result": "Nhân rộng tốt"}) == (
        400, {"detail": "Chỉ mô hình nhân rộng mới ghi kết quả khi nhân rộng."})
    assert call(client, "patch", path, secretary, {"member_id": world.other_member.pk}) == (
        400, {"detail": "Không tìm thấy đảng viên đã chọn trong tổ chức thực hiện mô hình."})
    assert call(client, "patch", path, bearer(world.viewer), {"goals": "x"}) == (403, FORBIDDEN)
    assert call(client, "patch", f"/orgs/{world.other_cell.pk}/practices/{own.pk}", bearer(world.ward_admin),
                {"goals": "x"}) == (404, NOT_FOUND)  # not a model of that cell's subtree
    entry = AuditEntry.objects.in_subtree(world.cell).filter(action="practice.update").get()
    assert (entry.before["goals"], entry.after["goals"]) == ("", "Chi bộ trong sạch")


def test_recognition_is_a_committees_and_the_history_keeps_every_step(world, own, client):
    secretary, ward = bearer(world.secretary), bearer(world.ward_admin)
    path = f"/orgs/{world.cell.pk}/practices/{own.pk}"
    assert call(client, "post", f"{path}/status", secretary, _recognition()) == (
        403, {"detail": "Chỉ cấp ủy có thẩm quyền mới ghi nhận mô hình tiêu biểu, xuất sắc."})
    assert call(client, "post", f"{path}/status", ward, {**_recognition(), "decision": " "}) == (
        400, {"detail": "Công nhận mô hình cần ghi cơ quan công nhận, số quyết định và ngày quyết định."})
    assert StatusChange.objects.filter(practice=own).count() == 1

    status, body = call(client, "post", f"/orgs/{world.ward.pk}/practices/{own.pk}/status", ward, _recognition())
    assert (status, body["status"], body["status_label"], body["status_since"]) == (200, "tieu_bieu", "Tiêu biểu", _today().isoformat())
    assert [(r["status"], r["recognised_by"], r["decision"], r["decided_on"], r["by_name"]) for r in body["recognitions"]] == [
        ("tieu_bieu", "Đảng ủy phường Bến Thành", "12-QĐ/ĐU", _today().isoformat(), "Cán bộ Đảng ủy phường")]
    assert [h["status"] for h in body["history"]] == ["dang_thuc_hien", "tieu_bieu"]
    assert body["abilities"] == ["manage", "recognise", "publish", "review"]

    assert call(client, "post", f"{path}/status", secretary, {"status": "ngung", "note": "Hết kinh phí"}) == (
        400, {"detail": "Mô hình đã được công nhận: chỉ cấp ủy có thẩm quyền mới thay đổi tình trạng của mô hình."})
    assert call(client, "post", f"{path}/status", ward, {"status": "ngung"}) == (
        400, {"detail": "Cần ghi lý do ngừng thực hiện mô hình."})
    status, body = call(client, "post", f"{path}/status", ward, {"status": "ngung", "note": "Hết kinh phí"})
    assert (status, body["status"], [h["note"] for h in body["history"]][-1], len(body["recognitions"])) == (
        200, "ngung", "Hết kinh phí", 1)
    assert list(AuditEntry.objects.in_subtree(world.cell).filter(action="practice.status").order_by("id")
                .values_list("actor__username", flat=True)) == ["phuong", "phuong"]


def test_publication_is_a_committees(world, own, client):
    path = f"/orgs/{world.cell.pk}/practices/{own.pk}"
    assert call(client, "post", f"{path}/publish", bearer(world.secretary)) == (403, FORBIDDEN)
    status, body = call(client, "post", f"{path}/publish", bearer(world.ward_admin))
    assert (status, body["is_public"]) == (200, True)
    assert client.get(reverse("practices:public_practice", args=[own.pk])).status_code == 200
    # a published model is seen from anywhere, the sibling ward's cell too
    status, body = call(client, "get", f"/orgs/{world.sibling_ward.pk}/practices/{own.pk}", bearer(world.sibling_admin))
    assert (status, body["name"], body["abilities"]) == (200, "Chi bộ 4 tốt", ["adopt"])
    status, body = call(client, "post", f"{path}/unpublish", bearer(world.ward_admin))
    assert (status, body["is_public"]) == (200, False)
    assert call(client, "get", f"/orgs/{world.sibling_ward.pk}/practices/{own.pk}", bearer(world.sibling_admin)) == (
        404, NOT_FOUND)
    assert list(AuditEntry.objects.unscoped().filter(action__in=["practice.publish", "practice.unpublish"]).order_by("id")
                .values_list("action", flat=True)) == ["practice.publish", "practice.unpublish"]


def test_evidence_links_sessions_documents_and_photos(world, own, client):
    secretary = bearer(world.secretary)
    path = f"/orgs/{world.cell.pk}/practices/{own.pk}/evidence"
    status, link = call(client, "post", path, secretary, {"kind": "lien_ket", "url": "https://baohaugiang.vn/mo-hinh",
                                                          "caption": " Báo đưa tin "})
    assert (status, link["kind_label"], link["url"], link["caption"], link["photo_url"], link["by_name"]) == (
        201, "Liên kết", "https://baohaugiang.vn/mo-hinh", "Báo đưa tin", None, "Nguyễn Thị Bí Thư")
    start = timezone.now() - datetime.timedelta(days=2)
    meeting = create_session(by=world.secretary, org=world.cell, kind="thuong_ky", title="Sinh hoạt chi bộ tháng",
                             starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    status, body = call(client, "post", path, secretary, {"kind": "buoi_sinh_hoat", "session_id": meeting.pk})
    assert (status, body["session_id"], body["session_title"]) == (201, meeting.pk, "Sinh hoạt chi bộ tháng")
    document = create_document(by=world.ward_admin, org=world.ward, kind="ke_hoach", title="Kế hoạch dân vận")
    status, body = call(client, "post", path, secretary, {"kind": "van_ban", "document_id": document.pk})
    assert (status, body["document_id"], body["document_title"]) == (201, document.pk, "Kế hoạch dân vận")

    elsewhere = create_session(by=world.ward_admin, org=world.other_cell,
                               kind="thuong_ky", title="Sinh hoạt chi bộ 2", starts_at=start,
                               ends_at=start + datetime.timedelta(hours=2))
    sibling_document = create_document(by=world.sibling_admin, org=world.sibling_ward, kind="khac", title="Của phường khác")
    for data, message in [
        ({"kind": "buoi_sinh_hoat", "session_id": elsewhere.pk}, "Buổi học tập, sinh hoạt này không thuộc tổ chức thực hiện mô hình."),
        ({"kind": "van_ban", "document_id": sibling_document.pk}, "Không tìm thấy văn bản đã chọn (hoặc ngoài phạm vi của đồng chí)."),
        ({"kind": "lien_ket", "url": "javascript:alert(1)"}, "Liên kết phải bắt đầu bằng http:// hoặc https://."),
        ({"kind": "lien_ket", "url": "https://a.vn", "document_id": document.pk}, "Minh chứng loại “Liên kết” chỉ gửi url."),
        ({"kind": "buoi_sinh_hoat"}, "Chưa chọn buổi học tập, sinh hoạt."),
    ]:
        assert call(client, "post", path, secretary, data) == (400, {"detail": message}), data
    photo = services.add_evidence(own, by=world.secretary, kind="anh", caption="Ra mắt",
                                  photo=SimpleUploadedFile("ra-mat.png", PNG, content_type="image/png"))

    status, body = call(client, "get", f"/orgs/{world.ward.pk}/practices/{own.pk}", bearer(world.ward_admin))
    assert [(e["kind"], e["photo_url"]) for e in body["evidence"]] == [
        ("anh", f"/o/{world.ward.pk}/mo-hinh/{own.pk}/anh/{photo.pk}/"), ("van_ban", None), ("buoi_sinh_hoat", None),
        ("lien_ket", None)]
    client.force_login(world.ward_admin)  # the photo is served to a browser session that sees the model
    response = client.get(body["evidence"][0]["photo_url"])
    assert (response.status_code, b"".join(response.streaming_content)) == (200, PNG)
    client.logout()

    status, body = call(client, "delete", f"{path}/{link['id']}", secretary)
    assert (status, [e["kind"] for e in body["evidence"]]) == (200, ["anh", "van_ban", "buoi_sinh_hoat"])
    assert call(client, "delete", f"{path}/{link['id']}", secretary) == (404, NOT_FOUND)
    assert call(client, "delete", f"{path}/{photo.pk}", bearer(world.viewer)) == (403, FORBIDDEN)
    assert list(AuditEntry.objects.in_subtree(world.cell).filter(action__startswith="practice.evidence")
                .values_list("action", flat=True).order_by("id")) == ["practice.evidence_add"] * 4 + ["practice.evidence_remove"]


def test_reviews_by_the_owner_and_the_committee_above(world, own, client):
    year = _today().year
    secretary, ward = bearer(world.secretary), bearer(world.ward_admin)
    status, body = call(client, "put", f"/orgs/{world.cell.pk}/practices/{own.pk}/reviews/{year}/ca_nam", secretary,
                        {"verdict": "kha", "assessment": "Bước đầu có hiệu quả"})
    assert (status, body["reviewer"], body["reviewer_org_name"], body["verdict_label"], body["proposal"]) == (
        200, "tu_danh_gia", "Chi bộ Khu phố 1", "Có hiệu quả", "duy_tri")
    first_id = body["id"]
    status, body = call(client, "put", f"/orgs/{world.cell.pk}/practices/{own.pk}/reviews/{year}/ca_nam", secretary,
                        {"verdict": "tot", "assessment": "Hiệu quả rõ", "proposal": "tieu_bieu"})
    assert (status, body["id"], body["verdict"], body["proposal_label"]) == (200, first_id, "tot", "Đề nghị công nhận tiêu biểu")
    status, body = call(client, "put", f"/orgs/{world.ward.pk}/practices/{own.pk}/reviews/{year}/6_thang_dau", ward,
                        {"verdict": "tot", "assessment": "Đồng ý đề nghị"})
    assert (status, body["reviewer"], body["reviewer_org_name"]) == (200, "cap_tren", "Đảng bộ phường Bến Thành")
    assert call(client, "put", f"/orgs/{world.cell.pk}/practices/{own.pk}/reviews/2024/ca_nam", secretary,
                {"verdict": "tot", "assessment": "x"}) == (400, {"detail": "Năm đánh giá phải từ năm bắt đầu mô hình đến năm nay."})
    assert call(client, "put", f"/orgs/{world.sibling_ward.pk}/practices/{own.pk}/reviews/{year}/ca_nam",
                bearer(world.sibling_admin), {"verdict": "tot", "assessment": "x"}) == (404, NOT_FOUND)
    status, body = call(client, "get", f"/orgs/{world.cell.pk}/practices/{own.pk}", secretary)
    assert [(r["year"], r["period"], r["reviewer"], r["assessment"]) for r in body["reviews"]] == [
        (year, "ca_nam", "tu_danh_gia", "Hiệu quả rõ"), (year, "6_thang_dau", "cap_tren", "Đồng ý đề nghị")]


def test_a_cell_adopts_what_the_ward_launched(world, launched, client):
    secretary = bearer(world.secretary)
    status, body = call(client, "get", f"/orgs/{world.cell.pk}/practices/launched-above", secretary)
    assert (status, [(p["id"], p["org_name"], p["adopted_here"]) for p in body]) == (
        200, [(launched.pk, "Đảng bộ phường Bến Thành", False)])
    status, body = call(client, "get", f"/orgs/{world.cell.pk}/practices/{launched.pk}", secretary)
    assert (status, body["abilities"], body["adoption_count"]) == (200, ["adopt"], 0)

    status, body = call(client, "post", f"/orgs/{world.cell.pk}/practices/{launched.pk}/adopt", secretary,
                        {"name": "Dân vận khéo ở khu phố 1", "started_on": "2026-03-01"})
    assert (status, body["org_name"], body["name"], body["origin"], body["adopted_from_id"], body["adopted_from_org_name"],
            body["goals"], body["abilities"]) == (
        201, "Chi bộ Khu phố 1", "Dân vận khéo ở khu phố 1", "phat_dong", launched.pk, "Đảng bộ phường Bến Thành",
        "Mỗi đảng viên giúp một hộ khó khăn", ["manage", "review"])
    adoption_id = body["id"]
    assert [(f["practice_id"], f["org_name"], f["latest_review"]) for f in body["family"]] == [
        (adoption_id, "Chi bộ Khu phố 1", None)]
    # again, from the original or from the adoption: once per organisation
    for target in (launched.pk, adoption_id):
        assert call(client, "post", f"/orgs/{world.cell.pk}/practices/{target}/adopt", secretary,
                    {"started_on": "2026-03-02"}) == (400, {"detail": "Tổ chức này đã nhân rộng mô hình này."})
    status, body = call(client, "get", f"/orgs/{world.cell.pk}/practices/launched-above", secretary)
    assert [p["adopted_here"] for p in body] == [True]
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/practices?kind=goc", bearer(world.ward_admin))
    assert [(p["id"], p["adoption_count"]) for p in body["results"]] == [(launched.pk, 1)]
    # the other ward's cell does not see the ward's launched model
    assert call(client, "post", f"/orgs/{world.sibling_cell.pk}/practices/{launched.pk}/adopt", bearer(world.sibling_admin),
                {"started_on": "2026-03-01"}) == (404, NOT_FOUND)
    assert call(client, "post", f"/orgs/{world.cell.pk}/practices/{launched.pk}/adopt", bearer(world.viewer),
                {"started_on": "2026-03-01"}) == (403, FORBIDDEN)
    assert AuditEntry.objects.unscoped().filter(action="practice.adopt").count() == 1


def test_figures_of_a_period_total_and_per_child(world, launched, own, field, client):
    stopped = services.create_practice(by=world.secretary, org=world.cell, name="Tủ sách khu phố", field=field,
                                       started_on=datetime.date(2024, 5, 1))
    services.set_status(stopped, by=world.secretary, status=Status.STOPPED, changed_on=datetime.date(2025, 6, 1),
                        note="Không còn chỗ đặt")
    services.adopt(launched, by=world.ward_admin, org=world.other_cell, started_on=datetime.date(2026, 2, 1))
    services.set_status(own, by=world.ward_admin, status=Status.TYPICAL, changed_on=_today(), recognised_by="Đảng ủy phường",
                        decision="1-QĐ/ĐU", decided_on=_today())
    ward = bearer(world.ward_admin)
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/practices/figures?start=2026-01-01", ward)
    keys = ("launched", "own", "replications", "typical", "excellent", "stopped", "new", "new_replications", "recognised")
    assert (status, body["start"], body["end"]) == (200, "2026-01-01", _today().isoformat())
    assert [body["total"][k] for k in keys] == [1, 2, 1, 1, 0, 1, 1, 1, 1]
    assert [(c["org_name"], [c[k] for k in keys]) for c in body["children"]] == [
        ("Chi bộ Khu phố 2", [0, 0, 1, 0, 0, 0, 0, 1, 0]),  # fewest models first
        ("Chi bộ Khu phố 1", [0, 2, 0, 1, 0, 1, 1, 0, 1])]
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/practices/figures?start=2025-01-01&end=2025-12-31", ward)
    assert [body["total"][k] for k in keys] == [1, 1, 0, 0, 0, 1, 1, 0, 0]
    assert call(client, "get", f"/orgs/{world.ward.pk}/practices/figures?start=2026-02-01&end=2026-01-01", ward) == (
        400, {"detail": "Ngày bắt đầu phải trước ngày kết thúc."})
    assert call(client, "get", f"/orgs/{world.ward.pk}/practices/figures", bearer(world.secretary)) == (404, NOT_FOUND)


def test_what_each_organisation_sees(world, launched, own, field, client):
    theirs = services.create_practice(by=world.ward_admin, org=world.other_cell, name="Nhà văn hóa sạch", field=field,
                                      started_on=datetime.date(2026, 1, 1))
    secretary = bearer(world.secretary)
    assert call(client, "get", f"/orgs/{world.cell.pk}/practices/{launched.pk}", secretary)[0] == 200  # launched for it
    assert call(client, "get", f"/orgs/{world.cell.pk}/practices/{theirs.pk}", secretary) == (404, NOT_FOUND)
    assert call(client, "get", f"/orgs/{world.cell.pk}/practices/{theirs.pk}", bearer(world.ward_admin)) == (404, NOT_FOUND)
    assert call(client, "get", f"/orgs/{world.other_cell.pk}/practices/{own.pk}", bearer(world.ward_admin)) == (404, NOT_FOUND)
    status, body = call(client, "get", f"/orgs/{world.cell.pk}/practices", secretary)
    assert (status, [p["name"] for p in body["results"]]) == (200, ["Chi bộ 4 tốt"])  # its subtree only
    status, body = call(client, "get", "/practice-fields", bearer(world.member_user))
    assert (status, len(body), body[0]) == (200, 10, {"id": body[0]["id"], "name": "Cải cách hành chính"})


def test_the_registry_is_paginated(world, field, client, django_assert_max_num_queries):
    for day in range(1, 56):
        services.create_practice(by=world.secretary, org=world.cell, name=f"Mô hình {day}", field=field,
                                 started_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=day))
    auth = bearer(world.ward_admin)
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/practices?page=2", auth)
    assert (status, body["count"], body["page"], body["pages"], len(body["results"]), body["results"][0]["name"]) == (
        200, 55, 2, 2, 5, "Mô hình 5")
    with django_assert_max_num_queries(12):
        call(client, "get", f"/orgs/{world.ward.pk}/practices", auth)
