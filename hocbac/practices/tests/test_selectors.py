"""The reads of models of studying and following: the registry of a subtree and its filters,
what the committees above launched, what a page may show, what awaits recognition, a model's
family of adoptions, the figures of a period (status as of its last day, from the history) and
the registry's export rows."""

import datetime

import pytest
from django.http import Http404

from hocbac.practices import exports, selectors, services
from hocbac.practices.models import Field
from hocbac.practices.selectors import FIGURE_KEYS

from .conftest import LAUNCHED_ON, OWN_ON

pytestmark = pytest.mark.django_db
D = datetime.date


def create(by, org, name, started_on, field=None, **extra):
    field = field or Field.objects.get(name="Dân vận khéo")
    return services.create_practice(by=by, org=org, name=name, field=field, started_on=started_on, **extra)


def recognise(practice, on, status="tieu_bieu", by_body="Đảng ủy phường Bến Thành", decision="15-QĐ/ĐU", *, by):
    return services.set_status(practice, by=by, status=status, changed_on=on, recognised_by=by_body,
                               decision=decision, decided_on=on)


def stop(practice, on, *, by):
    return services.set_status(practice, by=by, status="ngung", changed_on=on, note="Ngừng")


def review(practice, by, reviewer_org, *, year=2025, period="ca_nam", proposal="duy_tri", verdict="tot"):
    return services.review(practice, by=by, reviewer_org=reviewer_org, year=year, period=period, verdict=verdict,
                           assessment="Nhận xét", proposal=proposal)


def names(practices):
    return [p.name for p in practices]


@pytest.fixture
def registry(world, launched, own, other_field, other_secretary):
    """The ward: its launched model (01/03/2025), the cell's own model (01/04/2025), the other
    cell's adoption of the launched one (01/06/2025) and its own typical "Một cửa thân thiện"
    (01/05/2025, Cải cách hành chính). The sibling ward: its cell's own "Dân vận khéo Tân Định"."""
    adoption = services.adopt(launched, by=other_secretary, org=world.other_cell, started_on=D(2025, 6, 1))
    one_stop = create(other_secretary, world.other_cell, "Một cửa thân thiện", D(2025, 5, 1), field=other_field)
    one_stop = recognise(one_stop, D(2025, 10, 1), by=world.ward_admin)
    sibling = create(world.sibling_admin, world.sibling_cell, "Dân vận khéo Tân Định", D(2025, 7, 1))
    return launched, own, adoption, one_stop, sibling


# practices_in ------------------------------------------------------------------------------

def test_practices_in_lists_the_subtree(world, registry):
    launched, own, adoption, one_stop, _ = registry
    assert sorted(p.pk for p in selectors.practices_in(world.ward)) == sorted(
        [launched.pk, own.pk, adoption.pk, one_stop.pk])


def test_practices_in_lists_the_subtree_newest_first(world, registry):
    assert [(p.started_on, p.org) for p in selectors.practices_in(world.ward)] == [
        (D(2025, 6, 1), world.other_cell), (D(2025, 5, 1), world.other_cell), (OWN_ON, world.cell),
        (LAUNCHED_ON, world.ward)]


def test_practices_in_never_lists_a_model_of_the_sibling_ward(world, registry):
    assert "Dân vận khéo Tân Định" not in names(selectors.practices_in(world.ward))
    assert names(selectors.practices_in(world.sibling_ward)) == ["Dân vận khéo Tân Định"]
    assert names(selectors.practices_in(world.cell)) == ["Chi bộ 4 tốt"]


def test_practices_in_counts_adoptions(world, registry):
    launched, own, adoption, *_ = registry
    counts = {p.pk: p.adoption_count for p in selectors.practices_in(world.ward)}
    assert (counts[launched.pk], counts[own.pk], counts[adoption.pk]) == (1, 0, 0)


