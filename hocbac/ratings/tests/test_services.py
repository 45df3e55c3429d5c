"""The writes of classification and rating: criteria sets (who issues and edits them, what is
validated, items retired rather than deleted), a month's classification of a cell's members (the
exceptions of the three kinds, the period, the reason to change, who may do it, the eligible
members), the cell's own classification and its confirmation above, and the year-end steps
(self-assessment, proposal with the disqualifying cap, decision with the quota at its edge).
Each refusal is checked with its Vietnamese message, each write with its audit entry."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from conftest import make_member, make_user
from hocbac.orgs import services as org_services
from hocbac.orgs.models import MemberStatus, Role
from hocbac.ratings import selectors, services
from hocbac.ratings.models import (
    Classification,
    CriteriaSet,
    Frame,
    Judged,
    Mark,
    Rating,
    Step,
    YearRating,
)

from .conftest import (
    MARCH,
    YEAR,
    criteria,
    entries,
    frame,
    members_of,
    refused,
    shipped,
)

pytestmark = pytest.mark.django_db

SECRETARY_ONLY = "Chỉ chi ủy mới phân loại đảng viên của chi bộ."
COMMITTEE_ONLY = "Chỉ cấp ủy mới ban hành bộ tiêu chí cho cấp dưới."
ISSUER_ONLY = "Chỉ cấp ủy ban hành mới sửa bộ tiêu chí."
SYSTEM_ONLY = "Chỉ quản trị hệ thống sửa bộ tiêu chí dùng chung."
BAD_LEVELS = "Mỗi mức phân loại cần tên và tỷ lệ điểm tối thiểu từ 0 đến 100%."
LEVELS_ORDER = "Các mức xếp từ cao xuống thấp; mức cuối cùng từ 0%."
BAD_ITEM = "Cách đánh giá hoặc điểm của tiêu chí không hợp lệ."
NOT_FOR_MEMBERS = "Bộ tiêu chí này không dùng để phân loại đảng viên của chi bộ."
NOT_FOR_CELL = "Bộ tiêu chí này không dùng để phân loại chi bộ."
BAD_PERIOD = "Kỳ phân loại không hợp lệ."
TOO_EARLY = "Chưa đến kỳ phân loại này."
CONFIRM_ABOVE = "Chỉ cấp ủy cấp trên mới xác nhận phân loại chi bộ."
POINTS = "Điểm tiêu chí chung từ 0 đến 30, điểm kết quả nhiệm vụ từ 0 đến 70."
SELF_ONLY = "Chỉ đảng viên hoặc chi ủy mới tự đánh giá."
PROPOSER_ONLY = "Chỉ chi ủy (với đảng viên) hoặc cấp ủy cấp trên (với tổ chức) mới đề xuất xếp loại."
NOT_ABOVE = "Chỉ quyết định bằng hoặc thấp hơn mức đã đề xuất."
DECIDED = "Đã có quyết định xếp loại."

needs_postgresql = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="threads need row locks and concurrent writers: the SQLite test database is an in-memory "
           "shared cache, where a second writer fails at once with 'database table is locked'")


def persona(world, name):
    return getattr(world, name)


def other_secretary(world):
    """A secretary of the other cell (cell committee of `other_cell` only)."""
    user = make_user("bithukp2", "Bí thư Khu phố 2")
    org_services.grant_role(by=world.superuser, user=user, org=world.other_cell, role=Role.CELL_COMMITTEE)
    return user


def items(*texts, **extra):
    return [{"text": text, **extra} for text in texts]


def create(world, by=None, org="ward", **values):
    values = {"name": "Bộ tiêu chí thử", "target": "dang_vien", "cadence": "thang", "levels": [["Đạt", 100], ["Chưa đạt", 0]],
              "criteria": items("Tiêu chí một", "Tiêu chí hai"), **values}
    return services.create_set(by=by or world.ward_admin, org=getattr(world, org) if org else None, **values)


def month_set_count():
    return CriteriaSet.objects.unscoped().count()


def classify(world, criteria_set, *, by=None, cell=None, when=MARCH, **extra):
    year, period = when
    return services.classify_members(criteria_set, cell or world.cell, by=by or world.secretary, year=year,
                                     period=period, **extra)


def row_of(rows, member):
    return next(c for c in rows if c.member_id == member.pk)


def marks_of(classification):
    return [(m.criterion.text, m.met, m.level, m.points) for m in
            Mark.objects.filter(classification=classification).select_related("criterion").order_by("criterion__position")]


def next_month():
    today = timezone.localdate()
    first = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return first.year, first.month


# Criteria sets: who issues them --------------------------------------------------------------

def test_create_set_by_the_ward_committee_for_its_subtree(world):
    criteria_set = create(world, name="  Đảng viên gương mẫu  ", basis=" Nghị quyết của Đảng ủy phường ",
                          levels=[["  Gương mẫu ", "90"], ["Đạt", 50], ["Chưa đạt", 0]],
                          criteria=[{"text": " Dự sinh hoạt đầy đủ ", "points": 3, "judged": Judged.YES_NO, "auto_source": "sinh_hoat"},
                                    {"text": "Tham gia ý kiến", "points": "4", "judged": Judged.LEVEL},
                                    {"text": "Kết quả nhiệm vụ"}])
    criteria_set.refresh_from_db()
    assert (criteria_set.org, criteria_set.name, criteria_set.target, criteria_set.cadence, criteria_set.basis,
            criteria_set.is_active, criteria_set.created_by) == (
        world.ward, "Đảng viên gương mẫu", "dang_vien", "thang", "Nghị quyết của Đảng ủy phường", True, world.ward_admin)
    assert criteria_set.levels == [["Gương mẫu", 90], ["Đạt", 50], ["Chưa đạt", 0]]
    assert [(c.position, c.text, c.points, c.judged, c.auto_source, c.is_active) for c in criteria(criteria_set)] == [
        (1, "Dự sinh hoạt đầy đủ", 3, "dat", "sinh_hoat", True),
        (2, "Tham gia ý kiến", 4, "muc", "", True),
        (3, "Kết quả nhiệm vụ", 1, "dat", "", True),
    ]
    [entry] = entries("criteria_set.create")
    assert (entry.actor, entry.org, entry.object_id, entry.summary) == (
        world.ward_admin, world.ward, str(criteria_set.pk), "Ban hành bộ tiêu chí: Đảng viên gương mẫu")
    assert (entry.after["target"], entry.after["cadence"], entry.after["levels"], len(entry.after["criteria"])) == (
        "dang_vien", "thang", [["Gương mẫu", 90], ["Đạt", 50], ["Chưa đạt", 0]], 3)


@pytest.mark.parametrize(("who", "org"), [("ward_admin", "cell"), ("province_admin", "ward"), ("superuser", "cell")])
def test_create_set_by_a_committee_above_or_a_superuser_for_an_organisation(world, who, org):
    criteria_set = create(world, by=persona(world, who), org=org)
    assert criteria_set.org == getattr(world, org)


def test_create_shipped_set_by_a_superuser_with_no_organisation(world):
    criteria_set = create(world, by=world.superuser, org=None, name="Chi bộ trong sạch, vững mạnh", target="chi_bo")
    assert criteria_set.org is None
    assert entries("criteria_set.create")[0].org is None
    assert criteria_set in selectors.sets_for(world.sibling_cell)


@pytest.mark.parametrize("who", ["ward_admin", "province_admin", "secretary"])
def test_create_shipped_set_refused_for_anyone_but_a_superuser(world, who):
    before = month_set_count()
    with refused(SYSTEM_ONLY):
        create(world, by=persona(world, who), org=None)
    assert month_set_count() == before
    assert entries("criteria_set.create") == []


@pytest.mark.parametrize(("who", "org"), [
    ("secretary", "cell"),  # manages the cell, does not administer it
    ("viewer", "ward"),
    ("sibling_admin", "ward"),
    ("ward_admin", "sibling_ward"),
    ("ward_admin", "province"),  # a committee issues for its own subtree, not the one above
    ("member_user", "cell"),
    ("no_role_user", "cell"),
])
def test_create_set_refused_outside_the_committees_subtree(world, who, org):
    before = month_set_count()
    with refused(COMMITTEE_ONLY):
        create(world, by=persona(world, who), org=org)
    assert month_set_count() == before
    assert entries("criteria_set.create") == []


@pytest.mark.parametrize("values", [
    {"name": "   "},
    {"target": "to_chuc"},
    {"cadence": "tuan"},
])
def test_create_set_refuses_a_missing_name_or_an_unknown_target_or_cadence(world, values):
    with refused("Tên, đối tượng hoặc kỳ phân loại không hợp lệ."):
        create(world, **values)


@pytest.mark.parametrize(("levels", "message"), [
    ([], BAD_LEVELS),
    ([["Tốt", 100], ["  ", 0]], BAD_LEVELS),
    ([["Tốt", 101], ["Kém", 0]], BAD_LEVELS),
    ([["Tốt", 50], ["Kém", -1]], BAD_LEVELS),
    ([["Khá", 70], ["Tốt", 90], ["Kém", 0]], LEVELS_ORDER),  # not from the highest
    ([["Tốt", 90], ["Khá", 50]], LEVELS_ORDER),  # the last does not start at 0 %
    ([["Tốt"], ["Kém", 0]], "Mức phân loại không hợp lệ."),
    ([["Tốt", "chín mươi"], ["Kém", 0]], "Mức phân loại không hợp lệ."),
    (None, "Mức phân loại không hợp lệ."),
    ([5, 0], "Mức phân loại không hợp lệ."),
])
def test_create_set_validates_the_levels(world, levels, message):
    with refused(message):
        create(world, levels=levels)
    assert not CriteriaSet.objects.in_orgs([world.ward.pk]).exists()


@pytest.mark.parametrize("levels", [
    [["Đạt", 0]],  # a single level: everyone reaches it
    [["Tốt", 100], ["Khá", 100], ["Kém", 0]],  # equal minima keep the order
    [["Tốt", 100], ["Kém", 0]],
])
def test_create_set_accepts_levels_from_the_highest_down_to_zero(world, levels):
    assert create(world, levels=levels).levels == levels


@pytest.mark.parametrize(("criteria_", "message"), [
    ([], "Bộ tiêu chí cần ít nhất một tiêu chí."),
    (items("Một", "  "), "Tiêu chí không được để trống."),
    ([{"points": 2}], "Tiêu chí không được để trống."),
    (items("Một", judged="xep_hang"), BAD_ITEM),
    (items("Một", points=0), BAD_ITEM),
    (items("Một", points=101), BAD_ITEM),
])
def test_create_set_validates_the_criteria(world, criteria_, message):
    with refused(message):
        create(world, criteria=criteria_)
    assert not CriteriaSet.objects.in_orgs([world.ward.pk]).exists()


def test_create_set_accepts_the_points_bounds(world):
    criteria_set = create(world, criteria=items("Một", points=1) + items("Hai", points=100, judged=Judged.POINTS))
    assert [c.points for c in criteria(criteria_set)] == [1, 100]


def test_create_set_refuses_an_unknown_automatic_source(world):
    with refused("Nguồn gợi ý của tiêu chí không hợp lệ."):
        create(world, criteria=items("Một", auto_source="diem_danh"))


# Criteria sets: editing --------------------------------------------------------------------

def test_update_set_renames_changes_levels_and_basis_with_an_audit_entry(world):
    criteria_set = create(world)
    services.update_set(criteria_set, by=world.ward_admin, name="  Đảng viên 5 tốt ", basis=" Kết luận 01 ",
                        levels=[["Tốt", 100], ["Khá", 60], ["Kém", 0]])
    criteria_set.refresh_from_db()
    assert (criteria_set.name, criteria_set.basis, criteria_set.levels) == (
        "Đảng viên 5 tốt", "Kết luận 01", [["Tốt", 100], ["Khá", 60], ["Kém", 0]])
    [entry] = entries("criteria_set.update")
    assert (entry.actor, entry.org, entry.summary) == (world.ward_admin, world.ward, "Sửa bộ tiêu chí: Đảng viên 5 tốt")
    assert (entry.before["name"], entry.before["levels"], entry.after["name"], entry.after["levels"]) == (
        "Bộ tiêu chí thử", [["Đạt", 100], ["Chưa đạt", 0]], "Đảng viên 5 tốt", [["Tốt", 100], ["Khá", 60], ["Kém", 0]])


@pytest.mark.parametrize(("values", "message"), [
    ({"name": "  "}, "Chưa nhập tên bộ tiêu chí."),
    ({"name": "Tên mới", "levels": [["Tốt", 80]]}, LEVELS_ORDER),
    ({"name": "Tên mới", "criteria": []}, "Bộ tiêu chí cần ít nhất một tiêu chí."),
    ({"name": "Tên mới", "criteria": items("Một", points=500)}, BAD_ITEM),
])
def test_update_set_refused_changes_nothing(world, values, message):
    criteria_set = create(world)
    with refused(message):
        services.update_set(criteria_set, by=world.ward_admin, **values)
    stored = CriteriaSet.objects.unscoped().get(pk=criteria_set.pk)
    assert (stored.name, stored.levels) == ("Bộ tiêu chí thử", [["Đạt", 100], ["Chưa đạt", 0]])
    assert [c.text for c in criteria(stored)] == ["Tiêu chí một", "Tiêu chí hai"]
    assert entries("criteria_set.update") == []


@pytest.mark.parametrize("who", ["ward_admin", "province_admin", "superuser"])
def test_update_set_by_the_issuing_committee_or_above(world, who):
    criteria_set = create(world)
    assert services.update_set(criteria_set, by=persona(world, who), name="Tên mới").name == "Tên mới"


@pytest.mark.parametrize("who", ["secretary", "viewer", "sibling_admin", "member_user"])
def test_update_set_refused_for_others(world, who):
    criteria_set = create(world)
    with refused(ISSUER_ONLY):
        services.update_set(criteria_set, by=persona(world, who), name="Tên mới")


def test_a_shipped_set_is_edited_by_a_superuser_only(world):
    four = shipped("Chi bộ bốn tốt")
    with refused(SYSTEM_ONLY):
        services.update_set(four, by=world.ward_admin, name="Chi bộ 4 tốt")
    assert services.update_set(four, by=world.superuser, name="Chi bộ 4 tốt").name == "Chi bộ 4 tốt"


def test_a_retired_set_is_no_longer_used(world):
    criteria_set = create(world)
    services.update_set(criteria_set, by=world.ward_admin, is_active=False)
    assert criteria_set not in selectors.sets_for(world.cell)
    with refused(NOT_FOR_MEMBERS):
        classify(world, criteria_set)
    services.update_set(criteria_set, by=world.ward_admin, is_active=True)
    assert len(classify(world, criteria_set)) == 2


def test_update_set_reorders_edits_adds_and_retires_items_left_out(world):
    criteria_set = create(world, criteria=items("A", "B", "C"))
    a, b, c = criteria(criteria_set)
    march = classify(world, criteria_set, exceptions={world.member.pk: {b.pk: False}})
    services.update_set(criteria_set, by=world.ward_admin, criteria=[
        {"id": c.pk, "text": " C sửa ", "points": 2, "judged": Judged.POINTS, "auto_source": "thi"},
        {"id": str(a.pk), "text": "A"},
        {"text": "D mới", "judged": Judged.LEVEL, "points": 4},
    ])
    rows = [(x.pk, x.position, x.text, x.points, x.judged, x.auto_source, x.is_active) for x in criteria(criteria_set)]
    d = criteria(criteria_set)[2]
    assert rows == [
        (c.pk, 1, "C sửa", 2, "diem", "thi", True),
        (a.pk, 2, "A", 1, "dat", "", True),
        (d.pk, 3, "D mới", 4, "muc", "", True),
        (b.pk, 4, "B", 1, "dat", "", False),  # left out: retired, not deleted
    ]
    # The marks given on B before stay valid.
    member_march = row_of(march, world.member)
    assert [(m.criterion_id, m.met) for m in Mark.objects.filter(classification=member_march).order_by("criterion__position")] == [
        (c.pk, True), (a.pk, True), (b.pk, False)]
    assert Classification.objects.in_orgs([world.cell.pk]).get(pk=member_march.pk).level == "Chưa đạt"
    # A new classification uses the active items only, in their new order.
    april = classify(world, criteria_set, when=(YEAR, 4))
    assert [(text, points) for text, _, _, points in marks_of(row_of(april, world.member))] == [
        ("C sửa", 2), ("A", 1), ("D mới", 4)]
    assert (row_of(april, world.member).score, row_of(april, world.member).max_score) == (7, 7)


def test_update_set_brings_a_retired_item_back(world):
    criteria_set = create(world, criteria=items("A", "B"))
    a, b = criteria(criteria_set)
    services.update_set(criteria_set, by=world.ward_admin, criteria=[{"id": a.pk, "text": "A"}])
    services.update_set(criteria_set, by=world.ward_admin, criteria=[{"id": b.pk, "text": "B"}, {"id": a.pk, "text": "A"}])
    assert [(x.pk, x.position, x.is_active) for x in criteria(criteria_set)] == [(b.pk, 1, True), (a.pk, 2, True)]


def test_update_set_audit_keeps_the_items_before_and_after(world):
    criteria_set = create(world, criteria=items("A", "B"))
    a, _ = criteria(criteria_set)
    services.update_set(criteria_set, by=world.ward_admin, criteria=[{"id": a.pk, "text": "A sửa", "points": 2}])
    [entry] = entries("criteria_set.update")
    assert entry.before["criteria"] == [["A", 1, "dat", "", True], ["B", 1, "dat", "", True]]
    assert entry.after["criteria"] == [["A sửa", 2, "dat", "", True], ["B", 1, "dat", "", False]]


def test_update_set_audit_after_is_fresh_for_a_set_read_through_the_selectors(world):
    criteria_set = create(world, criteria=items("A", "B"))
    a, b = criteria(criteria_set)
    prefetched = selectors.sets_owned(world.ward).get(pk=criteria_set.pk)
    services.update_set(prefetched, by=world.ward_admin, criteria=[{"id": b.pk, "text": "B"}, {"id": a.pk, "text": "A"},
                                                                  {"text": "C mới"}])
    [entry] = entries("criteria_set.update")
    assert entry.after["criteria"] == [["B", 1, "dat", "", True], ["A", 1, "dat", "", True], ["C mới", 1, "dat", "", True]]


# Monthly classification of a cell's members --------------------------------------------------

def test_classify_members_all_met_by_default(world):
    six = shipped("Đảng viên 6 tốt")
    rows = classify(world, six)
    assert {(c.member_id, c.level, c.score, c.max_score) for c in rows} == {
        (world.member.pk, "Đảng viên 6 tốt", 6, 6), (world.secretary_member.pk, "Đảng viên 6 tốt", 6, 6)}
    for row in rows:
        row = Classification.objects.in_orgs([world.cell.pk]).get(pk=row.pk)
        assert (row.org, row.year, row.period, row.classified_by, row.confirmed_by, row.is_confirmed) == (
            world.cell, YEAR, 3, world.secretary, world.secretary, True)
        assert [met for _, met, _, _ in marks_of(row)] == [True] * 6
    [entry] = entries("classification.members")
    assert (entry.actor, entry.org, entry.object_id) == (world.secretary, world.cell, str(six.pk))
    assert entry.summary == "Chi bộ Khu phố 1 phân loại đảng viên tháng 3/2025 (Đảng viên 6 tốt)"
    assert entry.after == {"year": YEAR, "period": 3, "levels": {"Đảng viên 6 tốt": 2}, "reason": "", "exceptions": {},
                           "changed": []}


@pytest.mark.parametrize(("yes_no", "level", "points", "score", "expected"), [
    (None, None, None, "10", "Tốt"),
    (False, None, None, "8", "Khá"),  # 80 %
    (None, "kha", None, "9", "Tốt"),  # 90 %: the minimum reached
    (None, "trung_binh", None, "8", "Khá"),
    (None, None, 3, "9", "Tốt"),
    (None, None, Decimal("2.5"), "8.5", "Khá"),
    (False, "kha", None, "7", "Khá"),  # 70 %: the edge of Khá
    (False, "kem", "3.9", "3.9", "Kém"),
    (False, "trung_binh", 3, "5", "Trung bình"),  # 50 %
    (False, "trung_binh", "2.9", "4.9", "Kém"),  # 49 %
    (False, "kem", 0, "0", "Kém"),
    (True, "tot", 4, "10", "Tốt"),  # the defaults given explicitly
])
def test_classify_members_exceptions_of_the_three_kinds_and_the_sets_levels(world, mixed_set, yes_no, level, points,
                                                                            score, expected):
    yn, lv, pt = criteria(mixed_set)
    values = {k: v for k, v in [(yn.pk, yes_no), (lv.pk, level), (pt.pk, points)] if v is not None}
    rows = classify(world, mixed_set, exceptions={world.member.pk: values})
    member_row = row_of(rows, world.member)
    assert (member_row.score, member_row.max_score, member_row.level) == (Decimal(score), 10, expected)
    assert row_of(rows, world.secretary_member).level == "Tốt"
    marks = marks_of(Classification.objects.in_orgs([world.cell.pk]).get(pk=member_row.pk))
    assert marks[0][1:] == (yes_no is not False, "", Decimal(2 if yes_no is not False else 0))
    assert marks[1][1:3] == (None, level or "tot")
    assert marks[1][3] == {"tot": 4, "kha": 3, "trung_binh": 2, "kem": 0}[level or "tot"]
    assert marks[2][1:] == (None, "", Decimal(str(4 if points is None else points)))


@pytest.mark.parametrize(("position", "value", "message"), [
    (0, "co", "Tiêu chí “Dự sinh hoạt đầy đủ”: chọn đạt hoặc chưa đạt."),
    (0, None, "Tiêu chí “Dự sinh hoạt đầy đủ”: chọn đạt hoặc chưa đạt."),
    (0, 1, "Tiêu chí “Dự sinh hoạt đầy đủ”: chọn đạt hoặc chưa đạt."),
    (1, "xuat_sac", "Tiêu chí “Chất lượng tham gia ý kiến”: mức không hợp lệ."),
    (2, 5, "Tiêu chí “Kết quả thực hiện nhiệm vụ”: điểm từ 0 đến 4."),
    (2, "4.01", "Tiêu chí “Kết quả thực hiện nhiệm vụ”: điểm từ 0 đến 4."),
    (2, -1, "Tiêu chí “Kết quả thực hiện nhiệm vụ”: điểm từ 0 đến 4."),
])
def test_classify_members_refuses_a_value_of_the_wrong_kind(world, mixed_set, position, value, message):
    criterion = criteria(mixed_set)[position]
    with refused(message):
        classify(world, mixed_set, exceptions={world.member.pk: {criterion.pk: value}})
    assert not Classification.objects.in_orgs([world.cell.pk]).exists()
    assert entries("classification.members") == []


@pytest.mark.parametrize("whose", ["other_member", "sibling_member"])
def test_classify_members_refuses_an_exception_for_a_member_of_another_cell(world, mixed_set, whose):
    yn = criteria(mixed_set)[0]
    with refused("Có đảng viên không thuộc chi bộ trong kỳ này."):
        classify(world, mixed_set, exceptions={getattr(world, whose).pk: {yn.pk: False}})
    assert not Classification.objects.in_subtree(world.province).exists()


def test_classify_members_refuses_a_set_for_cells_and_a_set_of_elsewhere(world):
    with refused(NOT_FOR_MEMBERS):
        classify(world, shipped("Chi bộ bốn tốt"))
    elsewhere = create(world, by=world.sibling_admin, org="sibling_ward")
    with refused(NOT_FOR_MEMBERS):
        classify(world, elsewhere)
    of_the_other_cell = create(world, by=world.ward_admin, org="other_cell")
    with refused(NOT_FOR_MEMBERS):
        classify(world, of_the_other_cell)
    of_the_cell = create(world, by=world.ward_admin, org="cell")
    assert len(classify(world, of_the_cell)) == 2


def test_classify_members_refuses_a_future_period_and_accepts_the_current_one(world):
    six = shipped("Đảng viên 6 tốt")
    with refused(TOO_EARLY):
        classify(world, six, when=next_month())
    with refused(TOO_EARLY):
        classify(world, six, when=(timezone.localdate().year + 1, 1))
    today = timezone.localdate()
    assert len(classify(world, six, when=(today.year, today.month))) == 2


@pytest.mark.parametrize(("cadence", "period"), [("thang", 13), ("thang", 0), ("quy", 5), ("quy", 0), ("nam", 2), ("nam", 0)])
def test_classify_members_refuses_a_period_that_does_not_exist(world, cadence, period):
    criteria_set = create(world, cadence=cadence)
    with refused(BAD_PERIOD):
        classify(world, criteria_set, when=(YEAR, period))
    assert not Classification.objects.in_orgs([world.cell.pk]).exists()


@pytest.mark.parametrize(("cadence", "period", "label"), [("quy", 4, "quý 4/2025"), ("nam", 1, "năm 2025")])
def test_classify_members_by_quarter_and_by_year(world, cadence, period, label):
    criteria_set = create(world, cadence=cadence)
    assert len(classify(world, criteria_set, when=(YEAR, period))) == 2
    assert entries("classification.members")[0].summary == f"Chi bộ Khu phố 1 phân loại đảng viên {label} (Bộ tiêu chí thử)"


def test_reclassifying_needs_a_reason_and_is_audit_logged(world, mixed_set):
    yn, lv, _ = criteria(mixed_set)
    first = classify(world, mixed_set, exceptions={world.member.pk: {yn.pk: False}})
    with refused("Chi bộ đã phân loại tháng 3/2025: sửa lại cần ghi lý do."):
        classify(world, mixed_set)
    with refused("Chi bộ đã phân loại tháng 3/2025: sửa lại cần ghi lý do."):
        classify(world, mixed_set, reason="   ")
    second = classify(world, mixed_set, reason=" Chi bộ họp lại ", exceptions={world.secretary_member.pk: {lv.pk: "kem"}},
                      by=world.ward_admin)
    # The same rows, changed in place.
    assert {c.pk for c in second} == {c.pk for c in first}
    assert (row_of(second, world.member).level, row_of(second, world.secretary_member).level) == ("Tốt", "Trung bình")
    stored = Classification.objects.in_orgs([world.cell.pk]).get(pk=row_of(second, world.secretary_member).pk)
    assert (stored.classified_by, stored.score) == (world.ward_admin, 6)
    assert [level for _, _, level, _ in marks_of(stored)] == ["", "kem", ""]
    assert Mark.objects.filter(classification=stored).count() == 3
    [entry] = entries("classification.members_change")
    assert (entry.actor, entry.org) == (world.ward_admin, world.cell)
    assert entry.summary == ("Chi bộ Khu phố 1 phân loại đảng viên tháng 3/2025 (Đảng viên tiêu biểu phường); "
                             "sửa: Chi bộ họp lại")
    changed = entry.after.pop("changed")
    assert sorted(changed) == [["Nguyễn Thị Bí Thư", "Tốt", "Trung bình"], ["Trần Văn Đảng", "Khá", "Tốt"]]
    assert entry.after == {"year": YEAR, "period": 3, "levels": {"Trung bình": 1, "Tốt": 1}, "reason": "Chi bộ họp lại",
                           "exceptions": {str(world.secretary_member.pk): {str(lv.pk): "kem"}}}
    assert len(entries("classification.members")) == 1


def test_another_period_is_a_new_classification_needing_no_reason(world, mixed_set):
    classify(world, mixed_set)
    assert len(classify(world, mixed_set, when=(YEAR, 4))) == 2
    assert len(entries("classification.members")) == 2


@pytest.mark.parametrize("who", ["secretary", "ward_admin", "province_admin", "superuser"])
def test_classify_members_by_the_cells_secretary_or_a_committee_above(world, mixed_set, who):
    rows = classify(world, mixed_set, by=persona(world, who))
    assert {c.classified_by for c in rows} == {persona(world, who)}


@pytest.mark.parametrize("who", ["viewer", "sibling_admin", "member_user", "no_role_user", "other_secretary"])
def test_classify_members_refused_for_others(world, mixed_set, who):
    user = other_secretary(world) if who == "other_secretary" else persona(world, who)
    with refused(SECRETARY_ONLY):
        classify(world, mixed_set, by=user)
    assert not Classification.objects.in_subtree(world.ward).exists()


def test_the_secretary_does_not_classify_the_other_cell(world, mixed_set):
    with refused(SECRETARY_ONLY):
        classify(world, mixed_set, cell=world.other_cell)
    assert len(classify(world, mixed_set, cell=world.other_cell, by=other_secretary(world))) == 1


def test_only_the_eligible_members_are_classified(world, mixed_set):
    probationary = make_member(world.cell, "Lý Văn Dự Bị", by=world.superuser, card="20000001",
                               status=MemberStatus.PROBATIONARY)
    exempt = make_member(world.cell, "Hồ Văn Miễn", by=world.superuser, card="20000002")
    org_services.change_member_status(exempt, status=MemberStatus.EXEMPT, on=datetime.date(2020, 1, 1), by=world.superuser)
    gone = make_member(world.cell, "Đỗ Văn Đi", by=world.superuser, card="20000003")
    org_services.change_member_status(gone, status=MemberStatus.TRANSFERRED_OUT, on=datetime.date(2020, 1, 1),
                                      by=world.superuser)
    rows = classify(world, mixed_set)
    assert {c.member_id for c in rows} == {world.member.pk, world.secretary_member.pk, probationary.pk}
    yn = criteria(mixed_set)[0]
    with refused("Có đảng viên không thuộc chi bộ trong kỳ này."):
        classify(world, mixed_set, reason="Sửa", exceptions={exempt.pk: {yn.pk: False}})


def test_a_member_is_classified_by_the_cell_they_were_in_during_the_period(world, mixed_set):
    last = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    org_services.transfer_member(world.member, to_org=world.other_cell, on=timezone.localdate(), by=world.superuser)
    old = classify(world, mixed_set, when=(last.year, last.month))
    new = classify(world, mixed_set, cell=world.other_cell, by=world.ward_admin, when=(last.year, last.month))
    assert {c.member_id for c in old} == {world.member.pk, world.secretary_member.pk}
    assert {c.member_id for c in new} == {world.other_member.pk}


# The cell's own classification and its confirmation --------------------------------------------

def classify_cell(world, criteria_set=None, *, by=None, when=MARCH, **extra):
    year, period = when
    return services.classify_cell(criteria_set or shipped("Chi bộ bốn tốt"), world.cell, by=by or world.secretary,
                                  year=year, period=period, **extra)


def test_classify_cell_waits_for_the_committee_above(world):
    row = classify_cell(world)
    row = Classification.objects.in_orgs([world.cell.pk]).get(pk=row.pk)
    assert (row.member, row.level, row.score, row.max_score, row.is_confirmed, row.classified_by) == (
        None, "Chi bộ bốn tốt", 4, 4, False, world.secretary)
    assert selectors.awaiting_confirmation(world.ward) == [row]
    [entry] = entries("classification.cell")
    assert (entry.org, entry.summary, entry.before, entry.after) == (
        world.cell, "Chi bộ Khu phố 1 tự phân loại tháng 3/2025: Chi bộ bốn tốt", None,
        {"level": "Chi bộ bốn tốt", "score": "4", "reason": ""})


def test_classify_cell_with_an_item_not_met(world):
    four = shipped("Chi bộ bốn tốt")
    row = classify_cell(world, four, values={criteria(four)[1].pk: False})
    assert (row.score, row.level) == (3, "Khá")


@pytest.mark.parametrize("who", ["viewer", "sibling_admin", "member_user", "other_secretary"])
def test_classify_cell_refused_for_others(world, who):
    user = other_secretary(world) if who == "other_secretary" else persona(world, who)
    with refused("Chỉ chi ủy mới tự phân loại chi bộ."):
        classify_cell(world, by=user)


def test_classify_cell_refuses_a_member_set_and_classify_members_a_cell_set(world):
    with refused(NOT_FOR_CELL):
        classify_cell(world, shipped("Đảng viên 6 tốt"))
    with refused(NOT_FOR_MEMBERS):
        classify(world, shipped("Chi bộ 6 tốt"))


def test_classify_cell_only_for_a_cell(world):
    with refused("Chỉ chi bộ mới tự phân loại theo bộ tiêu chí này."):
        services.classify_cell(shipped("Chi bộ bốn tốt"), world.ward, by=world.ward_admin, year=YEAR, period=3)


def test_classify_cell_refuses_a_future_or_missing_period(world):
    with refused(TOO_EARLY):
        classify_cell(world, when=next_month())
    with refused(BAD_PERIOD):
        classify_cell(world, when=(YEAR, 13))


@pytest.mark.parametrize("who", ["ward_admin", "province_admin"])
def test_confirm_by_the_committee_above(world, who):
    row = services.confirm(classify_cell(world), by=persona(world, who))
    assert (row.is_confirmed, row.confirmed_by, row.level) == (True, persona(world, who), "Chi bộ bốn tốt")
    assert selectors.awaiting_confirmation(world.ward) == []
    [entry] = entries("classification.confirm")
    assert (entry.org, entry.summary, entry.before, entry.after) == (
        world.cell, "Xác nhận phân loại Chi bộ Khu phố 1: Chi bộ bốn tốt", {"level": "Chi bộ bốn tốt"},
        {"level": "Chi bộ bốn tốt", "note": ""})


@pytest.mark.parametrize("who", ["secretary", "viewer", "sibling_admin", "member_user"])
def test_confirm_refused_for_the_cell_itself_and_others(world, who):
    row = classify_cell(world)
    with refused(CONFIRM_ABOVE):
        services.confirm(row, by=persona(world, who))
    assert not Classification.objects.in_orgs([world.cell.pk]).get(pk=row.pk).is_confirmed


def test_whoever_recorded_the_cells_classification_does_not_confirm_it(world):
    # The ward may record a cell's classification on its behalf, but then another of its
    # officials confirms it: nobody vouches for their own entry.
    row = classify_cell(world, by=world.ward_admin)
    with refused("Đồng chí đã ghi phân loại này thay chi bộ: cần một cán bộ khác của cấp trên xác nhận."):
        services.confirm(row, by=world.ward_admin)
    assert services.confirm(row, by=world.province_admin).confirmed_by == world.province_admin


def test_confirm_at_another_level_needs_a_note(world):
    row = classify_cell(world)
    with refused("Xác nhận ở mức khác với chi bộ tự phân loại cần ghi lý do."):
        services.confirm(row, by=world.ward_admin, level="Khá", note="  ")
    with refused("Mức phân loại không hợp lệ."):
        services.confirm(row, by=world.ward_admin, level="Xuất sắc", note="Không có mức này")
    row = services.confirm(row, by=world.ward_admin, level="Khá", note="Chưa sinh hoạt đúng kỳ")
    assert (row.level, row.is_confirmed) == ("Khá", True)
    assert entries("classification.confirm")[0].after == {"level": "Khá", "note": "Chưa sinh hoạt đúng kỳ"}
    with refused("Phân loại này đã được xác nhận."):
        services.confirm(row, by=world.ward_admin)


def test_confirm_at_the_same_level_needs_no_note(world):
    row = services.confirm(classify_cell(world), by=world.ward_admin, level="Chi bộ bốn tốt")
    assert row.is_confirmed


def test_confirm_refuses_a_members_classification(world):
    rows = classify(world, shipped("Đảng viên 6 tốt"))
    with refused("Chỉ phân loại của chi bộ mới cần cấp trên xác nhận."):
        services.confirm(rows[0], by=world.ward_admin)


def test_a_cell_classification_changes_freely_until_confirmed(world):
    four = shipped("Chi bộ bốn tốt")
    first = classify_cell(world, four)
    again = classify_cell(world, four, values={criteria(four)[0].pk: False})
    assert (again.pk, again.level) == (first.pk, "Khá")
    second = entries("classification.cell")[1]
    assert (second.before, second.after["reason"]) == ({"level": "Chi bộ bốn tốt", "confirmed": False}, "")


def test_a_change_without_a_reason_has_no_empty_reason_in_the_summary(world):
    four = shipped("Chi bộ bốn tốt")
    classify_cell(world, four)
    classify_cell(world, four, values={criteria(four)[0].pk: False})
    assert entries("classification.cell")[1].summary == "Chi bộ Khu phố 1 tự phân loại tháng 3/2025: Khá"


def test_a_confirmed_cell_classification_changes_only_with_a_reason_and_waits_again(world):
    four = shipped("Chi bộ bốn tốt")
    row = services.confirm(classify_cell(world, four), by=world.ward_admin)
    with refused("Cấp trên đã xác nhận phân loại kỳ này: sửa lại cần ghi lý do."):
        classify_cell(world, four, values={criteria(four)[0].pk: False})
    changed = classify_cell(world, four, values={criteria(four)[0].pk: False}, reason=" Bổ sung kết quả kiểm tra ")
    assert (changed.pk, changed.level, changed.is_confirmed, changed.confirmed_by) == (row.pk, "Khá", False, None)
    assert selectors.awaiting_confirmation(world.ward) == [changed]
    last = entries("classification.cell")[-1]
    assert (last.before, last.after["reason"]) == ({"level": "Chi bộ bốn tốt", "confirmed": True}, "Bổ sung kết quả kiểm tra")
    assert last.summary == "Chi bộ Khu phố 1 tự phân loại tháng 3/2025: Khá; sửa: Bổ sung kết quả kiểm tra"
    assert services.confirm(changed, by=world.ward_admin).is_confirmed


# Year-end: self-assessment ---------------------------------------------------------------------

def self_assess(world, member=None, *, by=None, general=25, tasks=55, year=YEAR, **extra):
    return services.self_assess(by=by or world.member_user, year=year, member=member or world.member, general=general,
                                tasks=tasks, **extra)


def proposed(member, *, by, general=25, tasks=55, conditions=()):
    """A member's rating self-assessed (by the cell) and proposed at general + tasks."""
    rating = services.self_assess(by=by, year=YEAR, member=member, general=general, tasks=tasks)
    return services.propose(rating, by=by, general=general, tasks=tasks, conditions=conditions)


