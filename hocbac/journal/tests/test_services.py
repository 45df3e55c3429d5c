"""The journal's writes: the 27 manifestations, the notebook, the rota, writing and reading a
reflection, comments. Who may act, from which step, and what each leaves in the audit log."""

import contextlib
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_member, make_user
from hocbac.commitments import services as commitment_services
from hocbac.core.models import AuditEntry
from hocbac.journal import rules, services
from hocbac.journal.models import (
    Citation,
    Comment,
    Manifestation,
    NotebookEntry,
    NotebookRemark,
    Reflection,
    State,
)
from hocbac.study import services as study_services
from hocbac.study.models import SessionKind

pytestmark = pytest.mark.django_db
YEAR = 2026
NOW = datetime.datetime(2026, 3, 20, 2, 0, tzinfo=datetime.UTC)  # 20/3/2026 9:00 in Hà Nội
TODAY = datetime.date(2026, 3, 20)
CORRECTIONS = [{"text": "Đọc kỹ nghị quyết trước mỗi buổi sinh hoạt", "by": "2026-04-30"}]


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Time stands still at NOW; `clock.set(moment)` moves it."""

    class Clock:
        now = NOW

        def set(self, moment):
            self.now = moment

    frozen = Clock()
    monkeypatch.setattr(timezone, "now", lambda: frozen.now)
    return frozen


@contextlib.contextmanager
def refused(message):
    """The block raises a ValidationError with exactly this message."""
    with pytest.raises(ValidationError) as caught:
        yield
    assert caught.value.messages == [message]


def item(group, number, sub=0):
    return Manifestation.objects.get(group=group, number=number, sub=sub)


def actions(prefix=""):
    return list(AuditEntry.objects.unscoped().filter(action__startswith=prefix).order_by("id").values_list("action", flat=True))


def assign(w, member=None, month=3):
    return services.assign(w.cell, member or w.member, YEAR, month, by=w.secretary)


def write(reflection, *, body="Tôi còn nể nang, ngại va chạm khi góp ý đồng chí.", cited=(), corrections=CORRECTIONS, by=None):
    return services.save_reflection(reflection, by=by or reflection.member.user, title="Nhìn lại tháng 3", body=body,
                                    manifestation_ids=[m.pk for m in cited], corrections=corrections)


def submitted(w, member=None, month=3, cited=()):
    reflection = write(assign(w, member, month), cited=cited)
    return services.submit_reflection(reflection, by=reflection.member.user)


def entry(w, *, shared=False, **links):
    return services.save_entry(w.member, by=w.member_user, written_on=datetime.date(2026, 3, 15),
                               studied="Chuyên đề học tập năm 2026", did="Giúp hộ nghèo sửa nhà",
                               will_correct="Bớt nói, làm nhiều hơn", shared=shared, **links)


# The 27 manifestations ---------------------------------------------------------------------

def test_manifestations_are_27_in_three_groups_of_nine(world):
    items = Manifestation.objects.filter(sub=0)
    assert items.count() == 27
    assert [items.filter(group=g).count() for g in (1, 2, 3)] == [9, 9, 9]
    assert [items.filter(group=g).order_by("number").last().number for g in (1, 2, 3)] == [9, 9, 9]


def test_manifestations_carry_the_labels_of_the_resolution(world):
    assert item(1, 1).label == "Phai nhạt lý tưởng, giảm sút niềm tin"
    assert item(1, 6).label == "Nói không đi đôi với làm"
    assert item(2, 7).label == "Tham ô, tham nhũng, lạm dụng chức quyền"
    assert item(3, 1).label == "Phủ nhận chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh; đòi đa nguyên, đa đảng"
    assert item(3, 9).label == "Tư tưởng dân tộc hẹp hòi, cực đoan"
    assert (str(item(2, 4)), item(2, 4).version) == ("2.4. Che giấu khuyết điểm, phô trương, thành tích", 1)


def test_update_manifestation_bumps_the_version_and_is_logged(world):
    manifestation = services.update_manifestation(item(1, 6), by=world.superuser, label="  Nói  không đi đôi với làm  ",
                                                  text="Nói một đằng, làm một nẻo; hứa nhiều làm ít.")
    manifestation.refresh_from_db()
    assert (manifestation.label, manifestation.text, manifestation.version, manifestation.updated_by) == (
        "Nói không đi đôi với làm", "Nói một đằng, làm một nẻo; hứa nhiều làm ít.", 2, world.superuser)
    log = AuditEntry.objects.unscoped().get(action="manifestation.update")
    assert (log.summary, log.before["version"], log.after["version"]) == ("Sửa biểu hiện 1.6", 1, 2)


def test_update_manifestation_with_the_same_wording_keeps_the_version(world):
    services.update_manifestation(item(1, 6), by=world.superuser, label="Nói không đi đôi với làm", text="")
    assert (item(1, 6).version, actions("manifestation.")) == (1, [])


def test_update_manifestation_with_an_empty_label_is_refused(world):
    with refused("Hãy nhập tên ngắn của biểu hiện."):
        services.update_manifestation(item(1, 6), by=world.superuser, label="   ", text="x")
    assert (item(1, 6).label, item(1, 6).version) == ("Nói không đi đôi với làm", 1)


@pytest.mark.parametrize("persona", ["province_admin", "ward_admin", "secretary", "viewer", "member_user"])
def test_update_manifestation_by_anyone_but_a_superuser_is_denied(world, persona):
    with pytest.raises(PermissionDenied):
        services.update_manifestation(item(1, 6), by=getattr(world, persona), label="Nhãn khác", text="")
    with pytest.raises(PermissionDenied):
        services.add_sub_item(item(1, 6), by=getattr(world, persona), label="Ý nhỏ")
    assert (item(1, 6).label, item(1, 6).version, Manifestation.objects.count()) == ("Nói không đi đôi với làm", 1, 27)


def test_a_reflection_keeps_the_wording_it_cited_after_an_edit(world):
    before = write(assign(world), cited=[item(1, 6)])
    services.update_manifestation(item(1, 6), by=world.superuser, label="Nói không đi đôi với làm (sửa)",
                                  text="Nội dung chính thức")
    after = write(assign(world, world.secretary_member), cited=[item(1, 6)])
    write(before, cited=[item(1, 6), item(2, 4)])  # saved again: the old citation is kept as quoted
    old = Citation.objects.get(reflection=before, manifestation=item(1, 6))
    new = Citation.objects.get(reflection=after, manifestation=item(1, 6))
    assert (old.label, old.text, old.version) == ("Nói không đi đôi với làm", "", 1)
    assert (new.label, new.text, new.version) == ("Nói không đi đôi với làm (sửa)", "Nội dung chính thức", 2)
    assert [c.code for c in before.citations.all()] == ["1.6", "2.4"]


def test_citing_an_unknown_manifestation_is_refused(world):
    reflection = assign(world)
    with refused("Có biểu hiện không có trong danh mục."):
        services.save_reflection(reflection, by=world.member_user, body="Bài viết", manifestation_ids=[999_999],
                                 corrections=CORRECTIONS)
    reflection.refresh_from_db()
    assert (reflection.state, reflection.body, Citation.objects.count()) == (State.ASSIGNED, "", 0)


def test_sub_items_are_numbered_in_order_under_their_item(world):
    first = services.add_sub_item(item(1, 3), by=world.superuser, label="  Không  đọc nghị quyết ")
    second = services.add_sub_item(item(1, 3), by=world.superuser, label="Học đối phó", text="Chép bài thu hoạch")
    assert [(m.code, m.label, m.text) for m in (first, second)] == [
        ("1.3.1", "Không đọc nghị quyết", ""), ("1.3.2", "Học đối phó", "Chép bài thu hoạch")]
    assert actions("manifestation.") == ["manifestation.add", "manifestation.add"]


def test_a_sub_item_cannot_hold_sub_items(world):
    sub_item = services.add_sub_item(item(1, 3), by=world.superuser, label="Không đọc nghị quyết")
    with refused("Chỉ thêm ý nhỏ vào một trong 27 biểu hiện."):
        services.add_sub_item(sub_item, by=world.superuser, label="Ý nhỏ của ý nhỏ")
    assert Manifestation.objects.count() == 28


# Notebook ---------------------------------------------------------------------------------

def test_save_entry_writes_the_members_own_entry(world):
    created = entry(world)
    assert (created.member, created.org, created.is_shared, created.studied) == (
        world.member, world.cell, False, "Chuyên đề học tập năm 2026")
    assert actions("notebook.") == ["notebook.create"]


@pytest.mark.parametrize("persona", ["secretary", "ward_admin", "superuser", "other_member_user"])
def test_save_entry_by_anyone_but_the_member_is_denied(world, persona):
    with pytest.raises(PermissionDenied):
        services.save_entry(world.member, by=getattr(world, persona), written_on=TODAY, studied="Học tập")
    assert NotebookEntry.objects.unscoped().count() == 0


def test_save_entry_cannot_change_another_members_entry(world):
    others = services.save_entry(world.other_member, by=world.other_member_user, written_on=TODAY, studied="Của tôi")
    with pytest.raises(PermissionDenied):
        services.save_entry(world.member, by=world.member_user, entry=others, written_on=TODAY, studied="Sửa")
    others.refresh_from_db()
    assert others.studied == "Của tôi"


def test_save_entry_needs_some_text_and_a_day_not_in_the_future(world):
    with refused("Hãy ghi ít nhất một nội dung: đã học, đã làm theo hoặc sẽ sửa."):
        services.save_entry(world.member, by=world.member_user, written_on=TODAY, studied="  ", did="\n")
    with refused("Ngày ghi không được sau hôm nay."):
        services.save_entry(world.member, by=world.member_user, written_on=TODAY + datetime.timedelta(days=1), did="Làm")
    assert NotebookEntry.objects.unscoped().count() == 0


def test_a_private_entry_is_read_by_its_author_only(world):
    private = entry(world)
    readers = {p: rules.may_read_entry(getattr(world, p), private)
               for p in ("member_user", "secretary", "ward_admin", "province_admin", "superuser", "viewer", "other_member_user")}
    assert readers == {"member_user": True, "secretary": False, "ward_admin": False, "province_admin": False,
                       "superuser": False, "viewer": False, "other_member_user": False}


def test_a_shared_entry_is_read_by_its_author_and_those_who_manage_the_cell(world):
    shared = entry(world, shared=True)
    readers = {p: rules.may_read_entry(getattr(world, p), shared)
               for p in ("member_user", "secretary", "ward_admin", "province_admin", "superuser", "viewer",
                         "other_member_user", "sibling_admin", "no_role_user")}
    assert readers == {"member_user": True, "secretary": True, "ward_admin": True, "province_admin": True,
                       "superuser": True, "viewer": False, "other_member_user": False, "sibling_admin": False,
                       "no_role_user": False}


def test_sharing_and_unsharing_an_entry_is_logged(world, clock):
    created = entry(world)
    shared = services.save_entry(world.member, by=world.member_user, entry=created, written_on=created.written_on,
                                 studied=created.studied, shared=True)
    first_shared_at = shared.shared_at
    clock.set(NOW + datetime.timedelta(hours=1))
    services.save_entry(world.member, by=world.member_user, entry=shared, written_on=shared.written_on,
                        studied="Sửa lại nội dung", shared=True)  # still shared: same moment, no log
    assert (shared.shared_at, actions("notebook.")) == (first_shared_at, ["notebook.create", "notebook.share"])
    private = services.save_entry(world.member, by=world.member_user, entry=shared, written_on=shared.written_on,
                                  studied="Sửa lại nội dung", shared=False)
    assert (private.shared_at, rules.may_read_entry(world.secretary, private)) == (None, False)
    assert actions("notebook.") == ["notebook.create", "notebook.share", "notebook.share"]


def test_an_entry_links_to_the_members_own_registration_and_cell_session(world):
    registration = commitment_services.save_draft(world.member, YEAR, by=world.member_user, study_plan="Học tập")
    session = study_services.create_session(
        by=world.secretary, org=world.cell, kind=SessionKind.REGULAR, title="Sinh hoạt chi bộ tháng 3",
        starts_at=datetime.datetime(2026, 3, 5, 12, tzinfo=datetime.UTC), ends_at=datetime.datetime(2026, 3, 5, 14, tzinfo=datetime.UTC))
    linked = entry(world, registration=registration, session=session)
    linked.refresh_from_db()
    assert (linked.registration, linked.session) == (registration, session)


def test_an_entry_linked_to_another_members_registration_is_refused(world):
    theirs = commitment_services.save_draft(world.secretary_member, YEAR, by=world.secretary, study_plan="Học tập")
    with refused("Chỉ liên kết với bản đăng ký của chính đồng chí."):
        entry(world, registration=theirs)
    assert (NotebookEntry.objects.unscoped().count(), actions("notebook.")) == (0, [])


def test_an_entry_linked_to_another_cells_session_is_refused(world):
    session = study_services.create_session(
        by=world.ward_admin, org=world.other_cell, kind=SessionKind.REGULAR, title="Sinh hoạt chi bộ Khu phố 2",
        starts_at=datetime.datetime(2026, 3, 5, 12, tzinfo=datetime.UTC), ends_at=datetime.datetime(2026, 3, 5, 14, tzinfo=datetime.UTC))
    with refused("Buổi sinh hoạt không thuộc chi bộ của đồng chí."):
        entry(world, session=session)
    assert (NotebookEntry.objects.unscoped().count(), actions("notebook.")) == (0, [])


def test_the_notebook_audit_never_carries_what_the_member_wrote(world):
    created = entry(world, shared=True)
    services.save_entry(world.member, by=world.member_user, entry=created, written_on=created.written_on,
                        studied=created.studied, did=created.did, will_correct=created.will_correct, shared=False)
    services.delete_entry(created, by=world.member_user)
    logs = list(AuditEntry.objects.unscoped().filter(action__startswith="notebook.").order_by("id"))
    assert [(log.action, log.summary) for log in logs] == [
        ("notebook.create", "Sổ tay ngày 15/03/2026: chia sẻ với chi ủy"),
        ("notebook.share", "Sổ tay ngày 15/03/2026: riêng tư"),
        ("notebook.delete", "Xóa sổ tay ngày 15/03/2026"),
    ]
    written = ("Chuyên đề học tập", "Giúp hộ nghèo", "Bớt nói")
    assert [w for log in logs for w in written if w in f"{log.summary}{log.before}{log.after}"] == []


def test_delete_entry_only_by_its_author(world):
    created = entry(world, shared=True)
    for persona in ("secretary", "ward_admin", "superuser"):
        with pytest.raises(PermissionDenied):
            services.delete_entry(created, by=getattr(world, persona))
    services.delete_entry(created, by=world.member_user)
    assert NotebookEntry.objects.unscoped().count() == 0


@pytest.mark.parametrize(("period", "label"), [("2026-03", "Tháng 3/2026"), ("2026-Q1", "Quý 1/2026"), ("2026-12", "Tháng 12/2026")])
def test_a_remark_is_written_for_a_month_or_a_quarter(world, period, label):
    remark = services.set_remark(world.member, period, by=world.secretary, text=" Ghi chép đều, cụ thể. ")
    assert (remark.period, remark.period_label, remark.text, remark.org, remark.written_by) == (
        period, label, "Ghi chép đều, cụ thể.", world.cell, world.secretary)


@pytest.mark.parametrize("period", ["2026-13", "2026-00", "2026-Q5", "2026-3", "26-03", "2026-Q1x", ""])
def test_a_remark_for_an_unknown_period_is_refused(world, period):
    with refused("Kỳ nhận xét không hợp lệ."):
        services.set_remark(world.member, period, by=world.secretary, text="Nhận xét")
    assert NotebookRemark.objects.unscoped().count() == 0


def test_a_remark_is_upserted_and_each_change_logged(world):
    services.set_remark(world.member, "2026-Q1", by=world.secretary, text="Cần ghi đều hơn")
    services.set_remark(world.member, "2026-Q1", by=world.ward_admin, text="Đã ghi đều, cụ thể")
    remark = NotebookRemark.objects.unscoped().get()
    assert (remark.text, remark.written_by) == ("Đã ghi đều, cụ thể", world.ward_admin)
    logs = list(AuditEntry.objects.unscoped().filter(action="notebook.remark").order_by("id"))
    assert [(log.summary, log.before, log.after) for log in logs] == [
        ("Nhận xét sổ tay Quý 1/2026 của Trần Văn Đảng", None, {"text": "Cần ghi đều hơn"}),
        ("Nhận xét sổ tay Quý 1/2026 của Trần Văn Đảng", {"text": "Cần ghi đều hơn"}, {"text": "Đã ghi đều, cụ thể"}),
    ]


@pytest.mark.parametrize("persona", ["member_user", "viewer", "other_member_user", "sibling_admin", "no_role_user"])
def test_a_remark_by_anyone_who_does_not_manage_the_cell_is_denied(world, persona):
    with pytest.raises(PermissionDenied):
        services.set_remark(world.member, "2026-03", by=getattr(world, persona), text="Nhận xét")
    assert NotebookRemark.objects.unscoped().count() == 0


def test_an_empty_remark_is_refused(world):
    with refused("Hãy viết nhận xét."):
        services.set_remark(world.member, "2026-03", by=world.secretary, text="  ")


# Rota -------------------------------------------------------------------------------------

def test_assign_puts_the_member_on_the_rota_due_at_the_end_of_the_month(world):
    march = assign(world)
    february = assign(world, month=2)
    december = assign(world, month=12)
    assert [(r.state, r.org, r.due_on, r.assigned_by) for r in (march, february, december)] == [
        (State.ASSIGNED, world.cell, datetime.date(2026, 3, 31), world.secretary),
        (State.ASSIGNED, world.cell, datetime.date(2026, 2, 28), world.secretary),
        (State.ASSIGNED, world.cell, datetime.date(2026, 12, 31), world.secretary),
    ]
    log = AuditEntry.objects.unscoped().filter(action="reflection.assign").order_by("id").first()
    assert (log.org, log.summary) == (world.cell, "Phân công Trần Văn Đảng viết bài cảm nhận tháng 3/2026, hạn 31/03/2026")


def test_assign_takes_a_due_date_given_as_text(world):
    reflection = services.assign(world.cell, world.member, YEAR, 3, by=world.secretary, due_on="2026-03-25")
    assert reflection.due_on == datetime.date(2026, 3, 25)


@pytest.mark.parametrize("persona", ["member_user", "viewer", "other_member_user", "sibling_admin", "no_role_user"])
def test_assign_by_anyone_who_does_not_manage_the_cell_is_denied(world, persona):
    with pytest.raises(PermissionDenied):
        services.assign(world.cell, world.member, YEAR, 3, by=getattr(world, persona))
    assert Reflection.objects.unscoped().count() == 0


def test_assign_a_member_of_another_cell_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        services.assign(world.cell, world.other_member, YEAR, 3, by=world.ward_admin)
    assert caught.value.messages == ["Đồng chí Lê Thị Khác không phải đảng viên của Chi bộ Khu phố 1."]
    assert Reflection.objects.unscoped().count() == 0


def test_assign_a_member_no_longer_in_the_cells_meetings_is_refused(world):
    exempt = make_member(world.cell, "Võ Văn Miễn", by=world.superuser, card="10000009", status="mien_sinh_hoat")
    with refused("Đồng chí Võ Văn Miễn không phải đảng viên của Chi bộ Khu phố 1."):
        services.assign(world.cell, exempt, YEAR, 3, by=world.secretary)


def test_assign_an_impossible_month_is_refused(world):
    with refused("Tháng không hợp lệ."):
        services.assign(world.cell, world.member, YEAR, 13, by=world.secretary)


def test_assign_at_most_two_members_a_month(world):
    third = make_member(world.cell, "Hoàng Văn Ba", by=world.superuser, card="10000005")
    assign(world)
    assign(world, world.secretary_member)
    with pytest.raises(ValidationError) as caught:
        assign(world, third)
    assert caught.value.messages == ["Tháng 3/2026 đã đủ 2 đảng viên viết bài."]
    assert Reflection.objects.unscoped().filter(month=3).count() == 2
    assert assign(world, third, month=4).month == 4


def test_assign_the_same_member_twice_in_a_month_is_refused(world):
    assign(world)
    with pytest.raises(ValidationError) as caught:
        assign(world)
    assert caught.value.messages == ["Đồng chí Trần Văn Đảng đã được phân công viết bài tháng 3/2026."]
    assert (Reflection.objects.unscoped().count(), actions("reflection.")) == (1, ["reflection.assign"])


def test_unassign_takes_the_name_off_the_rota(world):
    reflection = assign(world)
    services.unassign(reflection, by=world.secretary)
    assert (Reflection.objects.unscoped().count(), actions("reflection.")) == (0, ["reflection.assign", "reflection.unassign"])


def test_unassign_once_the_member_started_writing_is_refused(world):
    reflection = write(assign(world))
    with refused("Đồng chí Trần Văn Đảng đã bắt đầu viết bài, không thể bỏ phân công."):
        services.unassign(reflection, by=world.secretary)
    assert Reflection.objects.unscoped().count() == 1


def test_unassign_by_the_member_is_denied(world):
    reflection = assign(world)
    with pytest.raises(PermissionDenied):
        services.unassign(reflection, by=world.member_user)
    assert Reflection.objects.unscoped().count() == 1


# Writing ----------------------------------------------------------------------------------

def test_save_reflection_keeps_a_draft_and_logs_its_start_once(world):
    reflection = write(assign(world), cited=[item(1, 5), item(2, 4)],
                       corrections=[{"text": "  Góp ý  thẳng thắn ", "by": datetime.date(2026, 4, 30)}, {"text": "", "by": ""}])
    write(reflection, cited=[item(1, 5)])
    reflection.refresh_from_db()
    assert (reflection.state, reflection.title, reflection.corrections) == (State.DRAFT, "Nhìn lại tháng 3", CORRECTIONS)
    assert ([c.code for c in reflection.citations.all()], actions("reflection.")) == (
        ["1.5"], ["reflection.assign", "reflection.draft"])


@pytest.mark.parametrize("persona", ["secretary", "ward_admin", "superuser", "other_member_user"])
def test_save_and_submit_by_anyone_but_the_author_is_denied(world, persona):
    reflection = write(assign(world))
    with pytest.raises(PermissionDenied):
        write(reflection, body="Viết hộ", by=getattr(world, persona))
    with pytest.raises(PermissionDenied):
        services.submit_reflection(reflection, by=getattr(world, persona))
    reflection.refresh_from_db()
    assert (reflection.state, reflection.body) == (State.DRAFT, "Tôi còn nể nang, ngại va chạm khi góp ý đồng chí.")


def test_submit_without_a_body_is_refused(world):
    reflection = write(assign(world), body="   ")
    with pytest.raises(ValidationError) as caught:
        services.submit_reflection(reflection, by=world.member_user)
    reflection.refresh_from_db()
    assert (caught.value.messages, reflection.state, actions("reflection.submit")) == (
        ["Hãy viết nội dung bài cảm nhận trước khi nộp."], State.DRAFT, [])


def test_submit_without_a_correction_is_refused(world):
    reflection = write(assign(world), corrections=[])
    with pytest.raises(ValidationError) as caught:
        services.submit_reflection(reflection, by=world.member_user)
    reflection.refresh_from_db()
    assert (caught.value.messages, reflection.state, reflection.submitted_at) == (
        ["Hãy nêu ít nhất một hướng khắc phục cụ thể, có thời hạn."], State.DRAFT, None)


@pytest.mark.parametrize(("corrections", "message"), [
    ([{"text": "Sửa tính nể nang", "by": ""}], "Hướng khắc phục 1: hãy ghi thời hạn."),
    ([CORRECTIONS[0], {"text": "Sửa tính nể nang"}], "Hướng khắc phục 2: hãy ghi thời hạn."),
    ([{"text": "", "by": "2026-04-30"}], "Hướng khắc phục 1: hãy ghi việc sẽ làm."),
    ([{"text": "Sửa tính nể nang", "by": "30/04/2026"}], "Hướng khắc phục 1: thời hạn không hợp lệ."),
    (CORRECTIONS * 6, "Tối đa 5 hướng khắc phục."),
])
def test_a_correction_without_a_task_or_a_date_is_refused(world, corrections, message):
    reflection = assign(world)
    with pytest.raises(ValidationError) as caught:
        write(reflection, corrections=corrections)
    reflection.refresh_from_db()
    assert (caught.value.messages, reflection.state, reflection.body) == ([message], State.ASSIGNED, "")


def test_submit_records_the_moment_and_the_codes_cited(world):
    reflection = submitted(world, cited=[item(2, 4), item(1, 5)])
    log = AuditEntry.objects.unscoped().get(action="reflection.submit")
    assert (reflection.state, reflection.submitted_at, log.after, log.summary) == (
        State.SUBMITTED, NOW, {"codes": ["1.5", "2.4"]}, "Nộp bài cảm nhận tháng 3/2026")


def test_submitting_twice_records_once(world, clock):
    reflection = submitted(world)
    clock.set(NOW + datetime.timedelta(minutes=5))
    again = services.submit_reflection(reflection, by=world.member_user)
    assert (again.state, again.submitted_at, actions("reflection.submit")) == (State.SUBMITTED, NOW, ["reflection.submit"])


def test_a_submitted_reflection_can_no_longer_be_edited(world):
    reflection = submitted(world)
    with refused("Bài đã nộp, không sửa được nữa."):
        write(reflection, body="Viết lại sau khi nộp")
    reflection.refresh_from_db()
    assert (reflection.body, reflection.state) == ("Tôi còn nể nang, ngại va chạm khi góp ý đồng chí.", State.SUBMITTED)


def test_mark_read_records_the_day_of_the_meeting(world):
    reflection = services.mark_read(submitted(world), by=world.secretary, read_on=TODAY)
    assert (reflection.state, reflection.read_on, reflection.read_recorded_by) == (State.READ, TODAY, world.secretary)
    log = AuditEntry.objects.unscoped().get(action="reflection.read")
    assert (log.summary, log.before, log.after) == (
        "Bài của Trần Văn Đảng đã đọc tại sinh hoạt ngày 20/03/2026", {"read_on": None}, {"read_on": "2026-03-20"})
    services.mark_read(reflection, by=world.secretary, read_on=TODAY)  # the same day again: nothing new
    assert actions("reflection.read") == ["reflection.read"]


@pytest.mark.parametrize("persona", ["member_user", "viewer", "other_member_user", "sibling_admin"])
def test_mark_read_by_anyone_outside_the_committee_is_denied(world, persona):
    reflection = submitted(world)
    with pytest.raises(PermissionDenied):
        services.mark_read(reflection, by=getattr(world, persona), read_on=TODAY)
    reflection.refresh_from_db()
    assert (reflection.state, reflection.read_on) == (State.SUBMITTED, None)


def test_mark_read_before_the_reflection_is_submitted_is_refused(world):
    reflection = write(assign(world))
    with refused("Bài chưa nộp, chưa thể ghi nhận đã đọc."):
        services.mark_read(reflection, by=world.secretary, read_on=TODAY)
    reflection.refresh_from_db()
    assert reflection.state == State.DRAFT


def test_mark_read_in_the_future_or_before_the_submission_day_is_refused(world):
    reflection = submitted(world)
    with refused("Ngày đọc không được sau hôm nay."):
        services.mark_read(reflection, by=world.secretary, read_on=TODAY + datetime.timedelta(days=1))
    with refused("Ngày đọc không được trước ngày nộp bài."):
        services.mark_read(reflection, by=world.secretary, read_on=TODAY - datetime.timedelta(days=1))
    reflection.refresh_from_db()
    assert (reflection.state, reflection.read_on, actions("reflection.read")) == (State.SUBMITTED, None, [])


def test_mark_read_counts_the_submission_day_in_local_time(world, clock):
    clock.set(datetime.datetime(2026, 3, 19, 17, 30, tzinfo=datetime.UTC))  # 20/3 0:30 in Hà Nội, 19/3 in UTC
    reflection = submitted(world)
    with refused("Ngày đọc không được trước ngày nộp bài."):
        services.mark_read(reflection, by=world.secretary, read_on=datetime.date(2026, 3, 19))
    assert services.mark_read(reflection, by=world.secretary, read_on=datetime.date(2026, 3, 20)).state == State.READ


def test_conclude_after_the_reading(world):
    reflection = services.mark_read(submitted(world), by=world.secretary, read_on=TODAY)
    concluded = services.conclude(reflection, by=world.secretary, text="  Chi bộ ghi nhận tinh thần tự phê bình. ")
    assert (concluded.conclusion, concluded.concluded_by, concluded.concluded_at) == (
        "Chi bộ ghi nhận tinh thần tự phê bình.", world.secretary, NOW)
    services.conclude(reflection, by=world.secretary, text="Chi bộ ghi nhận tinh thần tự phê bình.")
    assert actions("reflection.") == ["reflection.assign", "reflection.draft", "reflection.submit", "reflection.read",
                                      "reflection.conclude"]


def test_conclude_before_the_reading_is_refused(world):
    reflection = submitted(world)
    with refused("Ghi nhận bài đã đọc tại sinh hoạt trước khi kết luận."):
        services.conclude(reflection, by=world.secretary, text="Kết luận")
    reflection.refresh_from_db()
    assert (reflection.conclusion, actions("reflection.conclude")) == ("", [])


def test_conclude_by_the_member_or_with_no_text_is_refused(world):
    reflection = services.mark_read(submitted(world), by=world.secretary, read_on=TODAY)
    with pytest.raises(PermissionDenied):
        services.conclude(reflection, by=world.member_user, text="Tự kết luận")
    with refused("Hãy viết kết luận của chi bộ."):
        services.conclude(reflection, by=world.secretary, text=" ")
    reflection.refresh_from_db()
    assert (reflection.conclusion, reflection.concluded_by) == ("", None)


# Comments ---------------------------------------------------------------------------------

@pytest.fixture
def third_user(world):
    """A third member of the cell, with an account."""
    user = make_user("0912000003", "Hoàng Văn Ba")
    make_member(world.cell, "Hoàng Văn Ba", by=world.superuser, card="10000005", user=user)
    return user


def comment(reflection, by, body="Đồng chí nhận thức rõ, cần sửa ngay.", key="k1", **extra):
    return services.add_comment(reflection, by=by, body=body, client_key=key, **extra)


def test_who_may_comment_on_a_submitted_reflection(world, third_user):
    reflection = submitted(world)
    may = {p: rules.may_comment(getattr(world, p), reflection)
           for p in ("member_user", "secretary", "ward_admin", "superuser", "viewer", "other_member_user", "sibling_admin")}
    assert may == {"member_user": True, "secretary": True, "ward_admin": True, "superuser": True, "viewer": False,
                   "other_member_user": False, "sibling_admin": False}
    assert rules.may_comment(third_user, reflection) is True


def test_nobody_comments_on_a_draft(world):
    reflection = write(assign(world))
    assert [rules.may_comment(getattr(world, p), reflection) for p in ("member_user", "secretary")] == [False, False]
    with pytest.raises(PermissionDenied):
        comment(reflection, world.secretary)


@pytest.mark.parametrize("persona", ["viewer", "other_member_user", "sibling_admin"])
def test_a_comment_from_outside_the_cell_is_denied(world, persona):
    reflection = submitted(world)
    with pytest.raises(PermissionDenied):
        comment(reflection, getattr(world, persona))
    assert Comment.objects.count() == 0


def test_a_comment_is_signed_with_the_members_name_and_logged(world):
    reflection = submitted(world)
    by_secretary = comment(reflection, world.secretary, body="  Cần nêu thời hạn cụ thể hơn. ")
    by_ward = comment(reflection, world.ward_admin, key="k2")
    assert [(c.author_name, c.body, c.created_at) for c in (by_secretary, by_ward)] == [
        ("Nguyễn Thị Bí Thư", "Cần nêu thời hạn cụ thể hơn.", NOW), ("Cán bộ Đảng ủy phường", "Đồng chí nhận thức rõ, cần sửa ngay.", NOW)]
    log = AuditEntry.objects.unscoped().filter(action="comment.create").order_by("id").first()
    assert (log.org, log.summary, log.after) == (
        world.cell, "Góp ý bài cảm nhận tháng 3/2026 của Trần Văn Đảng", {"body": "Cần nêu thời hạn cụ thể hơn."})


def test_an_empty_comment_is_refused(world):
    reflection = submitted(world)
    with refused("Hãy viết nội dung góp ý."):
        comment(reflection, world.secretary, body=" \n ")
    with refused("Góp ý dài quá 2.000 ký tự."):
        comment(reflection, world.secretary, body="x" * 2001)
    assert Comment.objects.count() == 0


def test_a_doubled_post_records_one_comment(world):
    reflection = submitted(world)
    first = comment(reflection, world.secretary, key="form-7")
    second = comment(reflection, world.secretary, key="form-7")
    assert (second.pk, Comment.objects.count(), actions("comment.")) == (first.pk, 1, ["comment.create"])


def test_a_doubled_post_with_a_long_client_key_records_one_comment(world):
    reflection = submitted(world)
    key = "f" * 64
    first = comment(reflection, world.secretary, key=key)
    second = comment(reflection, world.secretary, key=key)
    assert (second.pk, Comment.objects.count(), actions("comment.")) == (first.pk, 1, ["comment.create"])


def test_the_same_client_key_from_two_authors_records_two_comments(world):
    reflection = submitted(world)
    comment(reflection, world.secretary, key="form-7")
    comment(reflection, world.member_user, key="form-7")
    assert Comment.objects.count() == 2


def test_a_reply_to_a_reply_joins_the_top_comment(world):
    reflection = submitted(world)
    top = comment(reflection, world.secretary, key="k1")
    reply = comment(reflection, world.member_user, key="k2", parent=top, body="Xin tiếp thu.")
    reply_to_reply = comment(reflection, world.ward_admin, key="k3", parent=reply, body="Đề nghị chi bộ theo dõi.")
    assert (reply.parent_id, reply_to_reply.parent_id) == (top.pk, top.pk)


def test_a_reply_to_a_comment_on_another_reflection_is_refused(world):
    first = submitted(world)
    second = submitted(world, world.secretary_member)
    elsewhere = comment(second, world.member_user)
    with refused("Góp ý được trả lời không thuộc bài này."):
        comment(first, world.secretary, key="k2", parent=elsewhere)
    assert Comment.objects.count() == 1


def test_edit_comment_within_fifteen_minutes(world):
    written = comment(submitted(world), world.secretary)
    later = NOW + datetime.timedelta(minutes=15)
    edited = services.edit_comment(written, by=world.secretary, body="Cần nêu thời hạn cụ thể.", now=later)
    edited.refresh_from_db()
    assert (edited.body, edited.edited_at) == ("Cần nêu thời hạn cụ thể.", later)
    log = AuditEntry.objects.unscoped().get(action="comment.edit")
    assert (log.before, log.after) == ({"body": "Đồng chí nhận thức rõ, cần sửa ngay."}, {"body": "Cần nêu thời hạn cụ thể."})


def test_edit_comment_after_fifteen_minutes_is_refused(world):
    written = comment(submitted(world), world.secretary)
    too_late = NOW + datetime.timedelta(minutes=15, seconds=1)
    assert rules.may_edit_comment(world.secretary, written, too_late) is False
    with refused("Góp ý chỉ sửa được trong 15 phút sau khi viết."):
        services.edit_comment(written, by=world.secretary, body="Sửa muộn", now=too_late)
    written.refresh_from_db()
    assert (written.body, written.edited_at, actions("comment.edit")) == ("Đồng chí nhận thức rõ, cần sửa ngay.", None, [])


@pytest.mark.parametrize("persona", ["member_user", "ward_admin", "superuser"])
def test_edit_comment_by_anyone_but_its_author_is_denied(world, persona):
    written = comment(submitted(world), world.secretary)
    with pytest.raises(PermissionDenied):
        services.edit_comment(written, by=getattr(world, persona), body="Sửa hộ", now=NOW)
    written.refresh_from_db()
    assert written.body == "Đồng chí nhận thức rõ, cần sửa ngay."


def test_delete_comment_by_its_author_keeps_the_row(world, third_user):
    written = comment(submitted(world), third_user, body="Góp ý sẽ xóa")
    services.delete_comment(written, by=third_user)
    written.refresh_from_db()
    assert (written.body, written.deleted_at, written.deleted_by, written.author_name) == ("", NOW, third_user, "Hoàng Văn Ba")
    log = AuditEntry.objects.unscoped().get(action="comment.delete")
    assert (log.org, log.before) == (world.cell, {"body": "Góp ý sẽ xóa", "author": "Hoàng Văn Ba"})
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("persona", ["secretary", "ward_admin"])
def test_delete_comment_by_the_committee(world, third_user, persona):
    written = comment(submitted(world), third_user, body="Góp ý không phù hợp")
    services.delete_comment(written, by=getattr(world, persona))
    written.refresh_from_db()
    assert (written.body, written.is_deleted, written.deleted_by) == ("", True, getattr(world, persona))
    assert AuditEntry.objects.unscoped().get(action="comment.delete").before == {"body": "Góp ý không phù hợp", "author": "Hoàng Văn Ba"}


def test_delete_comment_by_another_member_is_denied(world, third_user):
    written = comment(submitted(world), world.secretary)
    for user in (third_user, world.member_user, world.viewer):
        with pytest.raises(PermissionDenied):
            services.delete_comment(written, by=user)
    written.refresh_from_db()
    assert (written.body, written.deleted_at) == ("Đồng chí nhận thức rõ, cần sửa ngay.", None)


def test_a_deleted_comment_can_be_neither_edited_nor_deleted_again(world):
    written = services.delete_comment(comment(submitted(world), world.secretary), by=world.secretary)
    with pytest.raises(ValidationError):
        services.edit_comment(written, by=world.secretary, body="Viết lại", now=NOW)
    with pytest.raises(PermissionDenied):
        services.delete_comment(written, by=world.secretary)
    assert (actions("comment."), Comment.objects.get().body) == (["comment.create", "comment.delete"], "")