@pytest.mark.parametrize(("filters", "expected"), [
    ({"status": "tieu_bieu"}, ["Một cửa thân thiện"]),
    ({"status": "dang_thuc_hien"}, ["Dân vận khéo trong khu dân cư", "Chi bộ 4 tốt", "Dân vận khéo trong khu dân cư"]),
    ({"status": "ngung"}, []),
    ({"origin": "phat_dong"}, ["Dân vận khéo trong khu dân cư", "Dân vận khéo trong khu dân cư"]),
    ({"origin": "rieng"}, ["Một cửa thân thiện", "Chi bộ 4 tốt"]),
    ({"kind": "goc"}, ["Một cửa thân thiện", "Chi bộ 4 tốt", "Dân vận khéo trong khu dân cư"]),
    ({"kind": "nhan_rong"}, ["Dân vận khéo trong khu dân cư"]),
    ({"query": "dan van kheo"}, ["Dân vận khéo trong khu dân cư", "Dân vận khéo trong khu dân cư"]),
    ({"query": "  DÂN   VẬN  "}, ["Dân vận khéo trong khu dân cư", "Dân vận khéo trong khu dân cư"]),
    ({"query": "kheo khu pho 2"}, ["Dân vận khéo trong khu dân cư"]),
    ({"query": "tan dinh"}, []),
    ({"query": "mot cua", "status": "tieu_bieu", "kind": "goc", "origin": "rieng"}, ["Một cửa thân thiện"]),
])
def test_practices_in_filters(world, registry, filters, expected):
    assert sorted(names(selectors.practices_in(world.ward, **filters))) == sorted(expected)


def test_practices_in_filters_by_field(world, registry, other_field, field):
    assert names(selectors.practices_in(world.ward, field_id=other_field.pk)) == ["Một cửa thân thiện"]
    assert len(selectors.practices_in(world.ward, field_id=field.pk)) == 3


def test_practices_in_kind_nhan_rong_is_the_adoption(world, registry):
    _, _, adoption, *_ = registry
    assert [p.pk for p in selectors.practices_in(world.ward, kind="nhan_rong")] == [adoption.pk]


# launched_above ----------------------------------------------------------------------------

@pytest.fixture
def province_model(world, field):
    return create(world.province_admin, world.province, "Tiết kiệm điện", D(2025, 1, 1), origin="phat_dong")


def test_launched_above_lists_the_running_launches_of_the_committees_above(world, launched, own, province_model):
    ward_own = create(world.ward_admin, world.ward, "Mô hình riêng của phường", D(2025, 2, 1))
    stopped = create(world.ward_admin, world.ward, "Đã ngừng", D(2025, 2, 1), origin="phat_dong")
    stop(stopped, D(2025, 3, 1), by=world.ward_admin)
    assert ward_own.origin == "rieng"
    assert [(p.name, p.org, p.adopted_here) for p in selectors.launched_above(world.cell)] == [
        ("Tiết kiệm điện", world.province, False), ("Dân vận khéo trong khu dân cư", world.ward, False)]


def test_launched_above_tells_what_the_organisation_already_adopts(world, launched, province_model):
    services.adopt(launched, by=world.secretary, org=world.cell, started_on=D(2025, 6, 1))
    services.adopt(province_model, by=world.ward_admin, org=world.ward, started_on=D(2025, 6, 1))
    assert [(p.name, p.adopted_here) for p in selectors.launched_above(world.cell)] == [
        ("Tiết kiệm điện", False), ("Dân vận khéo trong khu dân cư", True)]
    assert [(p.name, p.adopted_here) for p in selectors.launched_above(world.other_cell)] == [
        ("Tiết kiệm điện", False), ("Dân vận khéo trong khu dân cư", False)]
    assert [(p.name, p.adopted_here) for p in selectors.launched_above(world.ward)] == [("Tiết kiệm điện", True)]


def test_launched_above_the_sibling_ward_shows_only_the_province(world, launched, province_model):
    assert names(selectors.launched_above(world.sibling_cell)) == ["Tiết kiệm điện"]
    assert names(selectors.launched_above(world.province)) == []


# practice_for, practice_in -----------------------------------------------------------------