def decided(member, *, by, general=25, tasks=55, **extra):
    return services.decide(proposed(member, by=by, general=general, tasks=tasks), by=by, **extra)


def test_self_assess_by_the_member_themself(world):
    rating = self_assess(world, general=Decimal("27.5"), tasks=60, note=" Hoàn thành các việc đã đăng ký ")
    rating = YearRating.objects.in_orgs([world.cell.pk]).get(pk=rating.pk)
    assert (rating.member, rating.org, rating.year, rating.step, rating.frame) == (world.member, world.cell, YEAR, Step.SELF, frame())
    assert (rating.self_general, rating.self_tasks, rating.self_level, rating.self_note, rating.self_by) == (
        Decimal("27.5"), 60, Rating.GOOD, "Hoàn thành các việc đã đăng ký", world.member_user)
    assert rating.self_at is not None
    [entry] = entries("rating.self")
    assert (entry.actor, entry.org, entry.summary) == (
        world.member_user, world.cell, "Tự đánh giá năm 2025: 87.5 điểm, Hoàn thành tốt nhiệm vụ")
    assert entry.after == {"general": "27.5", "tasks": "60", "level": "httnv", "on_behalf": False}


@pytest.mark.parametrize("who", ["secretary", "ward_admin"])
def test_self_assess_by_the_cell_on_the_members_behalf(world, who):
    rating = self_assess(world, by=persona(world, who))
    assert rating.self_by == persona(world, who)
    assert entries("rating.self")[0].after["on_behalf"] is True


