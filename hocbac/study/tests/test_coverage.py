import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_member
from hocbac.orgs import services as org_services
from hocbac.orgs.models import OrgKind
from hocbac.study import selectors, services
from hocbac.study.models import SessionKind

from .conftest import at


def _campaign(world):
    return services.create_campaign(by=world.ward_admin, org=world.ward, title="Học tập Kết luận 01",
                                    starts_on=datetime.date(2026, 3, 1), due_on=datetime.date(2026, 3, 31))


def test_campaign_coverage_counts_members_studied_over_eligible_with_non_members(world):
    campaign = _campaign(world)
    make_member(world.other_cell, "Hồ Văn Ba", card="82000001")
    make_member(world.other_cell, "Mai Thị Miễn", card="82000002", status="mien_sinh_hoat")
    session = services.create_session(by=world.ward_admin, org=world.ward, kind=SessionKind.CONFERENCE, title="Hội nghị",
                                      starts_at=at(datetime.date(2026, 3, 10)), ends_at=at(datetime.date(2026, 3, 10), 11),
                                      invited_orgs=[world.ward], campaign=campaign)
    services.mark_all_present(session, cells=[world.cell], by=world.secretary)
    services.record_attendance(session, world.other_member, "co_mat", by=world.ward_admin)
    services.set_non_members(session, count=5, by=world.ward_admin)
    total, rows = selectors.campaign_coverage(campaign, world.ward, today=datetime.date(2026, 4, 1))
    assert (total.studied, total.eligible, total.non_members, total.sessions) == (3, 4, 5, 1)
    assert total.text == "3/4 đảng viên, đạt 75,0% và 5 quần chúng"
    # Weakest first: Khu phố 2 has 1/2, Khu phố 1 has 2/2.
    assert [(r.org.name, r.studied, r.eligible, r.percent) for r in rows] == [
        ("Chi bộ Khu phố 2", 1, 2, "50,0%"), ("Chi bộ Khu phố 1", 2, 2, "100,0%")]


def test_coverage_of_a_ward_takes_the_same_queries_for_more_cells(world):
    campaign = _campaign(world)
    with CaptureQueriesContext(connection) as ctx:
        selectors.campaign_coverage(campaign, world.ward, today=datetime.date(2026, 4, 1))
    before = len(ctx.captured_queries)
    for i in range(5):
        cell = org_services.create_organization(by=None, parent=world.ward, code=f"P01-X{i}", name=f"Chi bộ X{i}", kind=OrgKind.GRASSROOTS_CELL)
        make_member(cell, f"Đảng Viên Số {i}", card=f"8300000{i}")
    with CaptureQueriesContext(connection) as ctx:
        total, rows = selectors.campaign_coverage(campaign, world.ward, today=datetime.date(2026, 4, 1))
    assert (len(ctx.captured_queries), len(rows), total.eligible) == (before, 7, 8)


def test_activity_counts_sessions_held_and_participations(world, ward_conference, cell_meeting):
    services.mark_all_present(ward_conference, cells=[world.ward], by=world.ward_admin)
    services.set_non_members(ward_conference, count=10, names="Nguyễn Văn Dân\nTrần Thị Chúng", by=world.ward_admin)
    # The cell meeting has no attendance: not counted as held, never as zero attendance.
    result = selectors.activity(world.ward, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert (result["sessions"], result["members_present"], result["non_members"]) == (1, 3, 10)
    assert result["text"] == "1 buổi, 13 lượt cán bộ, đảng viên và quần chúng"


def test_member_home_lists_open_campaigns_until_studied(world, client):
    import datetime as dt

    from django.urls import reverse

    from hocbac.core.todo import todos_for
    from hocbac.library import services as library_services

    document = library_services.create_document(by=world.ward_admin, org=world.ward, kind="nghi_quyet", title="Nghị quyết Đại hội")
    today = timezone.localdate()
    campaign = services.create_campaign(by=world.ward_admin, org=world.ward, title="Học Nghị quyết Đại hội",
                                        starts_on=today - dt.timedelta(days=1), due_on=today + dt.timedelta(days=10), documents=[document])
    titles = [t.title for t in todos_for(world.member)]
    assert "Học tập: Học Nghị quyết Đại hội" in titles
    assert "Học tập: Học Nghị quyết Đại hội" not in [t.title for t in todos_for(world.sibling_member)]
    session = services.create_session(by=world.ward_admin, org=world.ward, kind=SessionKind.CONFERENCE, title="Hội nghị",
                                      starts_at=at(today - dt.timedelta(days=1)), ends_at=at(today - dt.timedelta(days=1), 11),
                                      invited_orgs=[world.ward], campaign=campaign)
    services.record_attendance(session, world.member, "co_mat", by=world.secretary)
    assert "Học tập: Học Nghị quyết Đại hội" not in [t.title for t in todos_for(world.member)]
    client.force_login(world.other_member_user)
    body = client.get(reverse("orgs:my_home")).content.decode()
    assert "Học tập: Học Nghị quyết Đại hội" in body