def test_practice_for_an_own_model_of_a_sibling_cell_is_404(world, registry):
    sibling = registry[-1]
    with pytest.raises(Http404):
        selectors.practice_for(world.cell, sibling.pk)
    with pytest.raises(Http404):
        selectors.practice_for(world.ward, sibling.pk)
    assert selectors.practice_for(world.sibling_ward, sibling.pk) == sibling


def test_practice_for_a_published_model_is_visible_from_anywhere(world, registry):
    sibling = registry[-1]
    services.set_public(sibling, by=world.sibling_admin, is_public=True)
    assert selectors.practice_for(world.cell, sibling.pk) == sibling


def test_practice_for_a_model_launched_above_is_visible_below(world, registry, province_model):
    launched = registry[0]
    assert selectors.practice_for(world.cell, launched.pk) == launched
    assert selectors.practice_for(world.sibling_cell, province_model.pk) == province_model
    with pytest.raises(Http404):
        selectors.practice_for(world.sibling_cell, launched.pk)


def test_practice_for_an_own_model_of_the_other_cell_is_404_from_the_cell(world, registry):
    one_stop = registry[3]
    with pytest.raises(Http404):
        selectors.practice_for(world.cell, one_stop.pk)
    assert selectors.practice_for(world.ward, one_stop.pk) == one_stop


def test_practice_for_an_own_model_of_the_ward_is_404_from_its_cells(world):
    ward_own = create(world.ward_admin, world.ward, "Mô hình riêng của phường", D(2025, 2, 1))
    with pytest.raises(Http404):
        selectors.practice_for(world.cell, ward_own.pk)


def test_practice_for_a_missing_id_is_404(world, registry):
    with pytest.raises(Http404):
        selectors.practice_for(world.ward, max(p.pk for p in registry) + 1)


def test_practice_in_is_the_subtree_only(world, registry):
    launched, own, *_ = registry
    assert selectors.practice_in(world.ward, own.pk) == own
    with pytest.raises(Http404):
        selectors.practice_in(world.cell, launched.pk)


# awaiting_recognition ----------------------------------------------------------------------

def test_awaiting_recognition_lists_latest_proposals_above_the_status(world, registry, other_secretary):
    _, own, adoption, one_stop, sibling = registry
    review(own, world.secretary, world.cell, proposal="tieu_bieu")
    review(one_stop, world.ward_admin, world.ward, proposal="xuat_sac")
    review(adoption, other_secretary, world.other_cell, proposal="tieu_bieu")
    review(adoption, world.ward_admin, world.ward, period="6_thang_dau", proposal="duy_tri")  # earlier period
    review(sibling, world.sibling_admin, world.sibling_ward, proposal="tieu_bieu")
    rows = selectors.awaiting_recognition(world.ward)
    assert sorted((r.practice.name, r.practice.org.name, r.proposal) for r in rows) == [
        ("Chi bộ 4 tốt", "Chi bộ Khu phố 1", "tieu_bieu"),
        ("Dân vận khéo trong khu dân cư", "Chi bộ Khu phố 2", "tieu_bieu"),
        ("Một cửa thân thiện", "Chi bộ Khu phố 2", "xuat_sac"),
    ]
    assert [r.practice.name for r in selectors.awaiting_recognition(world.sibling_ward)] == ["Dân vận khéo Tân Định"]


def test_awaiting_recognition_drops_a_model_once_recognised_stopped_or_proposed_otherwise(world, registry):
    launched, own, adoption, one_stop, _ = registry
    review(own, world.secretary, world.cell, proposal="tieu_bieu")
    review(one_stop, world.ward_admin, world.ward, proposal="tieu_bieu")  # already typical
    review(launched, world.ward_admin, world.ward, year=2025, proposal="tieu_bieu")
    review(launched, world.ward_admin, world.ward, year=2026, period="6_thang_dau", proposal="duy_tri")
    review(adoption, world.ward_admin, world.ward, proposal="xuat_sac")
    assert sorted(r.practice.name for r in selectors.awaiting_recognition(world.ward)) == [
        "Chi bộ 4 tốt", "Dân vận khéo trong khu dân cư"]
    recognise(own, D(2025, 12, 1), by=world.ward_admin)
    stop(adoption, D(2025, 12, 1), by=world.ward_admin)
    assert selectors.awaiting_recognition(world.ward) == []