@pytest.mark.parametrize(("who", "whose"), [
    ("member_user", "other_member"),  # another member
    ("member_user", "secretary_member"),  # another member of the same cell
    ("secretary", "other_member"),  # the secretary of another cell
    ("viewer", "member"),
    ("sibling_admin", "member"),
    ("other_member_user", "member"),
])
def test_self_assess_refused_for_another_member(world, who, whose):
    with refused(SELF_ONLY):
        self_assess(world, getattr(world, whose), by=persona(world, who))
    assert not YearRating.objects.unscoped().exists()
    assert entries("rating.self") == []


@pytest.mark.parametrize(("general", "tasks"), [(31, 0), (-1, 50), (30, 71), (0, Decimal("-0.5")), ("30.01", 60)])
def test_self_assess_refuses_points_out_of_the_frame(world, general, tasks):
    with refused(POINTS):
        self_assess(world, general=general, tasks=tasks)
    assert not YearRating.objects.unscoped().exists()


@pytest.mark.parametrize(("general", "tasks", "level"), [
    (0, 0, Rating.NOT_DONE),
    (20, 29, Rating.NOT_DONE),  # 49
    (20, "29.99", Rating.NOT_DONE),
    (20, 30, Rating.DONE),  # 50
    (20, 49, Rating.DONE),  # 69
    (20, "49.5", Rating.DONE),
    (20, 50, Rating.GOOD),  # 70
    (20, 69, Rating.GOOD),  # 89
    (20, 70, Rating.EXCELLENT),  # 90
    (30, 70, Rating.EXCELLENT),  # 100
])
def test_self_assess_level_from_the_frames_thresholds(world, general, tasks, level):
    assert self_assess(world, general=general, tasks=tasks).self_level == level


