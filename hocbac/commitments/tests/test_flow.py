"""Each step of a registration's life, allowed and refused; figures; who reads what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import make_member
from hocbac.commitments import selectors, services
from hocbac.commitments.models import State
from hocbac.core.models import AuditEntry

pytestmark = pytest.mark.django_db
YEAR = 2026
DEEDS = [{"text": "Giải quyết hồ sơ của dân đúng hạn", "measure": "100% hồ sơ đúng hạn"}]


def _draft(world, member=None, by=None):
    member = member or world.member
    return services.save_draft(member, YEAR, by=by or member.user, study_plan="Học chuyên đề năm 2026",
                               deeds=DEEDS, exemplary="Gương mẫu nơi cư trú", anti_degradation="Không nói không đi đôi với làm")


def _through(world, last_state):
    registration = _draft(world)
    steps = [
        (State.SUBMITTED, lambda r: services.submit(r, by=world.member_user)),
        (State.DISCLOSED, lambda r: services.disclose([r], on=datetime.date(2026, 3, 5), by=world.secretary)),
        (State.CHECKED_IN, lambda r: services.check_in(r, by=world.member_user, progress=["Đạt 60%"], note="Đúng tiến độ")),
        (State.SELF_ASSESSED, lambda r: services.self_assess(r, by=world.member_user, text="Hoàn thành các việc đã đăng ký")),
        (State.EVALUATED, lambda r: services.evaluate(r, by=world.secretary, result="tot", comment="Gương mẫu")),
    ]
    for state, step in steps:
        step(registration)
        registration.refresh_from_db()
        if state == last_state:
            break
    return registration


def test_the_whole_flow_each_step_audited(world):
    registration = _through(world, State.EVALUATED)
    assert (registration.state, registration.result, registration.deeds[0]["progress"]) == (State.EVALUATED, "tot", "Đạt 60%")
    actions = set(AuditEntry.objects.in_subtree(world.cell).filter(action__startswith="commitment.").values_list("action", flat=True))
    assert actions == {"commitment.draft", "commitment.submit", "commitment.disclose", "commitment.check_in",
                       "commitment.self_assess", "commitment.evaluate"}


def test_a_draft_cannot_be_submitted_without_deeds_or_the_anti_degradation_commitment(world):
    registration = services.save_draft(world.member, YEAR, by=world.member_user, study_plan="Học tập")
    with pytest.raises(ValidationError, match="việc làm theo và cam kết chống suy thoái"):
        services.submit(registration, by=world.member_user)


def test_steps_out_of_order_are_refused(world):
    registration = _draft(world)
    with pytest.raises(ValidationError, match="không thể làm việc này"):
        services.disclose([registration], on=datetime.date(2026, 3, 5), by=world.secretary)
    with pytest.raises(ValidationError):
        services.self_assess(registration, by=world.member_user, text="x")
    with pytest.raises(ValidationError):
        services.evaluate(registration, by=world.secretary, result="tot")
    submitted = _through(world, State.SUBMITTED)
    with pytest.raises(ValidationError):  # a submitted registration is no longer a draft
        _draft(world)
    assert submitted.state == State.SUBMITTED


def test_who_may_act(world):
    registration = _through(world, State.SUBMITTED)
    with pytest.raises(PermissionDenied):  # the member cannot disclose their own
        services.disclose([registration], on=datetime.date(2026, 3, 5), by=world.member_user)
    with pytest.raises(PermissionDenied):  # another cell's member cannot write in it
        services.save_draft(world.member, YEAR + 1, by=world.other_member_user)
    with pytest.raises(PermissionDenied):  # the sibling ward cannot evaluate
        services.evaluate(registration, by=world.sibling_admin, result="tot")
    assert services.disclose([registration], on=datetime.date(2026, 3, 5), by=world.secretary) == 1


def test_evaluation_locks_and_only_a_committee_reopens_with_a_reason(world):
    registration = _through(world, State.EVALUATED)
    with pytest.raises(ValidationError):
        services.self_assess(registration, by=world.member_user, text="sửa lại")
    with pytest.raises(PermissionDenied):
        services.reopen(registration, by=world.secretary, reason="Nhầm")
    with pytest.raises(ValidationError, match="lý do"):
        services.reopen(registration, by=world.ward_admin, reason=" ")
    services.reopen(registration, by=world.ward_admin, reason="Chi bộ đánh giá nhầm người")
    registration.refresh_from_db()
    assert (registration.state, registration.result) == (State.SELF_ASSESSED, "")
    entry = AuditEntry.objects.in_subtree(world.cell).get(action="commitment.reopen")
    assert entry.before["result"] == "tot" and "đánh giá nhầm" in entry.summary


def test_the_secretary_enters_on_behalf_and_it_is_marked(world):
    registration = _draft(world, member=world.member, by=world.secretary)
    assert registration.on_behalf and registration.entered_by == world.secretary
    assert "chi ủy nhập thay" in AuditEntry.objects.in_subtree(world.cell).get(action="commitment.draft").summary


def test_disclosure_date_cannot_be_in_the_future(world):
    registration = _through(world, State.SUBMITTED)
    with pytest.raises(ValidationError, match="tương lai"):
        services.disclose([registration], on=timezone.localdate() + datetime.timedelta(days=2), by=world.secretary)


def test_figures_of_the_ward(world):
    make_member(world.cell, "Phạm Chủ Chốt", card="98000001", is_key_leader=True)
    leader = world.cell.members.get(full_name="Phạm Chủ Chốt")
    _through(world, State.EVALUATED)
    _draft(world, member=world.secretary_member)  # a draft is not counted as registered
    services.submit(services.save_draft(leader, YEAR, by=world.secretary, deeds=DEEDS, anti_degradation="Không tham nhũng"),
                    by=world.secretary)
    services.save_org_plan(world.cell, YEAR, by=world.secretary, content="Kế hoạch của chi bộ", in_resolution=True)
    total, rows = selectors.figures(world.ward, YEAR)
    assert (total.registered, total.eligible, total.key_leaders, total.evaluated, total.good) == (2, 4, 1, 1, 1)
    assert total.text == "2/4 đảng viên đã đăng ký (50,0%), trong đó 1 cán bộ chủ chốt; 100% thực hiện tốt"
    assert (total.plans, total.planning_orgs) == (1, 2)
    assert [(f.org.name, f.registered, f.eligible) for f in rows] == [("Chi bộ Khu phố 2", 0, 1), ("Chi bộ Khu phố 1", 2, 3)]


def test_the_register_shows_who_has_not_registered_and_the_member_is_reminded(world, login):
    _through(world, State.DISCLOSED)
    rows = selectors.register(world.cell, YEAR, show="chua_dang_ky")
    assert [r.member.full_name for r in rows] == ["Nguyễn Thị Bí Thư"]
    rows = selectors.register(world.cell, YEAR, show="chua_tu_danh_gia")
    assert [r.member.full_name for r in rows] == ["Trần Văn Đảng"]
    page = login(world.secretary).get(reverse("orgs:my_home")).content.decode()
    assert f"Đăng ký làm theo và cam kết nêu gương năm {timezone.localdate().year}" in page


def test_a_member_never_reads_another_members_registration(world, login):
    registration = _through(world, State.SELF_ASSESSED)
    client = login(world.other_member_user)
    url = reverse("commitments:member_registration", args=[world.cell.pk, world.member.pk])
    assert client.get(url).status_code == 404
    assert "Hoàn thành các việc đã đăng ký" not in client.get(reverse("commitments:mine")).content.decode()
    # The secretary, who evaluates, reads it.
    page = login(world.secretary).get(url + f"?nam={YEAR}").content.decode()
    assert registration.self_assessment in page and "Ghi đánh giá và khóa" in page


def test_member_registers_on_the_page_and_the_secretary_discloses(world, login):
    client = login(world.member_user)
    year = timezone.localdate().year
    data = {"action": "submit", "study_plan": "Học chuyên đề", "exemplary": "Gương mẫu",
            "anti_degradation": "Không vô cảm trước khó khăn của dân", "deed_0": "Thăm hỏi hộ nghèo", "measure_0": "12 lượt"}
    response = client.post(reverse("commitments:mine"), data, follow=True)
    assert "Đã nộp bản đăng ký" in response.content.decode()
    client = login(world.secretary)
    registration = selectors.registration_of(world.member, year)
    response = client.post(reverse("commitments:disclose", args=[world.cell.pk]) + f"?nam={year}",
                           {"registration": [registration.pk], "on": timezone.localdate().isoformat()}, follow=True)
    assert "Đã ghi công khai 1 bản đăng ký" in response.content.decode()
    registration.refresh_from_db()
    assert registration.state == State.DISCLOSED


def test_the_register_exports_to_excel_and_one_registration_to_word(world, login):
    import io

    from docx import Document
    from openpyxl import load_workbook

    registration = _through(world, State.EVALUATED)
    client = login(world.secretary)
    response = client.get(reverse("commitments:register_export", args=[world.cell.pk]) + f"?nam={YEAR}")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("STT", "Họ và tên", "Chi bộ", "Cán bộ chủ chốt", "Trạng thái")
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Trần Văn Đảng"][4:7] == ("Chi bộ đã đánh giá", datetime.datetime(2026, 3, 5), "Thực hiện tốt")
    assert by_name["Nguyễn Thị Bí Thư"][4] == "Chưa đăng ký"

    response = client.get(reverse("commitments:registration_document", args=[world.cell.pk, world.member.pk]) + f"?nam={YEAR}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    heading = [p.text for cell in document.tables[0].rows[0].cells for p in cell.paragraphs]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in heading and "CHI BỘ KHU PHỐ 1" in heading
    assert "BẢN ĐĂNG KÝ" in text and "Họ và tên: Trần Văn Đảng" in text
    assert "Giải quyết hồ sơ của dân đúng hạn — kết quả/minh chứng: 100% hồ sơ đúng hạn" in text
    assert "Kết quả: Thực hiện tốt." in text and registration.self_assessment in text
    assert round(document.sections[0].page_width.cm, 1) == 21.0  # A4
    run = document.paragraphs[0].runs[0]
    assert (run.font.name, run.font.bold) == ("Times New Roman", True)


def test_the_wards_template_guides_its_members_unless_a_closer_committee_sets_one(world, login):
    client = login(world.ward_admin)
    year = timezone.localdate().year
    data = {"intro": "Năm nay đăng ký gắn với chuyên đề năm.", "study_plan_guidance": "Học chuyên đề năm của phường.",
            "study_plan_example": "Học 4 chuyên đề", "deeds_guidance": "Việc cụ thể.", "deeds_example": "",
            "exemplary_guidance": "Nêu gương.", "exemplary_example": "", "anti_degradation_guidance": "Chống suy thoái.",
            "anti_degradation_example": ""}
    client.post(reverse("commitments:year_template", args=[world.ward.pk]) + f"?nam={year}", data)
    page = login(world.member_user).get(reverse("commitments:mine")).content.decode()
    assert "Năm nay đăng ký gắn với chuyên đề năm." in page and "Học chuyên đề năm của phường." in page
    parts, _ = selectors.template_for(world.sibling_cell, year)
    assert "Học chuyên đề năm của phường." not in parts[0][2]  # another ward keeps the built-in guidance


def test_near_copies_of_a_colleague_and_of_ones_own_last_year_are_found(world, login):
    import random

    from hocbac.commitments.tests.texts import DUTIES, lightly_edited, registration_parts

    rng = random.Random(3)
    members = [make_member(world.cell, f"Đảng Viên Số {i:02d}", card=f"99{i:06d}") for i in range(12)]
    parts = {}
    for index, member in enumerate(members):
        parts[member.pk] = registration_parts(rng, duties=DUTIES[index % len(DUTIES)])
        services.submit(services.save_draft(member, YEAR, by=world.secretary, **parts[member.pk]), by=world.secretary)
    copier = make_member(world.cell, "Người Chép Bài", card="99100000")
    copied = parts[members[4].pk]
    services.submit(services.save_draft(copier, YEAR, by=world.secretary, study_plan=lightly_edited(rng, copied["study_plan"]),
                                        deeds=copied["deeds"], exemplary=lightly_edited(rng, copied["exemplary"]),
                                        anti_degradation=lightly_edited(rng, copied["anti_degradation"])), by=world.secretary)
    old = parts[members[7].pk]
    services.submit(services.save_draft(members[7], YEAR - 1, by=world.secretary, **{
        **old, "study_plan": lightly_edited(rng, old["study_plan"])}), by=world.secretary)
    pairs = selectors.near_copies(world.ward, YEAR)
    found = {(frozenset([p.first.member.full_name, p.second.member.full_name]), p.own_last_year) for p in pairs}
    assert found == {(frozenset(["Đảng Viên Số 04", "Người Chép Bài"]), False), (frozenset(["Đảng Viên Số 07"]), True)}
    page = login(world.secretary).get(reverse("commitments:copies", args=[world.cell.pk]) + f"?nam={YEAR}").content.decode()
    assert "2 cặp gần trùng" in page and "<mark>" in page and f"bản năm {YEAR - 1} của chính đồng chí" in page


def test_a_past_years_figures_count_members_eligible_at_its_end(world):
    newcomer = make_member(world.cell, "Người Mới Vào", card="99200000", admitted_on=datetime.date(2026, 1, 15))
    assert newcomer.is_eligible
    assert selectors.figures(world.ward, 2025)[0].eligible == 3  # admitted in 2026: not there to register in 2025
    assert selectors.figures(world.ward, timezone.localdate().year)[0].eligible == 4


def test_the_cell_writes_its_own_plan_on_its_page(world, login):
    year = timezone.localdate().year
    client = login(world.secretary)
    url = reverse("commitments:org_plan", args=[world.cell.pk]) + f"?nam={year}"
    response = client.post(url, {"content": "Mỗi quý một chuyên đề; đưa vào nghị quyết tháng 1.", "in_resolution": "on"}, follow=True)
    assert f"Đã lưu kế hoạch năm {year}" in response.content.decode()
    assert "Kế hoạch của Chi bộ Khu phố 1 (đã có)" in response.content.decode()
    assert selectors.figures(world.cell, year)[0].plans == 1
    response = client.post(url, {"content": " "})
    assert "bắt buộc" in response.content.decode()  # the Vietnamese error beside the field
    assert login(world.member_user).get(url).status_code == 404