# family ------------------------------------------------------------------------------------

def test_family_lists_adoptions_oldest_first_with_their_latest_review(world, launched, other_secretary):
    services.set_public(launched, by=world.ward_admin, is_public=True)
    launched.refresh_from_db()
    in_cell = services.adopt(launched, by=world.secretary, org=world.cell, started_on=D(2025, 8, 1))
    in_other = services.adopt(launched, by=other_secretary, org=world.other_cell, started_on=D(2025, 6, 1))
    in_sibling = services.adopt(in_cell, by=world.sibling_admin, org=world.sibling_cell, started_on=D(2025, 9, 1))
    year_review = review(in_other, world.ward_admin, world.ward, period="ca_nam", verdict="tot")
    review(in_other, other_secretary, world.other_cell, period="6_thang_dau", verdict="chua_hieu_qua")
    first_half = review(in_cell, world.secretary, world.cell, period="6_thang_dau", verdict="kha")
    stop(in_sibling, D(2025, 10, 1), by=world.sibling_admin)
    family = selectors.family(launched)
    assert [(row.practice.pk, row.practice.org.name, row.practice.status, row.latest_review) for row in family] == [
        (in_other.pk, "Chi bộ Khu phố 2", "dang_thuc_hien", year_review),
        (in_cell.pk, "Chi bộ Khu phố 1", "dang_thuc_hien", first_half),
        (in_sibling.pk, "Chi bộ Khu phố 1 Tân Định", "ngung", None),
    ]
    assert selectors.family(in_cell) == []


# figures -----------------------------------------------------------------------------------

def as_dict(counter):
    return {key: counter[key] for key in FIGURE_KEYS}


def figures_of(*values):
    return dict(zip(FIGURE_KEYS, values, strict=True))


@pytest.fixture
def history(world, launched, other_secretary):
    """The ward from 2025 into 2026. Ward: launched L1 (01/03/2025, typical 01/09/2025), L2
    (01/08/2025), L3 (05/01/2026). Cell: O1 (01/02/2025, typical 01/03/2025, excellent
    01/02/2026), O2 (01/05/2025, stopped 01/10/2025), O4 (01/03/2025, typical 10/01/2026), O5
    (01/04/2025, stopped 01/02/2026), adoption A1 of L1 (15/07/2025). Other cell: adoption A2 of
    L1 (01/06/2025, excellent 01/11/2025). Sibling ward: an own model, typical in 2025."""
    w = world
    recognise(launched, D(2025, 9, 1), by=w.ward_admin)
    create(w.ward_admin, w.ward, "L2", D(2025, 8, 1), origin="phat_dong")
    create(w.ward_admin, w.ward, "L3", D(2026, 1, 5), origin="phat_dong")
    o1 = create(w.secretary, w.cell, "O1", D(2025, 2, 1))
    recognise(o1, D(2025, 3, 1), by=w.ward_admin)
    recognise(o1, D(2026, 2, 1), status="xuat_sac", by=w.ward_admin)
    stop(create(w.secretary, w.cell, "O2", D(2025, 5, 1)), D(2025, 10, 1), by=w.secretary)
    recognise(create(w.secretary, w.cell, "O4", D(2025, 3, 1)), D(2026, 1, 10), by=w.ward_admin)
    stop(create(w.secretary, w.cell, "O5", D(2025, 4, 1)), D(2026, 2, 1), by=w.secretary)
    services.adopt(launched, by=w.secretary, org=w.cell, started_on=D(2025, 7, 15))
    a2 = services.adopt(launched, by=other_secretary, org=w.other_cell, started_on=D(2025, 6, 1))
    recognise(a2, D(2025, 11, 1), status="xuat_sac", by=w.ward_admin)
    sibling = create(w.sibling_admin, w.sibling_cell, "S1", D(2025, 1, 1))
    recognise(sibling, D(2025, 8, 1), by=w.sibling_admin)


