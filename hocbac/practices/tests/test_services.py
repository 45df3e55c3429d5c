"""The writes of models of studying and following: registering and editing a model, its status
and recognitions, publication, evidence, periodic reviews and replication. Who may act, what is
refused (with the Vietnamese message), and what each leaves in the audit log."""

import contextlib
import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from hocbac.core.models import AuditEntry
from hocbac.library.services import create_document
from hocbac.practices import services
from hocbac.practices.models import MAX_PHOTO_BYTES, Evidence, Field, Practice, Review, StatusChange
from hocbac.study import services as study_services
from hocbac.study.models import SessionKind

from .conftest import LAUNCHED_ON, OWN_ON

pytestmark = pytest.mark.django_db

NOT_ALLOWED = "Bạn không có quyền thực hiện việc này với mô hình."
COMMITTEE_ONLY = "Chỉ cấp ủy có thẩm quyền mới ghi nhận mô hình tiêu biểu, xuất sắc."
DATE_RANGE = "Ngày thay đổi phải từ ngày bắt đầu mô hình đến hôm nay."
RECOGNITION_NEEDS = "Công nhận mô hình cần ghi cơ quan công nhận, số quyết định và ngày quyết định."
D = datetime.date


def today():
    return timezone.localdate()


@contextlib.contextmanager
def refused(message):
    """The block raises a ValidationError with exactly this message."""
    with pytest.raises(ValidationError) as caught:
        yield
    assert caught.value.messages == [message]


def entries(action):
    return list(AuditEntry.objects.unscoped().filter(action=action).order_by("id"))


def practice_actions():
    return list(AuditEntry.objects.unscoped().filter(action__startswith="practice.").order_by("id")
                .values_list("action", flat=True))


def steps(practice):
    return list(StatusChange.objects.filter(practice=practice).order_by("changed_on", "id")
                .values_list("status", "changed_on", "note", "recognised_by", "decision", "decided_on"))


def recognise(practice, by, status="tieu_bieu", on=datetime.date(2025, 9, 1), **extra):
    values = {"recognised_by": "Đảng ủy phường Bến Thành", "decision": "15-QĐ/ĐU", "decided_on": on, **extra}
    return services.set_status(practice, by=by, status=status, changed_on=on, **values)


def session_of(org, by, title="Sinh hoạt chuyên đề Dân vận khéo"):
    starts = timezone.now() - datetime.timedelta(days=3)
    return study_services.create_session(by=by, org=org, kind=SessionKind.THEMATIC, title=title, starts_at=starts,
                                         ends_at=starts + datetime.timedelta(hours=2))


def adopt(original, by, org, started_on=datetime.date(2025, 6, 1), **extra):
    return services.adopt(original, by=by, org=org, started_on=started_on, **extra)


# create_practice ---------------------------------------------------------------------------

def test_create_practice_by_secretary_registers_an_own_model_of_the_cell(world, field):
    practice = services.create_practice(by=world.secretary, org=world.cell, name="  Chi bộ 4 tốt  ", field=field,
                                        started_on=OWN_ON, description="Sinh hoạt đúng ngày",
                                        goals="Tốt về tư tưởng")
    practice = Practice.objects.in_orgs([world.cell.pk]).get(pk=practice.pk)
    assert (practice.name, practice.origin, practice.holder, practice.member, practice.field, practice.started_on,
            practice.status, practice.status_since, practice.adopted_from, practice.is_public, practice.created_by) == (
        "Chi bộ 4 tốt", "rieng", "tap_the", None, field, OWN_ON, "dang_thuc_hien", OWN_ON, None, False,
        world.secretary)
    assert practice.search_text == "chi bo 4 tot sinh hoat dung ngay tot ve tu tuong chi bo khu pho 1"


def test_create_practice_by_ward_admin_launches_a_model_for_the_ward(world, launched):
    assert (launched.org, launched.origin, launched.status, launched.created_by) == (
        world.ward, "phat_dong", "dang_thuc_hien", world.ward_admin)


def test_create_practice_starts_the_history_with_one_running_row(world, launched):
    assert steps(launched) == [("dang_thuc_hien", LAUNCHED_ON, "Bắt đầu thực hiện", "", "", None)]
    assert StatusChange.objects.get(practice=launched).by == world.ward_admin


def test_create_practice_logs_the_fields(world, launched, field):
    [entry] = entries("practice.create")
    assert (entry.actor, entry.org, entry.object_type, entry.object_id, entry.summary) == (
        world.ward_admin, world.ward, "practices.practice", str(launched.pk),
        "Đăng ký mô hình: Dân vận khéo trong khu dân cư")
    assert (entry.before, entry.after) == (None, {
        "name": "Dân vận khéo trong khu dân cư", "origin": "phat_dong", "holder": "tap_the", "member": None,
        "field": field.pk, "started_on": "2025-03-01", "description": "Mỗi đảng viên phụ trách 10 hộ",
        "goals": "Không còn hộ nghèo", "result": ""})


@pytest.mark.parametrize(("persona", "org"), [
    ("viewer", "ward"),
    ("sibling_admin", "ward"),
    ("secretary", "other_cell"),
    ("member_user", "cell"),
    ("no_role_user", "cell"),
])
def test_create_practice_without_manage_is_refused(world, field, persona, org):
    with refused(NOT_ALLOWED):
        services.create_practice(by=getattr(world, persona), org=getattr(world, org), name="Mô hình", field=field,
                                 started_on=OWN_ON)
    assert Practice.objects.unscoped().count() == 0
    assert practice_actions() == []


def test_create_practice_individual_without_a_member_is_refused(world, field):
    with refused("Mô hình cá nhân phải chọn đảng viên thực hiện."):
        services.create_practice(by=world.secretary, org=world.cell, name="Gương sáng", field=field,
                                 started_on=OWN_ON, holder="ca_nhan")


