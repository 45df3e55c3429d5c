"""The journal's reads: who reads a reflection or a notebook entry, the figures over a subtree,
the manifestations most cited, the rota, a cell's reflections, and the "việc cần làm" panels."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from conftest import make_member, make_user
from hocbac.core import todo
from hocbac.core.todo import Todo
from hocbac.journal import selectors, services
from hocbac.journal import todo as journal_todo
from hocbac.journal.models import Manifestation

pytestmark = pytest.mark.django_db
YEAR = 2026
NOW = datetime.datetime(2026, 3, 20, 2, 0, tzinfo=datetime.UTC)  # 20/3/2026 9:00 in Hà Nội
TODAY = datetime.date(2026, 3, 20)
CORRECTIONS = [{"text": "Đọc kỹ nghị quyết trước mỗi buổi sinh hoạt", "by": "2026-04-30"}]


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def item(group, number, sub=0):
    return Manifestation.objects.get(group=group, number=number, sub=sub)


def assign(member, month, by):
    return services.assign(member.org, member, YEAR, month, by=by)


def write(reflection, cited=()):
    return services.save_reflection(reflection, by=reflection.member.user, title="Nhìn lại tháng", body="Tôi tự nhận thấy.",
                                    manifestation_ids=[m.pk for m in cited], corrections=CORRECTIONS)


def submitted(member, month, by, cited=()):
    reflection = write(assign(member, month, by), cited)
    return services.submit_reflection(reflection, by=member.user)


@pytest.fixture
def third(world):
    """A third member of the cell, with an account; they have written nothing."""
    return make_member(world.cell, "Hoàng Văn Ba", by=world.superuser, card="10000005", user=make_user("0912000003", "Hoàng Văn Ba"))


@pytest.fixture
def year(world, third):
    """2026 in the province: the member's February reflection read at the meeting, the
    secretary's March one still a draft, the other cell's April one handed in, and one handed in
    in the sibling ward."""
    w = world
    sub_item = services.add_sub_item(item(1, 3), by=w.superuser, label="Không đọc nghị quyết")
    w.sibling_member.user = make_user("0912000004", "Phạm Văn Xa")
    w.sibling_member.save(update_fields=["user"])
    read = services.mark_read(submitted(w.member, 2, w.secretary, [item(1, 6), item(2, 4)]), by=w.secretary, read_on=TODAY)
    draft = write(assign(w.secretary_member, 3, w.secretary), [item(3, 1)])
    other = submitted(w.other_member, 4, w.ward_admin, [item(1, 6), sub_item])
    sibling = submitted(w.sibling_member, 3, w.sibling_admin, [item(2, 7)])
    return read, draft, other, sibling


def figures_of(figures):
    return (figures.org.name, figures.assigned, figures.written, figures.read, figures.eligible, figures.never_written)


def cited(tally):
    return [(i.code, i.count) for i in tally.cited]


# Reference list ---------------------------------------------------------------------------

def test_manifestation_groups_are_three_of_nine_with_their_sub_items(world):
    services.add_sub_item(item(2, 4), by=world.superuser, label="Báo cáo đẹp")
    groups = selectors.manifestation_groups()
    assert [(g.label, len(g.items)) for g in groups] == [
        ("Suy thoái về tư tưởng chính trị", 9), ("Suy thoái về đạo đức, lối sống", 9), ("“Tự diễn biến”, “tự chuyển hóa”", 9)]
    assert [(m.code, [s.code for s in m.sub_items]) for m in groups[1].items[2:5]] == [("2.3", []), ("2.4", ["2.4.1"]), ("2.5", [])]
    assert groups[2].items[0].label == "Phủ nhận chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh; đòi đa nguyên, đa đảng"


def test_manifestation_groups_leave_out_what_is_no_longer_used(world):
    Manifestation.objects.filter(group=1, number=9, sub=0).update(is_active=False)
    assert [len(g.items) for g in selectors.manifestation_groups()] == [8, 9, 9]
    assert [len(g.items) for g in selectors.manifestation_groups(active_only=False)] == [9, 9, 9]


@pytest.mark.parametrize(("period", "months"), [
    ("", list(range(1, 13))), ("Q1", [1, 2, 3]), ("Q4", [10, 11, 12]), ("3", [3]), ("12", [12]),
    ("13", list(range(1, 13))), ("Q5", list(range(1, 13))), ("quy", list(range(1, 13))),
])
def test_period_months(period, months):
    assert selectors.period_months(period) == months


# Reading a reflection ---------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["secretary", "superuser", "ward_admin", "province_admin", "viewer", "other_member_user"])
def test_a_draft_is_hidden_from_all_but_its_author(world, third, persona):
    draft = write(assign(world.member, 3, world.secretary))
    assigned = assign(world.member, 4, world.secretary)
    for reflection in (draft, assigned):
        with pytest.raises(Http404):
            selectors.reflection_for(getattr(world, persona), reflection.pk)
        with pytest.raises(Http404):
            selectors.reflection_for(third.user, reflection.pk)
        assert selectors.reflection_for(world.member_user, reflection.pk) == reflection


@pytest.mark.parametrize("persona", ["member_user", "secretary", "ward_admin", "province_admin", "viewer", "superuser"])
def test_a_submitted_reflection_is_read_by_the_cell_and_those_above(world, persona):
    reflection = submitted(world.member, 3, world.secretary, [item(1, 6)])
    found = selectors.reflection_for(getattr(world, persona), reflection.pk)
    assert (found.pk, [c.code for c in found.citations.all()]) == (reflection.pk, ["1.6"])


def test_a_submitted_reflection_is_read_by_the_other_members_of_the_cell(world, third):
    reflection = submitted(world.member, 3, world.secretary)
    assert selectors.reflection_for(third.user, reflection.pk) == reflection


@pytest.mark.parametrize("persona", ["other_member_user", "sibling_admin", "no_role_user"])
def test_a_submitted_reflection_is_hidden_outside_the_cell(world, persona):
    reflection = submitted(world.member, 3, world.secretary)
    with pytest.raises(Http404):
        selectors.reflection_for(getattr(world, persona), reflection.pk)


def test_a_reflection_is_hidden_from_an_anonymous_visitor_and_a_missing_one_is_404(world):
    reflection = submitted(world.member, 3, world.secretary)
    with pytest.raises(Http404):
        selectors.reflection_for(AnonymousUser(), reflection.pk)
    with pytest.raises(Http404):
        selectors.reflection_for(world.superuser, reflection.pk + 1000)


def test_own_reflection_is_for_its_author_only(world):
    reflection = assign(world.member, 3, world.secretary)
    assert selectors.own_reflection(world.member_user, reflection.pk) == reflection
    for user in (world.secretary, world.superuser):
        with pytest.raises(Http404):
            selectors.own_reflection(user, reflection.pk)


def test_a_comment_is_found_only_by_those_who_read_its_reflection(world):
    reflection = submitted(world.member, 3, world.secretary)
    comment = services.add_comment(reflection, by=world.secretary, body="Góp ý", client_key="k1")
    assert selectors.comment_for(world.viewer, comment.pk) == comment
    with pytest.raises(Http404):
        selectors.comment_for(world.other_member_user, comment.pk)


def test_thread_puts_replies_under_their_comment_in_order(world, third):
    reflection = submitted(world.member, 3, world.secretary)
    first = services.add_comment(reflection, by=world.secretary, body="Góp ý một", client_key="k1")
    second = services.add_comment(reflection, by=third.user, body="Góp ý hai", client_key="k2")
    reply = services.add_comment(reflection, by=world.member_user, body="Xin tiếp thu", client_key="k3", parent=first)
    reply_to_reply = services.add_comment(reflection, by=third.user, body="Đồng tình", client_key="k4", parent=reply)
    top = selectors.thread(reflection)
    assert [(c.pk, [r.pk for r in c.replies_list]) for c in top] == [(first.pk, [reply.pk, reply_to_reply.pk]), (second.pk, [])]


# Notebook ---------------------------------------------------------------------------------

def entry(member, day, *, shared=False, studied="Học chuyên đề"):
    return services.save_entry(member, by=member.user, written_on=day, studied=studied, shared=shared)


def test_entry_for_follows_who_may_read(world):
    private = entry(world.member, TODAY)
    shared = entry(world.member, TODAY, shared=True)
    assert selectors.entry_for(world.member_user, private.pk) == private
    for user in (world.secretary, world.ward_admin, world.superuser, world.viewer):
        with pytest.raises(Http404):
            selectors.entry_for(user, private.pk)
    assert [selectors.entry_for(u, shared.pk) for u in (world.member_user, world.secretary, world.ward_admin)] == [shared] * 3
    for user in (world.viewer, world.other_member_user, world.sibling_admin):
        with pytest.raises(Http404):
            selectors.entry_for(user, shared.pk)


def test_entries_of_a_member_newest_first(world):
    older = entry(world.member, datetime.date(2025, 12, 1))
    newer = entry(world.member, datetime.date(2026, 3, 1), shared=True)
    entry(world.other_member, datetime.date(2026, 3, 2))
    assert selectors.entries_of(world.member) == [newer, older]
    assert selectors.entries_of(world.member, 2025) == [older]


def test_notebooks_list_members_who_shared_with_how_many(world, third):
    entry(world.member, datetime.date(2026, 3, 1), shared=True)
    entry(world.member, datetime.date(2026, 3, 10), shared=True)
    entry(world.member, datetime.date(2026, 3, 15))  # private: neither counted nor dated
    entry(third, datetime.date(2026, 2, 1))
    entry(world.other_member, datetime.date(2026, 3, 1), shared=True)
    rows = selectors.notebooks(world.cell)
    assert [(m.full_name, m.shared, m.last_written) for m in rows] == [("Trần Văn Đảng", 2, datetime.date(2026, 3, 10))]
    assert [m.full_name for m in selectors.notebooks(world.ward)] == ["Trần Văn Đảng", "Lê Thị Khác"]  # Đảng before Khác


def test_shared_notebook_shows_shared_entries_and_remarks_only(world):
    shared = entry(world.member, datetime.date(2026, 3, 1), shared=True)
    entry(world.member, datetime.date(2026, 3, 2))
    services.set_remark(world.member, "2026-03", by=world.secretary, text="Ghi đều")
    services.set_remark(world.member, "2026-Q1", by=world.secretary, text="Cụ thể")
    member, entries, remarks = selectors.shared_notebook(world.cell, world.member.pk)
    assert (member, entries, [r.period for r in remarks]) == (world.member, [shared], ["2026-Q1", "2026-03"])
    assert [r.text for r in selectors.remarks_for(world.member)] == ["Cụ thể", "Ghi đều"]
    with pytest.raises(Http404):  # a member outside the subtree
        selectors.shared_notebook(world.cell, world.other_member.pk)


# Figures ----------------------------------------------------------------------------------

def test_figures_of_the_ward_per_cell_and_in_total(world, year):
    total, rows = selectors.figures(world.ward, YEAR)
    assert figures_of(total) == ("Đảng bộ phường Bến Thành", 3, 2, 1, 4, 2)
    assert [figures_of(f) for f in rows] == [("Chi bộ Khu phố 1", 2, 1, 1, 3, 2), ("Chi bộ Khu phố 2", 1, 1, 0, 1, 0)]
    assert (total.written_percent, total.read_percent) == ("66,7%", "33,3%")


def test_figures_of_a_quarter(world, year):
    total, rows = selectors.figures(world.ward, YEAR, selectors.period_months("Q1"))
    assert figures_of(total) == ("Đảng bộ phường Bến Thành", 2, 1, 1, 4, 2)
    assert [figures_of(f) for f in rows] == [("Chi bộ Khu phố 2", 0, 0, 0, 1, 0), ("Chi bộ Khu phố 1", 2, 1, 1, 3, 2)]
    assert rows[0].written_percent == "—"


def test_figures_of_a_month(world, year):
    total, rows = selectors.figures(world.ward, YEAR, selectors.period_months("3"))
    assert figures_of(total) == ("Đảng bộ phường Bến Thành", 1, 0, 0, 4, 2)
    assert sorted(figures_of(f) for f in rows) == [("Chi bộ Khu phố 1", 1, 0, 0, 3, 2), ("Chi bộ Khu phố 2", 0, 0, 0, 1, 0)]


def test_figures_of_the_province_count_both_wards(world, year):
    total, rows = selectors.figures(world.province, YEAR)
    assert figures_of(total) == ("Đảng bộ tỉnh Thử Nghiệm", 4, 3, 1, 5, 2)
    assert sorted(figures_of(f) for f in rows) == [("Đảng bộ phường Bến Thành", 3, 2, 1, 4, 2),
                                                   ("Đảng bộ phường Tân Định", 1, 1, 0, 1, 0)]


def test_figures_of_another_year_are_empty(world, year):
    total, _ = selectors.figures(world.ward, YEAR + 1)
    assert figures_of(total) == ("Đảng bộ phường Bến Thành", 0, 0, 0, 4, 4)


def test_never_written_lists_eligible_members_without_a_reflection_handed_in(world, year):
    assert [m.full_name for m in selectors.never_written(world.ward, YEAR)] == ["Hoàng Văn Ba", "Nguyễn Thị Bí Thư"]
    assert selectors.never_written(world.other_cell, YEAR) == []
    assert [m.full_name for m in selectors.never_written(world.sibling_ward, YEAR + 1)] == ["Phạm Văn Xa"]


def test_manifestation_tally_counts_handed_in_reflections_by_item_and_group(world, year):
    tally = selectors.manifestation_tally(world.ward, YEAR)
    assert (tally.reflections, cited(tally), len(tally.items)) == (2, [("1.6", 2), ("1.3", 1), ("2.4", 1)], 27)
    assert tally.groups == [("Suy thoái về tư tưởng chính trị", 3), ("Suy thoái về đạo đức, lối sống", 1),
                            ("“Tự diễn biến”, “tự chuyển hóa”", 0)]
    assert [(i.code, i.count) for i in tally.items[3:5]] == [("1.1", 0), ("1.2", 0)]  # the others follow in order


def test_manifestation_tally_of_a_quarter_and_of_the_province(world, year):
    quarter = selectors.manifestation_tally(world.ward, YEAR, selectors.period_months("Q1"))
    assert (quarter.reflections, cited(quarter)) == (1, [("1.6", 1), ("2.4", 1)])
    province = selectors.manifestation_tally(world.province, YEAR)
    assert (province.reflections, cited(province)) == (3, [("1.6", 2), ("1.3", 1), ("2.4", 1), ("2.7", 1)])


def test_manifestation_tally_leaves_out_drafts(world):
    write(assign(world.member, 3, world.secretary), [item(3, 1)])
    tally = selectors.manifestation_tally(world.cell, YEAR)
    assert (tally.reflections, tally.cited, tally.groups[2]) == (0, [], ("“Tự diễn biến”, “tự chuyển hóa”", 0))


def test_self_review_shows_the_members_handed_in_reflections(world, year):
    reflections, tally = selectors.self_review(world.member, YEAR)
    assert ([r.month for r in reflections], tally.reflections, cited(tally)) == ([2], 1, [("1.6", 1), ("2.4", 1)])
    reflections, tally = selectors.self_review(world.secretary_member, YEAR)  # a draft is not reviewed
    assert (reflections, tally.reflections, tally.cited) == ([], 0, [])


def test_my_reflections_include_assignments_and_drafts(world, year):
    mine = selectors.my_reflections(world.secretary_member, YEAR)
    assert [(r.month, r.state, [c.code for c in r.citations.all()]) for r in mine] == [(3, "nhap", ["3.1"])]


# Rota and the cell's reflections -----------------------------------------------------------

def test_rota_has_twelve_months_with_the_names_on_it(world, year):
    rota = selectors.rota(world.cell, YEAR)
    assert [month for month, _ in rota] == list(range(1, 13))
    assert {month: [r.member.full_name for r in rows] for month, rows in rota if rows} == {
        2: ["Trần Văn Đảng"], 3: ["Nguyễn Thị Bí Thư"]}


def test_rota_of_a_month_lists_its_two_names_by_given_name(world, third):
    assign(world.member, 5, world.secretary)
    assign(third, 5, world.secretary)
    assert [r.member.full_name for r in dict(selectors.rota(world.cell, YEAR))[5]] == ["Hoàng Văn Ba", "Trần Văn Đảng"]


def test_cell_reflections_are_the_handed_in_ones_with_their_live_comments(world, year, third):
    read, *_ = year
    services.add_comment(read, by=world.secretary, body="Góp ý một", client_key="k1")
    gone = services.add_comment(read, by=third.user, body="Góp ý hai", client_key="k2")
    services.add_comment(read, by=world.member_user, body="Xin tiếp thu", client_key="k3", parent=gone)
    services.delete_comment(gone, by=third.user)
    rows = selectors.cell_reflections(world.cell, YEAR)
    assert [(r.member.full_name, r.month, r.state, r.comment_count) for r in rows] == [("Trần Văn Đảng", 2, "da_doc", 2)]
    assert selectors.cell_reflections(world.other_cell, YEAR)[0].comment_count == 0


def test_register_rows_hold_every_reflection_of_the_subtree(world, year):
    rows = selectors.register_rows(world.ward, YEAR)
    assert [(r.org.name, r.month, r.member.full_name) for r in rows] == [
        ("Chi bộ Khu phố 1", 2, "Trần Văn Đảng"), ("Chi bộ Khu phố 1", 3, "Nguyễn Thị Bí Thư"), ("Chi bộ Khu phố 2", 4, "Lê Thị Khác")]


@pytest.mark.parametrize("count", [1, 3])
def test_cell_reflections_take_one_query_whatever_the_rows(world, django_assert_num_queries, count):
    for month in range(1, count + 1):
        member = world.member if month % 2 else world.secretary_member
        reflection = submitted(member, month, world.secretary, [item(1, month)])
        services.add_comment(reflection, by=world.secretary, body="Góp ý", client_key="k1")
    with django_assert_num_queries(1):
        rows = selectors.cell_reflections(world.cell, YEAR)
        shown = [(r.member.full_name, r.org.name, r.month, r.comment_count) for r in rows]
    assert len(shown) == count


@pytest.mark.parametrize("count", [1, 3])
def test_rota_takes_one_query_whatever_the_rows(world, django_assert_num_queries, count):
    for month in range(1, count + 1):
        assign(world.member if month % 2 else world.secretary_member, month, world.secretary)
    with django_assert_num_queries(1):
        shown = [(r.member.full_name, r.org.name, r.state) for _, rows in selectors.rota(world.cell, YEAR) for r in rows]
    assert len(shown) == count


# "Việc cần làm" -------------------------------------------------------------------------

def test_the_members_todo_shows_the_assignment_until_it_is_handed_in(world):
    reflection = assign(world.member, 3, world.secretary)
    url = reverse("journal:write", args=[reflection.pk])
    assert journal_todo.member_todos(world.member) == [Todo("Viết bài cảm nhận tháng 3/2026", url, datetime.date(2026, 3, 31))]
    assert "Viết bài cảm nhận tháng 3/2026" in [t.title for t in todo.todos_for(world.member)]
    write(reflection)
    assert journal_todo.member_todos(world.member) == [
        Todo("Viết bài cảm nhận tháng 3/2026", url, datetime.date(2026, 3, 31), "Bản nháp đã lưu, chưa nộp.")]
    services.submit_reflection(reflection, by=world.member_user)
    assert (journal_todo.member_todos(world.member), journal_todo.member_todos(world.secretary_member)) == ([], [])


def test_the_cells_todo_shows_reflections_waiting_to_be_read(world, third):
    url = reverse("journal:rota", args=[world.cell.pk])
    assert journal_todo.org_todos(world.cell) == [Todo("Chưa phân công viết bài cảm nhận tháng 3/2026", url)]
    first = submitted(world.member, 3, world.secretary)
    submitted(third, 2, world.secretary)
    assert journal_todo.org_todos(world.cell) == [Todo("2 bài cảm nhận đã nộp, chờ ghi nhận đọc tại sinh hoạt", url)]
    assert "2 bài cảm nhận đã nộp, chờ ghi nhận đọc tại sinh hoạt" in [t.title for t in todo.todos_for_org(world.cell)]
    services.mark_read(first, by=world.secretary, read_on=TODAY)
    assert journal_todo.org_todos(world.cell) == [Todo("1 bài cảm nhận đã nộp, chờ ghi nhận đọc tại sinh hoạt", url)]
    assert (journal_todo.org_todos(world.ward), journal_todo.org_todos(world.other_cell)) == (
        [], [Todo("Chưa phân công viết bài cảm nhận tháng 3/2026", reverse("journal:rota", args=[world.other_cell.pk]))])
