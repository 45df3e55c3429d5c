"""The reads of classification and rating: the sets an organisation uses, the periods, the
automatic suggestions from the other capabilities' data (meetings and attendance, reflections,
contests, commitments) and their evidence kept on the marks, what awaits confirmation, the year
view, and the year-end figures: the grassroots organisation, the distribution per child, the quota
check and a member's own rating."""

import datetime
from collections import Counter

import pytest
from django.http import Http404
from django.utils import timezone

from conftest import make_member, make_user
from hocbac.commitments import services as commitment_services
from hocbac.contests import services as contest_services
from hocbac.contests.tests.conftest import make_contest, make_questions
from hocbac.journal import services as journal_services
from hocbac.orgs import services as org_services
from hocbac.orgs.models import MemberStatus, OrgKind, Sector
from hocbac.ratings import selectors, services
from hocbac.ratings.models import Classification, Mark, Rating
from hocbac.study import services as study_services
from hocbac.study.models import AttendanceStatus, SessionKind

from .conftest import (
    MARCH,
    YEAR,
    at,
    criteria,
    frame,
    members_of,
    shipped,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def new_set(world, by=None, org="ward", *, target="dang_vien", cadence="thang", sources=("",), name="Bộ tiêu chí thử"):
    return services.create_set(by=by or world.ward_admin, org=getattr(world, org) if org else None, name=name,
                               target=target, cadence=cadence, levels=[["Đạt", 100], ["Chưa đạt", 0]],
                               criteria=[{"text": f"Tiêu chí {i + 1}", "auto_source": s} for i, s in enumerate(sources)])


# The sets an organisation uses ----------------------------------------------------------------

@pytest.fixture
def sets(world):
    s = {
        "province": new_set(world, world.province_admin, "province", name="Của tỉnh"),
        "ward": new_set(world, name="Của phường"),
        "ward_cells": new_set(world, name="Chi bộ của phường", target="chi_bo"),
        "cell": new_set(world, org="cell", name="Của chi bộ"),
        "other_cell": new_set(world, org="other_cell", name="Của chi bộ khác"),
        "sibling": new_set(world, world.sibling_admin, "sibling_ward", name="Của phường khác"),
        "retired": new_set(world, name="Đã thôi dùng"),
    }
    services.update_set(s["retired"], by=world.ward_admin, is_active=False)
    return s


def test_sets_for_shipped_own_and_ancestors_not_siblings_nor_retired(world, sets):
    shipped_names = {"Chi bộ bốn tốt", "Chi bộ 6 tốt", "Đảng viên 6 tốt"}
    assert {s.name for s in selectors.sets_for(world.cell)} == shipped_names | {
        "Của tỉnh", "Của phường", "Chi bộ của phường", "Của chi bộ"}
    assert {s.name for s in selectors.sets_for(world.cell, "dang_vien")} == {
        "Đảng viên 6 tốt", "Của tỉnh", "Của phường", "Của chi bộ"}
    assert {s.name for s in selectors.sets_for(world.cell, "chi_bo")} == {"Chi bộ bốn tốt", "Chi bộ 6 tốt", "Chi bộ của phường"}
    assert {s.name for s in selectors.sets_for(world.ward)} == shipped_names | {"Của tỉnh", "Của phường", "Chi bộ của phường"}
    assert {s.name for s in selectors.sets_for(world.sibling_cell)} == shipped_names | {"Của tỉnh", "Của phường khác"}


def test_set_for_answers_404_outside_the_sets_in_use(world, sets):
    assert selectors.set_for(world.cell, sets["ward"].pk) == sets["ward"]
    for name in ("sibling", "other_cell", "retired"):
        with pytest.raises(Http404):
            selectors.set_for(world.cell, sets[name].pk)


def test_sets_owned_are_the_ones_the_organisation_issued_retired_too(world, sets):
    assert {s.name for s in selectors.sets_owned(world.ward)} == {"Của phường", "Chi bộ của phường", "Đã thôi dùng"}
    assert {s.name for s in selectors.sets_owned(world.cell)} == {"Của chi bộ"}


# Periods ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("cadence", "year", "period", "bounds", "label"), [
    ("thang", 2024, 2, (D(2024, 2, 1), D(2024, 2, 29)), "tháng 2/2024"),
    ("thang", 2025, 2, (D(2025, 2, 1), D(2025, 2, 28)), "tháng 2/2025"),
    ("thang", 2025, 12, (D(2025, 12, 1), D(2025, 12, 31)), "tháng 12/2025"),
    ("quy", 2025, 1, (D(2025, 1, 1), D(2025, 3, 31)), "quý 1/2025"),
    ("quy", 2025, 4, (D(2025, 10, 1), D(2025, 12, 31)), "quý 4/2025"),
    ("nam", 2025, 1, (D(2025, 1, 1), D(2025, 12, 31)), "năm 2025"),
])
def test_period_bounds_and_label(cadence, year, period, bounds, label):
    assert selectors.period_bounds(cadence, year, period) == bounds
    assert selectors.period_label(cadence, year, period) == label