def test_self_assess_refuses_a_future_year_and_a_missing_frame(world):
    with refused("Chưa đến năm đánh giá này."):
        self_assess(world, year=timezone.localdate().year + 1)
    assert self_assess(world, year=timezone.localdate().year).self_level == Rating.GOOD
    Frame.objects.update(is_current=False)
    with refused("Chưa có khung đánh giá, xếp loại đang áp dụng."):
        self_assess(world)


def test_self_assess_again_before_the_proposal_then_refused(world):
    first = self_assess(world, general=20, tasks=40)
    again = self_assess(world, general=28, tasks=65)
    assert (again.pk, again.self_level) == (first.pk, Rating.EXCELLENT)
    services.propose(again, by=world.secretary, general=25, tasks=60)
    with refused("Đã có đề xuất xếp loại: không sửa tự đánh giá được nữa."):
        self_assess(world)


def test_self_assess_an_organisation_by_its_committee(world):
    rating = services.self_assess(by=world.secretary, year=YEAR, org=world.cell, general=27, tasks=60)
    assert (rating.member, rating.org, rating.self_level) == (None, world.cell, Rating.GOOD)
    with refused(SELF_ONLY):
        services.self_assess(by=world.member_user, year=YEAR, org=world.cell, general=27, tasks=60)
    with refused(SELF_ONLY):
        services.self_assess(by=world.secretary, year=YEAR, org=world.other_cell, general=27, tasks=60)