def test_create_practice_individual_with_a_member_of_another_cell_is_refused(world, field):
    with refused("Đảng viên thực hiện phải thuộc tổ chức sở hữu mô hình."):
        services.create_practice(by=world.ward_admin, org=world.cell, name="Gương sáng", field=field,
                                 started_on=OWN_ON, holder="ca_nhan", member=world.other_member)
    assert Practice.objects.unscoped().count() == 0


def test_create_practice_individual_keeps_its_member(world, field):
    practice = services.create_practice(by=world.secretary, org=world.cell, name="Gương sáng", field=field,
                                        started_on=OWN_ON, holder="ca_nhan", member=world.member)
    assert (practice.holder, practice.member) == ("ca_nhan", world.member)
    assert entries("practice.create")[0].after["member"] == world.member.pk


def test_create_practice_of_the_ward_may_be_held_by_a_member_of_its_cells(world, field):
    practice = services.create_practice(by=world.ward_admin, org=world.ward, name="Gương sáng", field=field,
                                        started_on=OWN_ON, holder="ca_nhan", member=world.other_member)
    assert practice.member == world.other_member


def test_create_practice_collective_drops_a_member(world, field):
    practice = services.create_practice(by=world.secretary, org=world.cell, name="Tổ tự quản", field=field,
                                        started_on=OWN_ON, member=world.member)
    assert (practice.holder, practice.member) == ("tap_the", None)


def test_create_practice_in_a_retired_field_is_refused(world, retired_field):
    with refused("Lĩnh vực này không còn dùng."):
        services.create_practice(by=world.secretary, org=world.cell, name="Mô hình", field=retired_field,
                                 started_on=OWN_ON)


def test_create_practice_starting_tomorrow_is_refused(world, field):
    with refused("Ngày bắt đầu không được sau hôm nay."):
        services.create_practice(by=world.secretary, org=world.cell, name="Mô hình", field=field,
                                 started_on=today() + datetime.timedelta(days=1))


def test_create_practice_starting_today_is_allowed(world, field):
    practice = services.create_practice(by=world.secretary, org=world.cell, name="Mô hình", field=field,
                                        started_on=today())
    assert (practice.started_on, practice.status_since) == (today(), today())


def test_create_practice_without_a_name_is_refused(world, field):
    with refused("Chưa nhập tên mô hình."):
        services.create_practice(by=world.secretary, org=world.cell, name="   ", field=field, started_on=OWN_ON)


# update_practice ---------------------------------------------------------------------------

def test_update_practice_logs_only_the_changed_fields(world, own, other_field, field):
    services.update_practice(own, by=world.secretary, name="Chi bộ 5 tốt", goals="Tốt cả năm", field=other_field,
                             description="", started_on=OWN_ON)
    own = Practice.objects.in_orgs([world.cell.pk]).get(pk=own.pk)
    assert (own.name, own.goals, own.field, own.search_text) == (
        "Chi bộ 5 tốt", "Tốt cả năm", other_field, "chi bo 5 tot tot ca nam chi bo khu pho 1")
    [entry] = entries("practice.update")
    assert (entry.actor, entry.org, entry.summary) == (world.secretary, world.cell, "Sửa mô hình: Chi bộ 5 tốt")
    assert (entry.before, entry.after) == (
        {"name": "Chi bộ 4 tốt", "field": field.pk, "goals": ""},
        {"name": "Chi bộ 5 tốt", "field": other_field.pk, "goals": "Tốt cả năm"})


def test_update_practice_without_a_change_logs_nothing(world, own):
    services.update_practice(own, by=world.secretary, name="Chi bộ 4 tốt", goals="")
    assert practice_actions() == ["practice.create"]


def test_update_practice_to_a_retired_field_is_refused(world, own, retired_field, field):
    with refused("Lĩnh vực này không còn dùng."):
        services.update_practice(own, by=world.secretary, field=retired_field)
    assert Practice.objects.in_orgs([world.cell.pk]).get(pk=own.pk).field == field


def test_update_practice_keeps_a_field_retired_after_registration(world, own, field):
    Field.objects.filter(pk=field.pk).update(is_active=False)
    own.field.refresh_from_db()
    services.update_practice(own, by=world.secretary, field=own.field, name="Chi bộ 4 tốt, 1 gương")
    own = Practice.objects.in_orgs([world.cell.pk]).get(pk=own.pk)
    assert (own.name, own.field_id) == ("Chi bộ 4 tốt, 1 gương", field.pk)


@pytest.mark.parametrize("persona", ["viewer", "sibling_admin", "member_user"])
def test_update_practice_without_manage_is_refused(world, own, persona):
    with refused(NOT_ALLOWED):
        services.update_practice(own, by=getattr(world, persona), name="Đổi tên")
    assert Practice.objects.in_orgs([world.cell.pk]).get(pk=own.pk).name == "Chi bộ 4 tốt"


def test_update_practice_to_a_member_of_another_cell_is_refused(world, own):
    with refused("Đảng viên thực hiện phải thuộc tổ chức sở hữu mô hình."):
        services.update_practice(own, by=world.ward_admin, holder="ca_nhan", member=world.other_member)


def test_update_practice_of_a_field_not_editable_raises(world, own):
    with pytest.raises(ValueError, match="origin"):
        services.update_practice(own, by=world.secretary, origin="phat_dong")


def test_update_practice_to_a_future_start_is_refused(world, own):
    with refused("Ngày bắt đầu không được sau hôm nay."):
        services.update_practice(own, by=world.secretary, started_on=today() + datetime.timedelta(days=1))


def test_update_practice_of_an_adoption_to_start_before_the_original_is_refused(world, launched, other_secretary):
    adoption = adopt(launched, other_secretary, world.other_cell)
    with refused("Ngày bắt đầu không được trước ngày bắt đầu của mô hình gốc (01/03/2025)."):
        services.update_practice(adoption, by=other_secretary, started_on=D(2025, 1, 1))