def test_figures_of_the_second_half_of_2025(world, history):
    figures = selectors.figures(world.ward, D(2025, 7, 1), D(2025, 12, 31))
    #                                  launched own repl typical excellent stopped new new_repl recognised
    assert as_dict(figures.total) == figures_of(2, 4, 2, 3, 1, 1, 1, 1, 2)
    assert [(child, as_dict(counter)) for child, counter in figures.children] == [
        (world.other_cell, figures_of(0, 0, 1, 1, 1, 0, 0, 0, 1)),
        (world.cell, figures_of(0, 4, 1, 1, 0, 1, 0, 1, 0)),
    ]


def test_figures_of_the_first_half_of_2025_take_the_status_as_of_its_end(world, history):
    # O2 stopped on 01/10/2025 and O1's excellence (2026) come after 30/06/2025: O2 counts as running.
    figures = selectors.figures(world.ward, D(2025, 1, 1), D(2025, 6, 30))
    assert as_dict(figures.total) == figures_of(1, 4, 1, 1, 0, 0, 5, 1, 1)
    assert [(child, as_dict(counter)) for child, counter in figures.children] == [
        (world.other_cell, figures_of(0, 0, 1, 0, 0, 0, 0, 1, 0)),
        (world.cell, figures_of(0, 4, 0, 1, 0, 0, 4, 0, 1)),
    ]


def test_figures_of_2026_so_far(world, history):
    # O1 excellent, O4 typical and O5 stopped in 2026; L3 new.
    figures = selectors.figures(world.ward, D(2026, 1, 1), D(2026, 6, 30))
    assert as_dict(figures.total) == figures_of(3, 4, 2, 4, 2, 2, 1, 0, 2)


def test_figures_of_a_cell_and_of_the_province(world, history):
    cell = selectors.figures(world.cell, D(2025, 7, 1), D(2025, 12, 31))
    assert (as_dict(cell.total), cell.children) == (figures_of(0, 4, 1, 1, 0, 1, 0, 1, 0), [])
    province = selectors.figures(world.province, D(2025, 7, 1), D(2025, 12, 31))
    assert as_dict(province.total) == figures_of(2, 5, 2, 4, 1, 1, 1, 1, 3)
    assert [(child, as_dict(counter)) for child, counter in province.children] == [
        (world.sibling_ward, figures_of(0, 1, 0, 1, 0, 0, 0, 0, 1)),
        (world.ward, figures_of(2, 4, 2, 3, 1, 1, 1, 1, 2)),
    ]