def test_an_organisations_self_assessment_is_not_on_anyones_behalf(world):
    services.self_assess(by=world.secretary, year=YEAR, org=world.cell, general=27, tasks=60)
    assert entries("rating.self")[0].after["on_behalf"] is False


# Year-end: proposal ------------------------------------------------------------------------------

def test_propose_by_the_cell_after_the_self_assessment(world):
    rating = self_assess(world, general=28, tasks=65)
    rating = services.propose(rating, by=world.secretary, general="26.5", tasks=60, note=" Chi bộ thống nhất ")
    assert (rating.step, rating.proposed_general, rating.proposed_tasks, rating.proposed_level, rating.proposed_note,
            rating.proposed_by, rating.conditions) == (
        Step.PROPOSED, Decimal("26.5"), 60, Rating.GOOD, "Chi bộ thống nhất", world.secretary, [])
    [entry] = entries("rating.propose")
    assert (entry.org, entry.summary, entry.after) == (
        world.cell, "Đề xuất xếp loại năm 2025: Hoàn thành tốt nhiệm vụ",
        {"general": "26.5", "tasks": "60", "conditions": [], "level": "httnv"})
    # The proposal may be revised until the decision.
    assert services.propose(rating, by=world.secretary, general=28, tasks=65).proposed_level == Rating.EXCELLENT