def test_update_practice_to_a_start_after_a_status_change_is_refused(world, own):
    recognise(own, world.ward_admin, on=D(2025, 9, 1))
    with refused("Ngày bắt đầu không được sau lần thay đổi tình trạng đầu tiên (01/09/2025)."):
        services.update_practice(own, by=world.secretary, started_on=D(2025, 10, 1))


def test_update_practice_of_an_original_to_start_after_an_adoption_is_refused(world, launched, other_secretary):
    adopt(launched, other_secretary, world.other_cell, started_on=D(2025, 6, 1))
    with refused("Mô hình đã được nhân rộng từ ngày 01/06/2025: ngày bắt đầu không được sau ngày đó."):
        services.update_practice(launched, by=world.ward_admin, started_on=D(2025, 7, 1))


def test_update_practice_moves_the_first_row_of_the_history_with_the_start(world, own):
    own = services.update_practice(own, by=world.secretary, started_on=D(2025, 5, 1))
    assert (own.status_since, steps(own)) == (
        D(2025, 5, 1), [("dang_thuc_hien", D(2025, 5, 1), "Bắt đầu thực hiện", "", "", None)])


# set_status --------------------------------------------------------------------------------

def test_set_status_stopping_without_a_reason_is_refused(world, own):
    with refused("Cần ghi lý do ngừng thực hiện mô hình."):
        services.set_status(own, by=world.secretary, status="ngung", changed_on=D(2025, 10, 1), note="   ")
    assert steps(own) == [("dang_thuc_hien", OWN_ON, "Bắt đầu thực hiện", "", "", None)]


def test_set_status_stopping_with_a_reason_by_the_secretary(world, own):
    practice = services.set_status(own, by=world.secretary, status="ngung", changed_on=D(2025, 10, 1),
                                   note=" Khu phố sáp nhập ")
    own.refresh_from_db()
    assert (practice.status, practice.status_since, own.status, own.status_since) == (
        "ngung", D(2025, 10, 1), "ngung", D(2025, 10, 1))
    assert steps(own)[-1] == ("ngung", D(2025, 10, 1), "Khu phố sáp nhập", "", "", None)


def test_set_status_stopping_ignores_recognition_fields(world, own):
    services.set_status(own, by=world.secretary, status="ngung", changed_on=D(2025, 10, 1), note="Hết nhu cầu",
                        recognised_by="Chi bộ", decision="1", decided_on=D(2025, 10, 1))
    assert steps(own)[-1] == ("ngung", D(2025, 10, 1), "Hết nhu cầu", "", "", None)


@pytest.mark.parametrize("persona", ["viewer", "sibling_admin", "member_user"])
def test_set_status_without_manage_is_refused(world, own, persona):
    with refused(NOT_ALLOWED):
        services.set_status(own, by=getattr(world, persona), status="ngung", changed_on=D(2025, 10, 1), note="x")


@pytest.mark.parametrize("status", ["tieu_bieu", "xuat_sac"])
def test_set_status_recognition_by_the_cell_secretary_is_refused(world, own, status):
    with refused(COMMITTEE_ONLY):
        recognise(own, world.secretary, status=status)
    own.refresh_from_db()
    assert (own.status, len(steps(own))) == ("dang_thuc_hien", 1)


def test_set_status_recognition_by_a_viewer_or_the_sibling_ward_is_refused(world, own):
    for user in (world.viewer, world.sibling_admin):
        with refused(COMMITTEE_ONLY):
            recognise(own, user)


@pytest.mark.parametrize("persona", ["ward_admin", "province_admin", "superuser"])
def test_set_status_recognition_by_a_committee_above(world, own, persona):
    practice = recognise(own, getattr(world, persona), note="Tiêu biểu năm 2025")
    assert (practice.status, practice.status_since, practice.is_recognised) == ("tieu_bieu", D(2025, 9, 1), True)
    assert steps(own)[-1] == ("tieu_bieu", D(2025, 9, 1), "Tiêu biểu năm 2025", "Đảng ủy phường Bến Thành",
                              "15-QĐ/ĐU", D(2025, 9, 1))


def test_set_status_recognition_of_the_wards_own_launch_by_its_committee(world, launched):
    assert recognise(launched, world.ward_admin, status="xuat_sac").status == "xuat_sac"


@pytest.mark.parametrize("missing", ["recognised_by", "decision", "decided_on"])
def test_set_status_recognition_without_body_decision_or_date_is_refused(world, own, missing):
    blank = {"recognised_by": "  ", "decision": "  ", "decided_on": None}
    with refused(RECOGNITION_NEEDS):
        recognise(own, world.ward_admin, **{missing: blank[missing]})
    assert len(steps(own)) == 1


def test_set_status_recognition_with_a_decision_dated_after_today_is_refused(world, own):
    with refused("Ngày quyết định không được sau hôm nay."):
        recognise(own, world.ward_admin, on=today(), decided_on=today() + datetime.timedelta(days=30))


def test_set_status_in_the_future_is_refused(world, own):
    with refused(DATE_RANGE):
        services.set_status(own, by=world.secretary, status="ngung", note="x",
                            changed_on=today() + datetime.timedelta(days=1))


def test_set_status_today_is_allowed(world, own):
    assert services.set_status(own, by=world.secretary, status="ngung", note="x", changed_on=today()).status_since \
        == today()


def test_set_status_before_the_start_is_refused(world, own):
    with refused(DATE_RANGE):
        recognise(own, world.ward_admin, on=OWN_ON - datetime.timedelta(days=1))


def test_set_status_on_the_start_day_is_allowed(world, own):
    assert recognise(own, world.ward_admin, on=OWN_ON).status_since == OWN_ON