@pytest.mark.parametrize(("cadence", "period"), [("thang", 0), ("thang", 13), ("quy", 5), ("nam", 2), ("tuan", 1)])
def test_period_bounds_of_a_period_that_does_not_exist(cadence, period):
    with pytest.raises(ValueError):
        selectors.period_bounds(cadence, 2025, period)


def test_members_to_classify_are_the_eligible_ones_in_vietnamese_order(world):
    an = make_member(world.cell, "Vũ Thị An", by=world.superuser, card="30000001", status=MemberStatus.PROBATIONARY)
    exempt = make_member(world.cell, "Hồ Văn Miễn", by=world.superuser, card="30000002")
    org_services.change_member_status(exempt, status=MemberStatus.EXEMPT, on=D(2020, 1, 1), by=world.superuser)
    assert selectors.members_to_classify(world.cell, D(YEAR, 3, 31)) == [an, world.member, world.secretary_member]


# Suggestions: meetings ---------------------------------------------------------------------------

def meeting(world, day, *, org=None, kind=SessionKind.REGULAR, title="Sinh hoạt chi bộ thường kỳ", by=None):
    starts = at(day, 19)
    return study_services.create_session(by=by or world.secretary, org=org or world.cell, kind=kind,
                                         title=f"{title} {day:%d/%m/%Y}", starts_at=starts,
                                         ends_at=starts + datetime.timedelta(hours=2))


def attended(world, session, member, status=AttendanceStatus.PRESENT, by=None):
    study_services.record_attendance(session, member, status, by=by or world.secretary)


def suggested(world, criteria_set, when=MARCH, members=None, cell=None):
    """{(member id or None, criterion position): (met, evidence)} for the period."""
    year, period = when
    cell = cell or world.cell
    start, end = selectors.period_bounds(criteria_set.cadence, year, period)
    members = selectors.members_to_classify(cell, end) if members is None else members
    positions = {c.pk: c.position for c in criteria(criteria_set)}
    return {(subject, positions[criterion_id]): (s.met, s.evidence)
            for (subject, criterion_id), s in selectors.suggestions(criteria_set, cell, members, start, end).items()}


def test_meetings_present_at_all_is_met_absent_is_not(world):
    meetings = new_set(world, sources=["sinh_hoat"])
    first = meeting(world, D(YEAR, 3, 5))
    attended(world, first, world.member)
    attended(world, first, world.secretary_member, AttendanceStatus.ABSENT)
    # Not counted: a thematic session, a regular one without attendance taken, one of April, one of the other cell.
    attended(world, meeting(world, D(YEAR, 3, 12), kind=SessionKind.THEMATIC, title="Chuyên đề"), world.secretary_member)
    meeting(world, D(YEAR, 3, 20))
    attended(world, meeting(world, D(YEAR, 4, 1)), world.secretary_member)
    attended(world, meeting(world, D(YEAR, 3, 5), org=world.other_cell, by=world.ward_admin), world.other_member,
             by=world.ward_admin)
    assert suggested(world, meetings) == {
        (None, 1): (True, "1 buổi sinh hoạt thường kỳ đã điểm danh"),
        (world.member.pk, 1): (True, "Dự 1/1 buổi sinh hoạt thường kỳ"),
        (world.secretary_member.pk, 1): (False, "Dự 0/1 buổi sinh hoạt thường kỳ"),
    }