def test_propose_needs_a_self_assessment(world):
    rating = YearRating.objects.create(frame=frame(), year=YEAR, org=world.cell, member=world.member)
    with refused("Chưa có tự đánh giá."):
        services.propose(rating, by=world.secretary, general=25, tasks=55)


@pytest.mark.parametrize("who", ["member_user", "viewer", "sibling_admin", "other_member_user"])
def test_propose_for_a_member_refused_for_others(world, who):
    rating = self_assess(world)
    with refused(PROPOSER_ONLY):
        services.propose(rating, by=persona(world, who), general=25, tasks=55)
    assert YearRating.objects.unscoped().get(pk=rating.pk).step == Step.SELF


def test_propose_for_an_organisation_by_the_committee_above_not_the_cell(world):
    rating = services.self_assess(by=world.secretary, year=YEAR, org=world.cell, general=27, tasks=60)
    with refused(PROPOSER_ONLY):
        services.propose(rating, by=world.secretary, general=27, tasks=60)
    rating = services.propose(rating, by=world.ward_admin, general=27, tasks=60)
    assert (rating.step, rating.proposed_by, rating.proposed_level) == (Step.PROPOSED, world.ward_admin, Rating.GOOD)


def test_propose_for_a_top_organisation_is_refused(world):
    rating = services.self_assess(by=world.province_admin, year=YEAR, org=world.province, general=27, tasks=60)
    with refused("Tổ chức này không có cấp trên để đề xuất xếp loại."):
        services.propose(rating, by=world.superuser, general=27, tasks=60)