def test_set_status_before_the_last_change_is_refused(world, own):
    recognise(own, world.ward_admin, on=D(2025, 9, 1))
    with refused("Ngày thay đổi không được trước lần thay đổi gần nhất (01/09/2025)."):
        services.set_status(own, by=world.ward_admin, status="ngung", changed_on=D(2025, 8, 31), note="x")


def test_set_status_on_the_day_of_the_last_change_is_allowed(world, own):
    recognise(own, world.ward_admin, on=D(2025, 9, 1))
    assert services.set_status(own, by=world.ward_admin, status="ngung", changed_on=D(2025, 9, 1),
                               note="x").status == "ngung"


@pytest.mark.parametrize("status", ["ngung", "dang_thuc_hien"])
def test_set_status_leaving_a_recognition_is_the_committees(world, own, status):
    recognise(own, world.ward_admin, on=D(2025, 9, 1))
    with refused("Mô hình đã được công nhận: chỉ cấp ủy có thẩm quyền mới thay đổi tình trạng của mô hình."):
        services.set_status(own, by=world.secretary, status=status, changed_on=D(2025, 10, 1), note="x")


def test_set_status_to_the_same_status_is_refused(world, own):
    with refused("Mô hình đang ở tình trạng “Đang thực hiện”."):
        services.set_status(own, by=world.secretary, status="dang_thuc_hien", changed_on=D(2025, 9, 1))


def test_set_status_to_an_unknown_status_is_refused(world, own):
    with refused("Tình trạng không hợp lệ."):
        services.set_status(own, by=world.secretary, status="tam_dung", changed_on=D(2025, 9, 1))


def test_set_status_a_second_recognition_at_the_same_level_is_recorded(world, own):
    recognise(own, world.ward_admin, on=D(2025, 9, 1))
    recognise(own, world.province_admin, on=D(2025, 12, 1), recognised_by="Tỉnh ủy Thử Nghiệm", decision="7-QĐ/TU")
    assert [row[:5] for row in steps(own)[1:]] == [
        ("tieu_bieu", D(2025, 9, 1), "", "Đảng ủy phường Bến Thành", "15-QĐ/ĐU"),
        ("tieu_bieu", D(2025, 12, 1), "", "Tỉnh ủy Thử Nghiệm", "7-QĐ/TU"),
    ]


def test_set_status_history_keeps_every_step(world, own):
    recognise(own, world.ward_admin, on=D(2025, 9, 1))
    recognise(own, world.ward_admin, status="xuat_sac", on=D(2026, 1, 15), decision="3-QĐ/ĐU")
    services.set_status(own, by=world.ward_admin, status="ngung", changed_on=D(2026, 3, 1), note="Sáp nhập khu phố")
    services.set_status(own, by=world.secretary, status="dang_thuc_hien", changed_on=D(2026, 4, 1),
                        note="Làm lại")
    assert steps(own) == [
        ("dang_thuc_hien", OWN_ON, "Bắt đầu thực hiện", "", "", None),
        ("tieu_bieu", D(2025, 9, 1), "", "Đảng ủy phường Bến Thành", "15-QĐ/ĐU", D(2025, 9, 1)),
        ("xuat_sac", D(2026, 1, 15), "", "Đảng ủy phường Bến Thành", "3-QĐ/ĐU", D(2026, 1, 15)),
        ("ngung", D(2026, 3, 1), "Sáp nhập khu phố", "", "", None),
        ("dang_thuc_hien", D(2026, 4, 1), "Làm lại", "", "", None),
    ]
    own.refresh_from_db()
    assert (own.status, own.status_since) == ("dang_thuc_hien", D(2026, 4, 1))


def test_set_status_logs_the_recognition(world, own):
    recognise(own, world.ward_admin, on=D(2025, 9, 1))
    [entry] = entries("practice.status")
    assert (entry.actor, entry.org, entry.object_id, entry.summary) == (
        world.ward_admin, world.cell, str(own.pk),
        "Mô hình “Chi bộ 4 tốt”: Tiêu biểu (Đảng ủy phường Bến Thành công nhận, QĐ 15-QĐ/ĐU)")
    assert (entry.before, entry.after) == (
        {"status": "dang_thuc_hien", "status_since": "2025-04-01"},
        {"status": "tieu_bieu", "status_since": "2025-09-01", "recognised_by": "Đảng ủy phường Bến Thành",
         "decision": "15-QĐ/ĐU", "decided_on": "2025-09-01"})


def test_set_status_logs_a_stop(world, own):
    services.set_status(own, by=world.secretary, status="ngung", changed_on=D(2025, 10, 1), note="Hết nhu cầu")
    [entry] = entries("practice.status")
    assert (entry.summary, entry.after["status"], entry.after["status_since"]) == (
        "Mô hình “Chi bộ 4 tốt”: Ngừng thực hiện", "ngung", "2025-10-01")


def test_set_status_refused_logs_nothing(world, own):
    with refused(COMMITTEE_ONLY):
        recognise(own, world.secretary)
    assert practice_actions() == ["practice.create"]


# set_public --------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["secretary", "viewer", "sibling_admin"])
def test_set_public_without_a_committee_is_refused(world, own, persona):
    with refused("Chỉ cấp ủy mới công bố mô hình ra trang công khai."):
        services.set_public(own, by=getattr(world, persona), is_public=True)
    own.refresh_from_db()
    assert own.is_public is False


def test_set_public_by_the_committee_toggles_and_logs_once_each_way(world, own):
    services.set_public(own, by=world.ward_admin, is_public=True)
    own.refresh_from_db()
    assert own.is_public is True
    services.set_public(own, by=world.ward_admin, is_public=False)
    own.refresh_from_db()
    assert own.is_public is False
    publish, unpublish = entries("practice.publish") + entries("practice.unpublish")
    assert [(e.org, e.summary, e.after) for e in (publish, unpublish)] == [
        (world.cell, "Công bố mô hình: Chi bộ 4 tốt", {"is_public": True}),
        (world.cell, "Thôi công bố mô hình: Chi bộ 4 tốt", {"is_public": False}),
    ]