def test_meetings_present_at_one_of_two_or_excused_is_not_met(world):
    meetings = new_set(world, sources=["sinh_hoat"])
    first, second = meeting(world, D(YEAR, 3, 5)), meeting(world, D(YEAR, 3, 31))
    for session in (first, second):
        attended(world, session, world.member)
    attended(world, first, world.secretary_member)
    attended(world, second, world.secretary_member, AttendanceStatus.EXCUSED)
    result = suggested(world, meetings)
    assert result[(world.member.pk, 1)] == (True, "Dự 2/2 buổi sinh hoạt thường kỳ")
    assert result[(world.secretary_member.pk, 1)] == (False, "Dự 1/2 buổi sinh hoạt thường kỳ")
    assert result[(None, 1)] == (True, "2 buổi sinh hoạt thường kỳ đã điểm danh")


def test_meetings_none_held_suggests_nothing_for_members(world):
    meetings = new_set(world, sources=["sinh_hoat"])
    assert suggested(world, meetings) == {
        (None, 1): (False, "Chưa có buổi sinh hoạt thường kỳ nào được điểm danh trong kỳ"),
        (world.member.pk, 1): (None, ""),
        (world.secretary_member.pk, 1): (None, ""),
    }


def test_suggestion_and_evidence_are_kept_on_the_marks_the_classifier_decides(world):
    six = shipped("Đảng viên 6 tốt")  # 1 reflection, 3 meetings, 5 contest, 6 commitment
    session = meeting(world, D(YEAR, 3, 5))
    attended(world, session, world.member, AttendanceStatus.ABSENT)
    attended(world, session, world.secretary_member)
    meetings_item = criteria(six)[2]
    rows = services.classify_members(six, world.cell, by=world.secretary, year=YEAR, period=3,
                                     exceptions={world.member.pk: {meetings_item.pk: False}})
    marks = {(c.member_id, m.criterion.position): (m.met, m.suggested, m.evidence)
             for c in rows for m in Mark.objects.filter(classification=c).select_related("criterion")}
    assert marks[(world.member.pk, 3)] == (False, False, "Dự 0/1 buổi sinh hoạt thường kỳ")
    assert marks[(world.secretary_member.pk, 3)] == (True, True, "Dự 1/1 buổi sinh hoạt thường kỳ")
    assert marks[(world.member.pk, 1)] == (True, None, "")  # no reflection assigned
    assert marks[(world.member.pk, 6)] == (True, False, "Chưa nộp đăng ký làm theo năm")  # suggested, not imposed
    assert marks[(world.member.pk, 2)] == (True, None, "")  # an item with no source


def test_the_cells_own_classification_keeps_the_meetings_suggestion(world):
    four = shipped("Chi bộ bốn tốt")  # item 2: meetings
    row = services.classify_cell(four, world.cell, by=world.secretary, year=YEAR, period=3)
    mark = Mark.objects.get(classification=row, criterion__position=2)
    assert (mark.suggested, mark.evidence) == (False, "Chưa có buổi sinh hoạt thường kỳ nào được điểm danh trong kỳ")
    attended(world, meeting(world, D(YEAR, 4, 2)), world.member)
    row = services.classify_cell(four, world.cell, by=world.secretary, year=YEAR, period=4)
    mark = Mark.objects.get(classification=row, criterion__position=2)
    assert (mark.met, mark.suggested, mark.evidence) == (True, True, "1 buổi sinh hoạt thường kỳ đã điểm danh")
    assert Mark.objects.get(classification=row, criterion__position=1).suggested is None


def test_no_suggestion_without_a_source_or_for_a_retired_item(world):
    plain = new_set(world, sources=["", ""])
    assert suggested(world, plain) == {}
    with_source = new_set(world, sources=["sinh_hoat", "thi"])
    _, second = criteria(with_source)
    services.update_set(with_source, by=world.ward_admin, criteria=[{"id": second.pk, "text": second.text, "auto_source": "thi"}])
    assert {position for _, position in suggested(world, with_source)} == {1}  # the contest item, now first


# Suggestions: reflections ------------------------------------------------------------------------

def reflection(world, member, month, *, submit=True, user=None):
    row = journal_services.assign(world.cell, member, YEAR, month, by=world.secretary)
    if submit:
        author = user or member.user
        journal_services.save_reflection(row, by=author, title="Học và làm theo Bác", body="Bài cảm nhận",
                                         corrections=[{"text": "Dự sinh hoạt đúng giờ", "by": "2025-12-31"}])
        row = journal_services.submit_reflection(row, by=author)
    return row


