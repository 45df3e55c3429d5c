"""The dashboard's figures and the reports through the API, as on the pages."""

from django.utils import timezone

from hocbac.reports import services
from hocbac.reports.tests.test_dashboard import _world_with_facts

from .helpers import bearer, call

YEAR = timezone.localdate().year


def test_figures_of_a_ward_and_its_children_weakest_first(world, client):
    _world_with_facts(world)
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/figures?period={YEAR}", bearer(world.ward_admin))
    assert status == 200 and body["period"]["label"] == f"năm {YEAR}" and body["refreshed_at"]
    participation = {f["key"]: f for f in body["total"]["figures"]}["hoc_tap"]
    assert (participation["numerator"], participation["denominator"], participation["text"]) == (
        2, 3, "2/3 đảng viên, đạt 66,7%")
    assert [c["org_name"] for c in body["children"]] == ["Chi bộ Khu phố 1", "Chi bộ Khu phố 2"]
    assert call(client, "get", f"/orgs/{world.ward.pk}/figures?period=2026-13", bearer(world.ward_admin))[0] == 404
    assert call(client, "get", f"/orgs/{world.ward.pk}/figures", bearer(world.sibling_admin))[0] == 404


def test_reports_listed_with_their_number(world, client):
    report = services.create_report(by=world.ward_admin, org=world.ward, kind="tong_ket", period_codes=[str(YEAR)],
                                    title="Tổng kết năm", place="Bến Thành", signer_name="Nguyễn Văn A")
    services.issue(report, by=world.ward_admin)
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/reports", bearer(world.viewer))
    assert status == 200 and [(r["title"], r["symbol"], r["kind_label"]) for r in body] == [
        ("Tổng kết năm", "01-BC/ĐU", "Báo cáo tổng kết năm")]