def test_set_public_without_a_change_logs_nothing(world, own):
    services.set_public(own, by=world.ward_admin, is_public=True)
    services.set_public(own, by=world.ward_admin, is_public=True)
    services.set_public(own, by=world.province_admin, is_public=True)
    assert practice_actions() == ["practice.create", "practice.publish"]


# add_evidence, remove_evidence -------------------------------------------------------------

def test_add_evidence_a_session_of_the_cell(world, own):
    session = session_of(world.cell, world.secretary)
    evidence = services.add_evidence(own, by=world.secretary, kind="buoi_sinh_hoat", caption=" Buổi ra mắt ",
                                     session=session)
    assert (evidence.practice, evidence.kind, evidence.session, evidence.caption, evidence.by) == (
        own, "buoi_sinh_hoat", session, "Buổi ra mắt", world.secretary)
    [entry] = entries("practice.evidence_add")
    assert (entry.org, entry.summary, entry.after) == (
        world.cell, "Thêm minh chứng (Buổi học tập, sinh hoạt) cho mô hình: Chi bộ 4 tốt",
        {"evidence": evidence.pk, "kind": "buoi_sinh_hoat", "caption": "Buổi ra mắt"})


def test_add_evidence_a_session_of_the_ward_that_invited_the_cell(world, own):
    session = session_of(world.ward, world.ward_admin, title="Hội nghị quán triệt của phường")
    assert services.add_evidence(own, by=world.secretary, kind="buoi_sinh_hoat", session=session).session == session


def test_add_evidence_a_session_of_the_sibling_ward_is_refused(world, own):
    session = session_of(world.sibling_cell, world.sibling_admin)
    with refused("Buổi học tập, sinh hoạt này không thuộc tổ chức thực hiện mô hình."):
        services.add_evidence(own, by=world.ward_admin, kind="buoi_sinh_hoat", session=session)
    assert Evidence.objects.count() == 0


def test_add_evidence_a_session_of_the_other_cell_is_refused(world, own):
    session = session_of(world.other_cell, world.ward_admin)
    with refused("Buổi học tập, sinh hoạt này không thuộc tổ chức thực hiện mô hình."):
        services.add_evidence(own, by=world.ward_admin, kind="buoi_sinh_hoat", session=session)


def test_add_evidence_a_session_missing_is_refused(world, own):
    with refused("Chưa chọn buổi học tập, sinh hoạt."):
        services.add_evidence(own, by=world.secretary, kind="buoi_sinh_hoat")


def test_add_evidence_a_document_the_user_reads(world, own):
    document = create_document(by=world.ward_admin, org=world.ward, kind="ke_hoach", title="Kế hoạch Dân vận khéo")
    evidence = services.add_evidence(own, by=world.secretary, kind="van_ban", document=document)
    assert (evidence.kind, evidence.document) == ("van_ban", document)


def test_add_evidence_a_document_of_the_sibling_ward_is_refused(world, own):
    document = create_document(by=world.sibling_admin, org=world.sibling_ward, kind="ke_hoach",
                               title="Kế hoạch phường Tân Định")
    for user in (world.secretary, world.ward_admin):
        with refused("Bạn không xem được văn bản này."):
            services.add_evidence(own, by=user, kind="van_ban", document=document)
    assert Evidence.objects.count() == 0


def test_add_evidence_a_document_missing_is_refused(world, own):
    with refused("Chưa chọn văn bản."):
        services.add_evidence(own, by=world.secretary, kind="van_ban")


@pytest.mark.parametrize(("kind", "name", "stored_type"), [
    ("jpeg", "ra-mat.jpg", "image/jpeg"),
    ("png", "ra-mat.png", "image/png"),
    ("webp", "ra-mat.webp", "image/webp"),
])
def test_add_evidence_a_photo_is_typed_by_its_bytes(world, own, images, upload, kind, name, stored_type):
    # The name and the announced type are the browser's word; the bytes decide.
    evidence = services.add_evidence(own, by=world.secretary, kind="anh", caption="Ra mắt",
                                     photo=upload(name, images[kind], content_type="text/plain"))
    evidence = Evidence.objects.get(pk=evidence.pk)
    assert (evidence.kind, evidence.photo_type) == ("anh", stored_type)
    assert re.fullmatch(r"practices/\d{4}/ra-mat\w*\.\w+", evidence.photo.name), evidence.photo.name
    with evidence.photo.open("rb") as stored:
        assert stored.read() == images[kind]


def test_add_evidence_a_photo_named_jpg_with_a_png_inside_is_stored_as_png(world, own, images, upload):
    evidence = services.add_evidence(own, by=world.secretary, kind="anh", photo=upload("anh.jpg", images["png"]))
    assert evidence.photo_type == "image/png"


def test_add_evidence_a_text_file_named_jpg_is_refused(world, own, upload):
    with refused("Chỉ nhận ảnh JPEG, PNG hoặc WebP."):
        services.add_evidence(own, by=world.secretary, kind="anh",
                              photo=upload("anh.jpg", "Đây không phải ảnh".encode(), "image/jpeg"))
    assert Evidence.objects.count() == 0


def test_add_evidence_a_photo_over_5_mb_is_refused(world, own, images, upload):
    big = images["jpeg"][:-2] + b"\x00" * (MAX_PHOTO_BYTES + 1 - len(images["jpeg"])) + b"\xff\xd9"
    assert len(big) == MAX_PHOTO_BYTES + 1
    with refused("Ảnh quá lớn: tối đa 5 MB."):
        services.add_evidence(own, by=world.secretary, kind="anh", photo=upload("lon.jpg", big))
    assert Evidence.objects.count() == 0