def test_reflections_assigned_and_written_or_not(world):
    reflections = new_set(world, sources=["cam_nhan"])
    third = make_member(world.cell, "Vũ Thị An", by=world.superuser, card="30000001", user=make_user("0912000009"))
    written = reflection(world, world.member, 3)
    reflection(world, world.secretary_member, 3, submit=False)
    reflection(world, third, 4)  # another month
    assert suggested(world, reflections) == {
        (None, 1): (False, "1/2 bài cảm nhận được phân công đã nộp"),
        (world.member.pk, 1): (True, "Đã nộp bài cảm nhận được phân công"),
        (world.secretary_member.pk, 1): (False, "Chưa nộp bài cảm nhận được phân công"),
        (third.pk, 1): (None, ""),
    }
    # Read at the meeting: still written.
    journal_services.mark_read(written, by=world.secretary, read_on=timezone.localdate())
    assert suggested(world, reflections)[(world.member.pk, 1)] == (True, "Đã nộp bài cảm nhận được phân công")
    # April: only the third member was assigned, and wrote.
    april = suggested(world, reflections, when=(YEAR, 4))
    assert (april[(None, 1)], april[(third.pk, 1)], april[(world.member.pk, 1)]) == (
        (True, "1/1 bài cảm nhận được phân công đã nộp"), (True, "Đã nộp bài cảm nhận được phân công"), (None, ""))


def test_reflections_none_assigned_suggests_nothing(world):
    reflections = new_set(world, sources=["cam_nhan"])
    assert set(suggested(world, reflections).values()) == {(None, "")}


def test_reflections_over_a_quarter(world):
    quarterly = new_set(world, sources=["cam_nhan"], cadence="quy")
    reflection(world, world.member, 1)
    reflection(world, world.member, 3, submit=False)
    reflection(world, world.secretary_member, 2)
    reflection(world, world.secretary_member, 4, submit=False)  # the second quarter
    result = suggested(world, quarterly, when=(YEAR, 1))
    assert result[(world.member.pk, 1)] == (False, "Chưa nộp bài cảm nhận được phân công")
    assert result[(world.secretary_member.pk, 1)] == (True, "Đã nộp bài cảm nhận được phân công")
    assert result[(None, 1)] == (False, "2/3 bài cảm nhận được phân công đã nộp")


# Suggestions: contests ----------------------------------------------------------------------------

@pytest.fixture
def march_contest(world):
    questions = make_questions(world.ward, world.ward_admin, 5)
    opens = at(D(YEAR, 3, 31), 8)
    return make_contest(world.ward, world.ward_admin, questions, opens_at=opens,
                        closes_at=opens + datetime.timedelta(hours=16))


def took(contest, member, *, started, finished=None):
    attempt, _ = contest_services.start_attempt(contest, member=member, now=started)
    if finished is not None:
        contest_services.finish_attempt(attempt, now=finished)
    return attempt


def test_contest_finished_in_the_month_is_met_else_nothing(world, march_contest):
    contest_set = new_set(world, sources=["thi"])
    third = make_member(world.cell, "Vũ Thị An", by=world.superuser, card="30000001")
    # 23:30 on 31 March in Việt Nam (16:30 UTC): March.
    took(march_contest, world.member, started=at(D(YEAR, 3, 31), 23), finished=at(D(YEAR, 3, 31), 23) + datetime.timedelta(minutes=30))
    took(march_contest, world.secretary_member, started=at(D(YEAR, 3, 31), 9))  # started, not finished
    took(march_contest, world.other_member, started=at(D(YEAR, 3, 31), 9), finished=at(D(YEAR, 3, 31), 10))
    assert suggested(world, contest_set) == {
        (None, 1): (True, "1/3 đảng viên đã dự thi trong kỳ"),
        (world.member.pk, 1): (True, "Đã dự thi trong kỳ"),
        (world.secretary_member.pk, 1): (None, ""),
        (third.pk, 1): (None, ""),
    }
    april = suggested(world, contest_set, when=(YEAR, 4))
    assert april[(world.member.pk, 1)] == (None, "")
    assert april[(None, 1)] == (None, "0/3 đảng viên đã dự thi trong kỳ")