@pytest.mark.parametrize("condition", [0, 1, 2, 3])
def test_a_disqualifying_condition_caps_the_proposal_at_khtnv(world, condition):
    rating = services.propose(self_assess(world, general=30, tasks=70), by=world.secretary, general=30, tasks=70,
                              conditions=[condition])
    assert (rating.proposed_level, rating.conditions) == (Rating.NOT_DONE, [condition])


def test_conditions_are_kept_once_in_order_and_checked(world):
    rating = self_assess(world)
    rating = services.propose(rating, by=world.secretary, general=25, tasks=55, conditions=["3", 1, 3])
    assert (rating.conditions, rating.proposed_level) == ([1, 3], Rating.NOT_DONE)
    assert entries("rating.propose")[0].after["conditions"] == [1, 3]
    for bad in ([4], [-1]):
        with refused("Trường hợp không hoàn thành nhiệm vụ không hợp lệ."):
            services.propose(rating, by=world.secretary, general=25, tasks=55, conditions=bad)
    # Without the condition, the points decide again.
    assert services.propose(rating, by=world.secretary, general=25, tasks=55).proposed_level == Rating.GOOD


def test_propose_refuses_points_out_of_the_frame(world):
    rating = self_assess(world)
    with refused(POINTS):
        services.propose(rating, by=world.secretary, general=25, tasks=75)


# Year-end: decision --------------------------------------------------------------------------------

def test_decide_at_the_proposed_level_by_the_grassroots_cell(world):
    rating = services.decide(proposed(world.member, by=world.secretary), by=world.secretary)
    rating = YearRating.objects.in_orgs([world.cell.pk]).get(pk=rating.pk)
    assert (rating.step, rating.decided_level, rating.decided_by_org, rating.decided_by, rating.quota_exception) == (
        Step.DECIDED, Rating.GOOD, world.cell, world.secretary, "")
    assert rating.decided_at is not None
    [entry] = entries("rating.decide")
    assert (entry.org, entry.summary, entry.after) == (
        world.cell, "Quyết định xếp loại năm 2025: Hoàn thành tốt nhiệm vụ",
        {"level": "httnv", "by_org": world.cell.pk, "quota_exception": ""})


@pytest.mark.parametrize("level", [Rating.DONE, Rating.NOT_DONE])
def test_decide_lower_than_proposed(world, level):
    assert services.decide(proposed(world.member, by=world.secretary), by=world.ward_admin, level=level).decided_level == level


@pytest.mark.parametrize("level", [Rating.EXCELLENT, "xuat_sac"])
def test_decide_refuses_above_the_proposal(world, level):
    rating = proposed(world.member, by=world.secretary)
    with refused(NOT_ABOVE):
        services.decide(rating, by=world.secretary, level=level)
    assert YearRating.objects.unscoped().get(pk=rating.pk).step == Step.PROPOSED


def test_decide_needs_a_proposal_and_happens_once(world):
    rating = self_assess(world)
    with refused("Chỉ quyết định khi đã có đề xuất xếp loại."):
        services.decide(rating, by=world.secretary)
    rating = services.decide(services.propose(rating, by=world.secretary, general=25, tasks=55), by=world.secretary)
    with refused(DECIDED):
        services.decide(rating, by=world.secretary)
    with refused(DECIDED):
        services.decide(rating, by=world.secretary, level=Rating.NOT_DONE)
    with refused(DECIDED):
        services.propose(rating, by=world.secretary, general=20, tasks=20)
    with refused("Đã có đề xuất xếp loại: không sửa tự đánh giá được nữa."):
        self_assess(world)
    assert len(entries("rating.decide")) == 1


@pytest.mark.parametrize("who", ["viewer", "sibling_admin", "member_user", "other_member_user"])
def test_decide_for_a_member_refused_for_others(world, who):
    rating = proposed(world.member, by=world.secretary)
    with refused("Chỉ Chi bộ Khu phố 1 mới quyết định xếp loại này."):
        services.decide(rating, by=persona(world, who))


def test_decide_for_an_organisation_by_the_committee_above(world):
    rating = services.self_assess(by=world.secretary, year=YEAR, org=world.cell, general=28, tasks=65)
    rating = services.propose(rating, by=world.ward_admin, general=28, tasks=65)
    for who in (world.secretary, world.viewer, world.sibling_admin):
        with refused("Chỉ Đảng bộ phường Bến Thành mới quyết định xếp loại này."):
            services.decide(rating, by=who)
    # No member quota for an organisation: HTXSNV with no member rated at all.
    rating = services.decide(rating, by=world.ward_admin)
    assert (rating.decided_level, rating.decided_by_org, rating.quota_exception) == (Rating.EXCELLENT, world.ward, "")


def test_decide_for_a_member_of_a_subordinate_cell_by_the_grassroots_committee(world, grassroots):
    member = grassroots.first_members[0]
    rating = proposed(member, by=grassroots.secretary)
    assert rating.proposed_by == grassroots.secretary
    with refused("Chỉ Đảng bộ Trường THPT Bến Thành mới quyết định xếp loại này."):
        services.decide(rating, by=grassroots.secretary)
    rating = services.decide(rating, by=grassroots.committee)
    assert (rating.decided_by_org, rating.decided_by, rating.org) == (grassroots.org, grassroots.committee, grassroots.first)
    # The secretary of the first chi bộ does not propose for the second one.
    other = services.self_assess(by=grassroots.committee, year=YEAR, member=grassroots.second_members[0], general=25, tasks=55)
    with refused(PROPOSER_ONLY):
        services.propose(other, by=grassroots.secretary, general=25, tasks=55)