def test_add_evidence_a_photo_of_exactly_5_mb_is_accepted(world, own, images, upload):
    full = images["jpeg"][:-2] + b"\x00" * (MAX_PHOTO_BYTES - len(images["jpeg"])) + b"\xff\xd9"
    evidence = services.add_evidence(own, by=world.secretary, kind="anh", photo=upload("vua.jpg", full))
    assert (evidence.photo_type, evidence.photo.size) == ("image/jpeg", MAX_PHOTO_BYTES)


def test_add_evidence_a_photo_missing_is_refused(world, own):
    with refused("Chưa chọn ảnh."):
        services.add_evidence(own, by=world.secretary, kind="anh")


@pytest.mark.parametrize("url", ["http://benthanh.dcs.vn/dan-van-kheo", "https://baochinhphu.vn/bai-viet"])
def test_add_evidence_a_link_over_http_or_https(world, own, url):
    evidence = services.add_evidence(own, by=world.secretary, kind="lien_ket", caption="Bài báo", url=url)
    assert (evidence.kind, evidence.url) == ("lien_ket", url)


@pytest.mark.parametrize("url", ["", "ftp://benthanh.vn/a", "javascript:alert(1)", "benthanh.dcs.vn"])
def test_add_evidence_a_link_not_http_is_refused(world, own, url):
    with refused("Liên kết phải bắt đầu bằng http:// hoặc https://."):
        services.add_evidence(own, by=world.secretary, kind="lien_ket", url=url)


def test_add_evidence_of_an_unknown_kind_is_refused(world, own):
    with refused("Loại minh chứng không hợp lệ."):
        services.add_evidence(own, by=world.secretary, kind="video", url="https://a.vn")


@pytest.mark.parametrize("persona", ["viewer", "sibling_admin", "member_user"])
def test_add_evidence_without_manage_is_refused(world, own, persona):
    with refused(NOT_ALLOWED):
        services.add_evidence(own, by=getattr(world, persona), kind="lien_ket", url="https://a.vn")
    assert Evidence.objects.count() == 0


def test_remove_evidence_deletes_the_row_and_the_file(world, own, images, upload, django_capture_on_commit_callbacks):
    evidence = services.add_evidence(own, by=world.secretary, kind="anh", caption="Ra mắt",
                                     photo=upload("ra-mat.png", images["png"]))
    pk, name = evidence.pk, evidence.photo.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_evidence(evidence, by=world.secretary)
        assert default_storage.exists(name)  # the file stays until the transaction commits
    assert (Evidence.objects.filter(pk=pk).exists(), default_storage.exists(name)) == (False, False)
    [entry] = entries("practice.evidence_remove")
    assert (entry.actor, entry.org, entry.summary, entry.before) == (
        world.secretary, world.cell, "Gỡ minh chứng (Ảnh) của mô hình: Chi bộ 4 tốt",
        {"evidence": pk, "kind": "anh", "caption": "Ra mắt"})


def test_remove_evidence_a_link_deletes_the_row(world, own):
    evidence = services.add_evidence(own, by=world.secretary, kind="lien_ket", url="https://a.vn")
    services.remove_evidence(evidence, by=world.ward_admin)
    assert Evidence.objects.filter(practice=own).count() == 0


@pytest.mark.parametrize("persona", ["viewer", "sibling_admin"])
def test_remove_evidence_without_manage_is_refused(world, own, images, upload, persona):
    evidence = services.add_evidence(own, by=world.secretary, kind="anh", photo=upload("a.png", images["png"]))
    with refused(NOT_ALLOWED):
        services.remove_evidence(evidence, by=getattr(world, persona))
    assert (Evidence.objects.filter(pk=evidence.pk).exists(), default_storage.exists(evidence.photo.name)) == (
        True, True)
    assert entries("practice.evidence_remove") == []


# review ------------------------------------------------------------------------------------

def review(practice, by, reviewer_org, *, year=2025, period="ca_nam", verdict="tot", proposal="duy_tri",
           assessment="Duy trì đều, có sức lan tỏa"):
    return services.review(practice, by=by, reviewer_org=reviewer_org, year=year, period=period, verdict=verdict,
                           assessment=assessment, proposal=proposal)


def test_review_by_the_owner(world, own):
    row = review(own, world.secretary, world.cell, assessment="  Duy trì đều  ")
    assert (row.practice, row.reviewer, row.reviewer_org, row.year, row.period, row.verdict, row.assessment,
            row.proposal, row.by) == (own, "tu_danh_gia", world.cell, 2025, "ca_nam", "tot", "Duy trì đều",
                                      "duy_tri", world.secretary)


def test_review_by_the_committee_above(world, own):
    row = review(own, world.ward_admin, world.ward, proposal="tieu_bieu")
    assert (row.reviewer, row.reviewer_org, row.proposal) == ("cap_tren", world.ward, "tieu_bieu")


def test_review_by_the_ward_as_the_owner_of_its_launch(world, launched):
    assert review(launched, world.ward_admin, world.ward).reviewer == "tu_danh_gia"


def test_review_owner_and_above_of_one_period_are_two_rows(world, own):
    review(own, world.secretary, world.cell)
    review(own, world.ward_admin, world.ward)
    assert sorted(Review.objects.filter(practice=own).values_list("reviewer", flat=True)) == [
        "cap_tren", "tu_danh_gia"]


@pytest.mark.parametrize(("persona", "reviewer_org"), [
    ("sibling_admin", "sibling_ward"),
    ("ward_admin", "other_cell"),
    ("superuser", "sibling_cell"),
])
def test_review_from_outside_the_owner_and_its_committees_is_refused(world, own, persona, reviewer_org):
    with refused("Chỉ tổ chức thực hiện hoặc cấp ủy cấp trên mới đánh giá mô hình."):
        review(own, getattr(world, persona), getattr(world, reviewer_org))
    assert Review.objects.count() == 0