def test_the_cells_own_contest_suggestion_counts_its_members(world, march_contest):
    cell_set = new_set(world, target="chi_bo", sources=["thi"])
    took(march_contest, world.member, started=at(D(YEAR, 3, 31), 9), finished=at(D(YEAR, 3, 31), 10))
    row = services.classify_cell(cell_set, world.cell, by=world.secretary, year=YEAR, period=3)
    mark = Mark.objects.get(classification=row)
    assert (mark.suggested, mark.evidence) == (True, "1/2 đảng viên đã dự thi trong kỳ")


# Suggestions: commitments -------------------------------------------------------------------------

def test_commitment_submitted_for_the_year_is_met_a_draft_or_none_is_not(world):
    commitment_set = new_set(world, sources=["lam_theo"])
    third = make_member(world.cell, "Vũ Thị An", by=world.superuser, card="30000001")
    deeds = [{"text": "Giúp đỡ hộ nghèo trong khu phố", "measure": "2 hộ"}]
    registration = commitment_services.save_draft(world.member, YEAR, by=world.member_user, deeds=deeds,
                                                  anti_degradation="Không vi phạm những điều đảng viên không được làm")
    commitment_services.submit(registration, by=world.member_user)
    commitment_services.save_draft(world.secretary_member, YEAR, by=world.secretary, deeds=deeds)  # a draft
    last_year = commitment_services.save_draft(third, YEAR - 1, by=world.secretary, deeds=deeds, anti_degradation="Có")
    commitment_services.submit(last_year, by=world.secretary)  # another year
    assert suggested(world, commitment_set) == {
        (None, 1): (None, ""),
        (world.member.pk, 1): (True, "Đã nộp đăng ký làm theo năm"),
        (world.secretary_member.pk, 1): (False, "Chưa nộp đăng ký làm theo năm"),
        (third.pk, 1): (False, "Chưa nộp đăng ký làm theo năm"),
    }


# Awaiting confirmation and the year view --------------------------------------------------------

def test_awaiting_confirmation_lists_the_cells_unconfirmed_classifications(world):
    four = shipped("Chi bộ bốn tốt")
    april = services.classify_cell(four, world.cell, by=world.secretary, year=YEAR, period=4)
    march = services.classify_cell(four, world.cell, by=world.secretary, year=YEAR, period=3)
    other = services.classify_cell(four, world.other_cell, by=world.ward_admin, year=YEAR, period=3)
    confirmed = services.classify_cell(four, world.cell, by=world.secretary, year=YEAR, period=2)
    services.confirm(confirmed, by=world.ward_admin)
    services.classify_cell(four, world.sibling_cell, by=world.sibling_admin, year=YEAR, period=3)
    services.classify_members(shipped("Đảng viên 6 tốt"), world.cell, by=world.secretary, year=YEAR, period=3)
    assert selectors.awaiting_confirmation(world.ward) == [march, other, april]
    assert selectors.awaiting_confirmation(world.cell) == []


def test_year_view_per_member_and_for_the_cell(world, mixed_set):
    yes_no = criteria(mixed_set)[0]
    for month in (1, 2, 3):
        exceptions = {world.member.pk: {yes_no.pk: False}} if month == 2 else {}
        services.classify_members(mixed_set, world.cell, by=world.secretary, year=YEAR, period=month, exceptions=exceptions)
    services.classify_members(mixed_set, world.cell, by=world.secretary, year=YEAR - 1, period=12)
    services.classify_members(mixed_set, world.other_cell, by=world.ward_admin, year=YEAR, period=1)
    rows = selectors.year_view(world.cell, mixed_set, YEAR)
    assert [(r.subject, r.levels) for r in rows] == [
        (world.member, {1: "Tốt", 2: "Khá", 3: "Tốt"}),
        (world.secretary_member, {1: "Tốt", 2: "Tốt", 3: "Tốt"}),
    ]
    four = shipped("Chi bộ bốn tốt")
    services.classify_cell(four, world.cell, by=world.secretary, year=YEAR, period=1)
    services.classify_cell(four, world.cell, by=world.secretary, year=YEAR, period=2, values={criteria(four)[0].pk: False})
    assert [(r.subject, r.levels) for r in selectors.year_view(world.cell, four, YEAR)] == [
        (world.cell, {1: "Chi bộ bốn tốt", 2: "Khá"})]
    assert selectors.year_view(world.cell, mixed_set, YEAR + 1) == []