# The quota -------------------------------------------------------------------------------------

def quota_message(org_name, excellent, good, allowed, *, suffix=True):
    message = (f"Vượt tỷ lệ: {org_name} sẽ có {excellent} đảng viên hoàn thành xuất sắc nhiệm vụ trên {good} hoàn thành "
               f"tốt nhiệm vụ (tối đa 20% = {allowed}).")
    return message + (" Muốn vượt tỷ lệ, ghi lý do được cấp có thẩm quyền cho phép." if suffix else "")


@pytest.fixture
def five_good(world):
    """Five members of the cell decided HTTNV, and two more proposed HTXSNV."""
    members = members_of(world.cell, 5, by=world.superuser)
    for member in members:
        decided(member, by=world.secretary)
    return [proposed(m, by=world.secretary, general=28, tasks=65) for m in (world.member, world.secretary_member)]


def test_quota_one_excellent_for_five_good_then_a_second_refused(world, five_good):
    first, second = five_good
    first = services.decide(first, by=world.secretary, exception="Không cần")
    assert (first.decided_level, first.quota_exception) == (Rating.EXCELLENT, "")  # within the quota: nothing recorded
    assert entries("rating.decide")[-1].after["quota_exception"] == ""
    with refused(quota_message("Chi bộ Khu phố 1", 2, 5, 1)):
        services.decide(second, by=world.secretary)
    with refused(quota_message("Chi bộ Khu phố 1", 2, 5, 1)):
        services.decide(second, by=world.secretary, exception="   ")
    assert YearRating.objects.unscoped().get(pk=second.pk).step == Step.PROPOSED
    # Lower than proposed is within the quota.
    assert services.decide(second, by=world.secretary, level=Rating.GOOD).decided_level == Rating.GOOD


def test_quota_exceeded_with_a_reason_is_recorded(world, five_good):
    first, second = five_good
    services.decide(first, by=world.secretary)
    rating = services.decide(second, by=world.ward_admin, exception=" Được Tỉnh ủy tặng bằng khen ")
    rating = YearRating.objects.unscoped().get(pk=rating.pk)
    assert (rating.decided_level, rating.quota_exception) == (Rating.EXCELLENT, "Được Tỉnh ủy tặng bằng khen")
    entry = entries("rating.decide")[-1]
    assert entry.after["quota_exception"] == "Được Tỉnh ủy tặng bằng khen"
    assert entry.summary == "Quyết định xếp loại năm 2025: Hoàn thành xuất sắc nhiệm vụ (vượt tỷ lệ: Được Tỉnh ủy tặng bằng khen)"


def test_quota_without_exceptions_refuses_even_with_a_reason(world, five_good):
    Frame.objects.filter(is_current=True).update(quota_exception_allowed=False)
    first, second = five_good
    services.decide(first, by=world.secretary)
    with refused(quota_message("Chi bộ Khu phố 1", 2, 5, 1, suffix=False)):
        services.decide(second, by=world.secretary, exception="Được Tỉnh ủy tặng bằng khen")


def test_quota_the_first_excellent_refused_below_five_good(world):
    for member in members_of(world.cell, 4, by=world.superuser):
        decided(member, by=world.secretary)
    rating = proposed(world.member, by=world.secretary, general=30, tasks=70)
    with refused(quota_message("Chi bộ Khu phố 1", 1, 4, 0)):
        services.decide(rating, by=world.secretary)


def test_quota_counts_decided_ratings_only(world):
    members = members_of(world.cell, 5, by=world.superuser)
    for member in members[:4]:
        decided(member, by=world.secretary)
    proposed(members[4], by=world.secretary)  # HTTNV proposed, not decided: not counted
    rating = proposed(world.member, by=world.secretary, general=30, tasks=70)
    with refused(quota_message("Chi bộ Khu phố 1", 1, 4, 0)):
        services.decide(rating, by=world.secretary)


def test_quota_follows_the_frames_percent(world):
    Frame.objects.filter(is_current=True).update(quota_percent=25)
    for member in members_of(world.cell, 4, by=world.superuser):
        decided(member, by=world.secretary)
    rating = proposed(world.member, by=world.secretary, general=30, tasks=70)
    assert services.decide(rating, by=world.secretary).decided_level == Rating.EXCELLENT


def test_quota_is_per_grassroots_organisation(world, grassroots):
    """Each chi bộ cơ sở has its own quota; a đảng bộ cơ sở counts its chi bộ trực thuộc together."""
    for member in members_of(world.other_cell, 5, by=world.superuser, card_from=70000000):
        decided(member, by=world.ward_admin)
    rating = proposed(world.member, by=world.secretary, general=30, tasks=70)
    with refused(quota_message("Chi bộ Khu phố 1", 1, 0, 0)):
        services.decide(rating, by=world.secretary)
    first = members_of(grassroots.first, 3, by=world.superuser, prefix="Giáo viên mới", card_from=62000000)
    second = members_of(grassroots.second, 2, by=world.superuser, prefix="Nhân viên mới", card_from=63000000)
    for member in first + second:
        decided(member, by=grassroots.committee)
    candidates = [proposed(m, by=grassroots.committee, general=30, tasks=70)
                  for m in (grassroots.first_members[0], grassroots.second_members[0])]
    assert services.decide(candidates[0], by=grassroots.committee).decided_level == Rating.EXCELLENT
    with refused(quota_message("Đảng bộ Trường THPT Bến Thành", 2, 5, 1)):
        services.decide(candidates[1], by=grassroots.committee)


def _run_in_threads(count, work):
    """Run work(i) in `count` threads released together; [(result, exception)] in thread order."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def target(i):
        try:
            barrier.wait(timeout=30)
            results[i] = (work(i), None)
        except Exception as exc:  # asserted on by the test
            results[i] = (None, exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_do_not_pass_the_quota_together(world, monkeypatch):
    # Data migrations are flushed by transactional tests: a frame of our own (the newest current one is used).
    Frame.objects.create(name="Khung thử", conditions=["Bị xử lý kỷ luật trong năm"])
    for member in members_of(world.cell, 5, by=world.superuser):
        decided(member, by=world.secretary)
    candidates = [proposed(m, by=world.secretary, general=30, tasks=70) for m in (world.member, world.secretary_member)]
    checked = threading.Barrier(2)
    original = selectors.quota_check

    def quota_check_then_wait(*args, **kwargs):
        """Hold each decision after its check until the other has checked too (or 3 s passed:
        with a lock the other one waits for this commit instead)."""
        result = original(*args, **kwargs)
        try:
            checked.wait(timeout=3)
        except threading.BrokenBarrierError:
            pass
        return result

    monkeypatch.setattr(selectors, "quota_check", quota_check_then_wait)
    results = _run_in_threads(2, lambda i: services.decide(candidates[i], by=world.ward_admin))
    assert sorted(type(exc).__name__ for _, exc in results) == ["NoneType", "ValidationError"]
    assert YearRating.objects.unscoped().filter(decided_level=Rating.EXCELLENT).count() == 1