@pytest.mark.parametrize(("persona", "reviewer_org"), [
    ("secretary", "ward"),
    ("viewer", "ward"),
    ("sibling_admin", "cell"),
    ("member_user", "cell"),
])
def test_review_without_manage_of_the_reviewing_organisation_is_refused(world, own, persona, reviewer_org):
    with refused(NOT_ALLOWED):
        review(own, getattr(world, persona), getattr(world, reviewer_org))


def test_review_a_second_time_replaces_the_first(world, own):
    first = review(own, world.ward_admin, world.ward, verdict="kha", proposal="duy_tri")
    second = review(own, world.province_admin, world.province, verdict="tot", proposal="xuat_sac",
                    assessment="Lan tỏa toàn tỉnh")
    assert second.pk == first.pk
    assert list(Review.objects.filter(practice=own).values_list(
        "reviewer", "reviewer_org", "verdict", "proposal", "assessment", "by")) == [
        ("cap_tren", world.province.pk, "tot", "xuat_sac", "Lan tỏa toàn tỉnh", world.province_admin.pk)]
    logged = entries("practice.review")
    assert [(e.org, e.summary, e.after) for e in logged] == [
        (world.cell, "Đánh giá mô hình “Chi bộ 4 tốt” cả năm 2025: Có hiệu quả",
         {"review": first.pk, "reviewer": "cap_tren", "verdict": "kha", "proposal": "duy_tri", "replaced": False}),
        (world.cell, "Đánh giá mô hình “Chi bộ 4 tốt” cả năm 2025: Hiệu quả tốt",
         {"review": first.pk, "reviewer": "cap_tren", "verdict": "tot", "proposal": "xuat_sac", "replaced": True}),
    ]


def test_review_of_another_period_or_year_is_another_row(world, own):
    review(own, world.secretary, world.cell, period="6_thang_dau")
    review(own, world.secretary, world.cell, period="ca_nam")
    review(own, world.secretary, world.cell, year=today().year)
    assert Review.objects.filter(practice=own).count() == 3


def test_review_of_a_year_before_the_start_is_refused(world, own):
    with refused("Năm đánh giá phải từ năm bắt đầu mô hình đến năm nay."):
        review(own, world.secretary, world.cell, year=2024)


def test_review_of_next_year_is_refused(world, own):
    with refused("Năm đánh giá phải từ năm bắt đầu mô hình đến năm nay."):
        review(own, world.secretary, world.cell, year=today().year + 1)


def test_review_without_an_assessment_is_refused(world, own):
    with refused("Chưa nhập nhận xét."):
        review(own, world.secretary, world.cell, assessment="  ")


# adopt -------------------------------------------------------------------------------------

def test_adopt_by_whoever_manages_the_other_cell(world, launched, other_secretary):
    adoption = adopt(launched, other_secretary, world.other_cell, started_on=D(2025, 6, 1))
    adoption = Practice.objects.in_orgs([world.other_cell.pk]).get(pk=adoption.pk)
    assert (adoption.org, adoption.adopted_from, adoption.is_adoption, adoption.name, adoption.origin,
            adoption.field, adoption.description, adoption.goals, adoption.started_on, adoption.status,
            adoption.status_since, adoption.created_by) == (
        world.other_cell, launched, True, "Dân vận khéo trong khu dân cư", "phat_dong", launched.field,
        "Mỗi đảng viên phụ trách 10 hộ", "Không còn hộ nghèo", D(2025, 6, 1), "dang_thuc_hien", D(2025, 6, 1),
        other_secretary)
    assert steps(adoption) == [("dang_thuc_hien", D(2025, 6, 1), "Nhân rộng từ mô hình của Đảng bộ phường Bến Thành",
                                "", "", None)]
    [entry] = entries("practice.adopt")
    assert (entry.actor, entry.org, entry.object_id, entry.summary, entry.after) == (
        other_secretary, world.other_cell, str(adoption.pk),
        "Chi bộ Khu phố 2 nhân rộng mô hình “Dân vận khéo trong khu dân cư” của Đảng bộ phường Bến Thành",
        {"original": launched.pk, "started_on": "2025-06-01"})


def test_adopt_by_the_ward_admin_for_a_cell_with_its_own_wording(world, launched):
    adoption = adopt(launched, world.ward_admin, world.cell, name=" Dân vận khéo ở khu phố 1 ",
                     goals="Mỗi tổ một việc", description="Tổ dân phố tự quản")
    assert (adoption.name, adoption.goals, adoption.description, adoption.search_text) == (
        "Dân vận khéo ở khu phố 1", "Mỗi tổ một việc", "Tổ dân phố tự quản",
        "dan van kheo o khu pho 1 to dan pho tu quan moi to mot viec chi bo khu pho 1")


@pytest.mark.parametrize("persona", ["secretary", "viewer", "sibling_admin", "other_member_user"])
def test_adopt_without_manage_of_the_adopting_organisation_is_refused(world, launched, persona):
    with refused(NOT_ALLOWED):
        adopt(launched, getattr(world, persona), world.other_cell)
    assert Practice.objects.in_orgs([world.other_cell.pk]).count() == 0


def test_adopt_an_adoption_links_to_the_original(world, launched, other_secretary):
    first = adopt(launched, world.secretary, world.cell)
    second = adopt(first, other_secretary, world.other_cell)
    assert (second.adopted_from, first.adopted_from) == (launched, launched)
    assert entries("practice.adopt")[-1].after == {"original": launched.pk, "started_on": "2025-06-01"}


def test_adopt_twice_is_refused(world, launched, other_secretary):
    adopt(launched, other_secretary, world.other_cell)
    with refused("Tổ chức này đã nhân rộng mô hình này."):
        adopt(launched, world.ward_admin, world.other_cell, started_on=D(2025, 7, 1))
    assert Practice.objects.in_orgs([world.other_cell.pk]).count() == 1