# Year-end ----------------------------------------------------------------------------------------

def test_current_frame_is_the_qd_366_frame(world):
    current = selectors.current_frame()
    assert (current, current.general_points, current.task_points, current.excellent_from, current.good_from,
            current.done_from, current.quota_percent, current.quota_exception_allowed, len(current.conditions)) == (
        frame(), 30, 70, 90, 70, 50, 20, True, 4)


def test_grassroots_of(world, grassroots):
    group = org_services.create_organization(by=world.superuser, parent=grassroots.first, code="P01-THPT-1-T1",
                                             name="Tổ đảng Toán", kind=OrgKind.PARTY_GROUP, sector=Sector.PUBLIC_SERVICE)
    cell_group = org_services.create_organization(by=world.superuser, parent=world.cell, code="P01-KP1-T1",
                                                  name="Tổ đảng 1", kind=OrgKind.PARTY_GROUP, sector=Sector.COMMUNE)
    assert selectors.grassroots_of(grassroots.first) == grassroots.org
    assert selectors.grassroots_of(grassroots.second) == grassroots.org
    assert selectors.grassroots_of(group) == grassroots.org
    assert selectors.grassroots_of(grassroots.org) == grassroots.org
    assert selectors.grassroots_of(world.cell) == world.cell
    assert selectors.grassroots_of(cell_group) == world.cell
    assert selectors.grassroots_of(world.ward) == world.ward  # none above: itself


def rate(member, level, *, by, decide=True):
    points = {Rating.EXCELLENT: (30, 70), Rating.GOOD: (25, 55), Rating.DONE: (20, 40), Rating.NOT_DONE: (10, 20)}[level]
    rating = services.self_assess(by=by, year=YEAR, member=member, general=points[0], tasks=points[1])
    rating = services.propose(rating, by=by, general=points[0], tasks=points[1])
    return services.decide(rating, by=by, exception="Khen thưởng đột xuất") if decide else rating


def test_distribution_per_child_decided_member_ratings_only(world, grassroots):
    rate(world.member, Rating.GOOD, by=world.secretary)
    rate(world.secretary_member, Rating.NOT_DONE, by=world.secretary)
    rate(world.other_member, Rating.EXCELLENT, by=world.ward_admin)  # over the quota, with a reason
    rate(grassroots.first_members[0], Rating.GOOD, by=grassroots.committee)
    rate(grassroots.first_members[1], Rating.DONE, by=grassroots.committee)
    rate(grassroots.second_members[0], Rating.GOOD, by=grassroots.committee)
    rate(grassroots.second_members[1], Rating.GOOD, by=grassroots.committee, decide=False)  # proposed only
    rate(world.sibling_member, Rating.GOOD, by=world.sibling_admin)  # another ward
    org_rating = services.self_assess(by=world.secretary, year=YEAR, org=world.cell, general=28, tasks=65)
    services.decide(services.propose(org_rating, by=world.ward_admin, general=28, tasks=65), by=world.ward_admin)

    total, children = selectors.distribution(world.ward, YEAR)
    assert total == Counter({Rating.GOOD: 3, Rating.EXCELLENT: 1, Rating.NOT_DONE: 1, Rating.DONE: 1})
    assert {child: counts for child, counts in children} == {
        world.cell: Counter({Rating.GOOD: 1, Rating.NOT_DONE: 1}),
        world.other_cell: Counter({Rating.EXCELLENT: 1}),
        grassroots.org: Counter({Rating.GOOD: 2, Rating.DONE: 1}),
    }
    total, children = selectors.distribution(grassroots.org, YEAR)
    assert total == Counter({Rating.GOOD: 2, Rating.DONE: 1})
    assert dict(children) == {grassroots.first: Counter({Rating.GOOD: 1, Rating.DONE: 1}),
                              grassroots.second: Counter({Rating.GOOD: 1})}
    total, children = selectors.distribution(world.cell, YEAR)
    assert (total, children) == (Counter({Rating.GOOD: 1, Rating.NOT_DONE: 1}), [])
    total, children = selectors.distribution(world.ward, YEAR - 1)
    assert (total, dict(children)) == (Counter(), {world.cell: Counter(), world.other_cell: Counter(), grassroots.org: Counter()})