def test_figures_of_an_empty_subtree_are_zero(world):
    figures = selectors.figures(world.ward, D(2025, 1, 1), D(2025, 12, 31))
    assert as_dict(figures.total) == figures_of(0, 0, 0, 0, 0, 0, 0, 0, 0)
    assert [(child, as_dict(counter)) for child, counter in figures.children] == [
        (world.cell, figures_of(0, 0, 0, 0, 0, 0, 0, 0, 0)),
        (world.other_cell, figures_of(0, 0, 0, 0, 0, 0, 0, 0, 0)),
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_figures_query_count_is_the_same_for_1_and_3_models(world, field, django_assert_num_queries, count):
    for i in range(count):
        practice = create(world.ward_admin, world.cell if i % 2 else world.other_cell, f"Mô hình {i}",
                          D(2025, 1, 1 + i))
        recognise(practice, D(2025, 3, 1), by=world.ward_admin)
    with django_assert_num_queries(3):
        figures = selectors.figures(world.ward, D(2025, 1, 1), D(2025, 12, 31))
    assert (figures.total["own"], figures.total["typical"]) == (count, count)


# the registry sheet (exports.registry_sheet, formerly selectors.registry_rows) ----------------

def test_registry_rows_values(world, launched, other_secretary):
    recognise(launched, D(2025, 9, 1), by=world.province_admin, by_body="Tỉnh ủy Thử Nghiệm", decision="7-QĐ/TU")
    services.set_public(launched, by=world.ward_admin, is_public=True)
    hero = create(world.secretary, world.cell, "Gương sáng giúp hộ nghèo", OWN_ON, holder="ca_nhan",
                  member=world.member)
    adoption = services.adopt(launched, by=other_secretary, org=world.other_cell, started_on=D(2025, 6, 1),
                              name="Dân vận khéo ở khu phố 2")
    stop(adoption, D(2025, 12, 1), by=other_secretary)
    create(world.sibling_admin, world.sibling_cell, "S1", D(2025, 1, 1))
    assert hero.member == world.member
    # Rows by the organisation's name (its collation key), then newest first.
    title, headers, rows = exports.registry_sheet(world.ward)
    assert (title, headers[0], headers[-1], len(headers)) == ("Mô hình", "Tên mô hình", "Công khai", 15)
    assert rows == [
        ["Gương sáng giúp hộ nghèo", "Chi bộ Khu phố 1", "Mô hình riêng của chi bộ, đảng bộ", "Cá nhân",
         "Trần Văn Đảng", "Dân vận khéo", OWN_ON, "Đang thực hiện", OWN_ON, "", "", None, "", 0, ""],
        ["Dân vận khéo ở khu phố 2", "Chi bộ Khu phố 2", "Do cấp ủy phát động trong toàn đảng bộ", "Tập thể", "",
         "Dân vận khéo", D(2025, 6, 1), "Ngừng thực hiện", D(2025, 12, 1), "", "", None,
         "Dân vận khéo trong khu dân cư (Đảng bộ phường Bến Thành)", 0, ""],
        ["Dân vận khéo trong khu dân cư", "Đảng bộ phường Bến Thành", "Do cấp ủy phát động trong toàn đảng bộ",
         "Tập thể", "", "Dân vận khéo", LAUNCHED_ON, "Tiêu biểu", D(2025, 9, 1), "Tỉnh ủy Thử Nghiệm", "7-QĐ/TU",
         D(2025, 9, 1), "", 1, "có"],
    ]


def test_registry_rows_show_the_latest_recognition(world, own):
    recognise(own, D(2025, 9, 1), by=world.ward_admin)
    recognise(own, D(2025, 12, 1), status="xuat_sac", by_body="Tỉnh ủy Thử Nghiệm", decision="7-QĐ/TU",
              by=world.province_admin)
    stop(own, D(2026, 1, 1), by=world.ward_admin)
    [row] = exports.registry_sheet(world.cell)[2]
    assert row[7:12] == ["Ngừng thực hiện", D(2026, 1, 1), "Tỉnh ủy Thử Nghiệm", "7-QĐ/TU", D(2025, 12, 1)]


# history, recognitions, reviews ------------------------------------------------------------

def test_history_and_recognitions_of_a_model(world, own):
    recognise(own, D(2025, 9, 1), by=world.ward_admin)
    stop(own, D(2025, 12, 1), by=world.ward_admin)
    assert [(c.status, c.changed_on, c.by) for c in selectors.history(own)] == [
        ("dang_thuc_hien", OWN_ON, world.secretary), ("tieu_bieu", D(2025, 9, 1), world.ward_admin),
        ("ngung", D(2025, 12, 1), world.ward_admin)]
    assert [(c.status, c.recognised_by, str(c)) for c in selectors.recognitions(own)] == [
        ("tieu_bieu", "Đảng ủy phường Bến Thành", "Tiêu biểu từ 01/09/2025")]


def test_reviews_of_a_model_newest_year_first(world, own):
    review(own, world.secretary, world.cell, year=2025, period="6_thang_dau")
    review(own, world.ward_admin, world.ward, year=2025, period="ca_nam")
    review(own, world.secretary, world.cell, year=2026, period="6_thang_dau")
    assert [(r.year, r.period, r.reviewer) for r in selectors.reviews(own)] == [
        (2026, "6_thang_dau", "tu_danh_gia"), (2025, "ca_nam", "cap_tren"), (2025, "6_thang_dau", "tu_danh_gia")]