def test_adopt_twice_through_an_adoption_is_refused(world, launched, other_secretary):
    first = adopt(launched, world.secretary, world.cell)
    adopt(launched, other_secretary, world.other_cell)
    with refused("Tổ chức này đã nhân rộng mô hình này."):
        adopt(first, other_secretary, world.other_cell)


def test_adopt_racing_a_twin_adoption_is_refused_by_the_constraint(world, launched, other_secretary, monkeypatch):
    adopt(launched, other_secretary, world.other_cell)
    # The other request's row lands between this one's check and its insert.
    monkeypatch.setattr(Practice.objects, "in_orgs", lambda ids: Practice.objects.unscoped().none())
    with refused("Tổ chức này đã nhân rộng mô hình này."):
        adopt(launched, world.ward_admin, world.other_cell)
    assert Practice.objects.unscoped().filter(adopted_from=launched).count() == 1
    assert [e.org for e in entries("practice.adopt")] == [world.other_cell]


def test_adopt_by_the_owner_is_refused(world, launched):
    with refused("Tổ chức không thể nhân rộng mô hình của chính mình."):
        adopt(launched, world.ward_admin, world.ward)


def test_adopt_its_own_model_through_an_adoption_is_refused(world, launched):
    adoption = adopt(launched, world.secretary, world.cell)
    with refused("Tổ chức không thể nhân rộng mô hình của chính mình."):
        adopt(adoption, world.ward_admin, world.ward)


def test_adopt_a_stopped_original_is_refused(world, launched, other_secretary):
    services.set_status(launched, by=world.ward_admin, status="ngung", changed_on=D(2025, 5, 1), note="Kết thúc")
    launched.refresh_from_db()
    with refused("Mô hình gốc đã ngừng thực hiện."):
        adopt(launched, other_secretary, world.other_cell)


def test_adopt_starting_before_the_original_is_refused(world, launched, other_secretary):
    with refused("Ngày bắt đầu không được trước ngày bắt đầu của mô hình gốc (01/03/2025)."):
        adopt(launched, other_secretary, world.other_cell, started_on=D(2025, 2, 28))


def test_adopt_starting_the_same_day_as_the_original_is_allowed(world, launched, other_secretary):
    assert adopt(launched, other_secretary, world.other_cell, started_on=LAUNCHED_ON).started_on == LAUNCHED_ON


def test_adopt_starting_tomorrow_is_refused(world, launched, other_secretary):
    with refused("Ngày bắt đầu không được sau hôm nay."):
        adopt(launched, other_secretary, world.other_cell, started_on=today() + datetime.timedelta(days=1))


def test_adopt_from_the_sibling_ward_of_an_unpublished_model_is_refused(world, launched):
    with refused("Tổ chức này không tiếp cận được mô hình gốc."):
        adopt(launched, world.sibling_admin, world.sibling_cell)
    assert Practice.objects.in_orgs([world.sibling_cell.pk]).count() == 0


def test_adopt_from_the_sibling_ward_of_a_published_model(world, launched):
    services.set_public(launched, by=world.ward_admin, is_public=True)
    launched.refresh_from_db()
    adoption = adopt(launched, world.sibling_admin, world.sibling_cell)
    assert (adoption.org, adoption.adopted_from) == (world.sibling_cell, launched)


def test_adopt_from_the_sibling_ward_by_a_user_who_reaches_the_original(world, launched):
    adoption = adopt(launched, world.province_admin, world.sibling_cell)
    assert (adoption.org, adoption.adopted_from, launched.is_public) == (world.sibling_cell, launched, False)


def test_adopt_an_own_model_of_the_other_cell_needs_to_reach_it(world, own, other_secretary):
    with refused("Tổ chức này không tiếp cận được mô hình gốc."):
        adopt(own, other_secretary, world.other_cell)
    assert adopt(own, world.ward_admin, world.other_cell).adopted_from == own


def test_adopt_a_model_launched_by_the_province_from_a_cell(world, field):
    province_model = services.create_practice(by=world.province_admin, org=world.province, field=field,
                                              name="Tiết kiệm điện", started_on=D(2025, 1, 1), origin="phat_dong")
    assert adopt(province_model, world.secretary, world.cell).adopted_from == province_model
    assert adopt(province_model, world.sibling_admin, world.sibling_cell).adopted_from == province_model


# the catalogue of fields -------------------------------------------------------------------

def test_save_field_by_the_system_administrator(world):
    field = services.save_field(by=world.superuser, name="  Chuyển đổi   số ", position=11)
    assert (field.name, field.position, field.is_active) == ("Chuyển đổi số", 11, True)
    services.save_field(by=world.superuser, field=field, name="Chuyển đổi số", position=11, is_active=False)
    assert [(e.before, e.after) for e in entries("practice.field")] == [
        (None, {"name": "Chuyển đổi số", "position": 11, "is_active": True}),
        ({"name": "Chuyển đổi số", "position": 11, "is_active": True},
         {"name": "Chuyển đổi số", "position": 11, "is_active": False}),
    ]


def test_save_field_by_a_committee_is_refused(world):
    with refused("Chỉ quản trị hệ thống mới sửa danh mục lĩnh vực."):
        services.save_field(by=world.province_admin, name="Chuyển đổi số")


def test_save_field_twice_with_another_case_is_refused(world):
    with refused("Lĩnh vực này đã có."):
        services.save_field(by=world.superuser, name="dân vận khéo")


def test_save_field_without_a_name_is_refused(world):
    with refused("Chưa nhập tên lĩnh vực."):
        services.save_field(by=world.superuser, name="  ")



def test_adopt_a_model_of_the_own_subtree_is_refused(world, own):
    with refused("Mô hình thuộc tổ chức cấp dưới của tổ chức này, không nhân rộng được."):
        services.adopt(own, by=world.ward_admin, org=world.ward, started_on=own.started_on)