def test_quota_check_at_its_edge(world):
    members = members_of(world.cell, 5, by=world.superuser)
    check = selectors.quota_check(world.cell, YEAR, frame())
    assert (check.excellent, check.good, check.percent, check.allowed, check.exceeded) == (0, 0, 20, 0, False)
    assert selectors.quota_check(world.cell, YEAR, frame(), adding=Rating.EXCELLENT).exceeded  # 1 for none
    for member in members[:4]:
        rate(member, Rating.GOOD, by=world.secretary)
    check = selectors.quota_check(world.cell, YEAR, frame(), adding=Rating.EXCELLENT)
    assert (check.excellent, check.good, check.allowed, check.exceeded) == (1, 4, 0, True)
    rate(members[4], Rating.GOOD, by=world.secretary)
    check = selectors.quota_check(world.cell, YEAR, frame(), adding=Rating.EXCELLENT)
    assert (check.excellent, check.good, check.allowed, check.exceeded) == (1, 5, 1, False)
    excellent = rate(world.member, Rating.EXCELLENT, by=world.secretary)
    assert selectors.quota_check(world.cell, YEAR, frame()).exceeded is False
    check = selectors.quota_check(world.cell, YEAR, frame(), adding=Rating.EXCELLENT)
    assert (check.excellent, check.good, check.exceeded) == (2, 5, True)
    # The rating being decided again is counted once, at its new level.
    check = selectors.quota_check(world.cell, YEAR, frame(), adding=Rating.EXCELLENT, replacing=excellent)
    assert (check.excellent, check.good, check.exceeded) == (1, 5, False)
    assert selectors.quota_check(world.cell, YEAR - 1, frame()).good == 0


def test_own_rating_is_the_members_own_of_the_year(world):
    assert selectors.own_rating(world.member, YEAR) is None
    rating = services.self_assess(by=world.member_user, year=YEAR, member=world.member, general=25, tasks=55)
    services.self_assess(by=world.secretary, year=YEAR, member=world.secretary_member, general=25, tasks=55)
    assert selectors.own_rating(world.member, YEAR) == rating
    assert selectors.own_rating(world.member, YEAR - 1) is None


def test_own_rating_follows_the_member_after_a_transfer(world):
    rating = services.self_assess(by=world.member_user, year=YEAR, member=world.member, general=25, tasks=55)
    org_services.transfer_member(world.member, to_org=world.other_cell, on=timezone.localdate(), by=world.superuser)
    assert selectors.own_rating(world.member, YEAR) == rating


def test_member_ratings_in_and_rating_in_stay_in_the_subtree(world):
    mine = services.self_assess(by=world.member_user, year=YEAR, member=world.member, general=25, tasks=55)
    other = services.self_assess(by=world.ward_admin, year=YEAR, member=world.other_member, general=25, tasks=55)
    services.self_assess(by=world.secretary, year=YEAR, org=world.cell, general=25, tasks=55)
    assert list(selectors.member_ratings_in(world.ward, YEAR)) == [mine, other]
    assert list(selectors.member_ratings_in(world.cell, YEAR)) == [mine]
    assert selectors.rating_in(world.cell, mine.pk) == mine
    with pytest.raises(Http404):
        selectors.rating_in(world.cell, other.pk)


def test_classifications_in_and_classification_in_stay_in_the_subtree(world):
    six = shipped("Đảng viên 6 tốt")
    mine = services.classify_members(six, world.cell, by=world.secretary, year=YEAR, period=3)
    other = services.classify_members(six, world.other_cell, by=world.ward_admin, year=YEAR, period=3)
    assert {c.pk for c in selectors.classifications_in(world.ward, six, YEAR, 3)} == {c.pk for c in mine + other}
    assert {c.pk for c in selectors.classifications_in(world.cell, six, YEAR, 3)} == {c.pk for c in mine}
    assert selectors.classifications_in(world.cell, six, YEAR, 4) == []
    assert selectors.classification_in(world.ward, mine[0].pk).pk == mine[0].pk
    with pytest.raises(Http404):
        selectors.classification_in(world.cell, other[0].pk)
    assert Classification.objects.in_subtree(world.sibling_ward).count() == 0
