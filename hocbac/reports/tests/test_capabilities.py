"""The dashboard, the API and the report cover every capability: a study campaign's coverage,
models and their replication, commendations and monthly classification, each put in through the
capability's own services (which mark the summaries stale) and counted by `refresh_stale`."""

import datetime
import io

import docx
import openpyxl
from django.urls import reverse
from django.utils import timezone

from hocbac.api.tests.helpers import bearer, call
from hocbac.awards import services as award_services
from hocbac.awards.models import AwardForm
from hocbac.practices import services as practice_services
from hocbac.practices.models import Field as PracticeField
from hocbac.ratings import services as rating_services
from hocbac.ratings.models import CriteriaSet
from hocbac.reports import services as report_services
from hocbac.reports import summaries
from hocbac.reports.documents import report_document
from hocbac.reports.models import Facts, StaleMark
from hocbac.study import services as study_services

TODAY = timezone.localdate()
YEAR = TODAY.year
DAY = TODAY.replace(day=1)


def at(day, hour=19):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _facts(world):
    """A ward campaign studied by two of the ward's three members; a model launched by the ward,
    replicated by a cell and recognised; one collective and one individual commended; the cell's
    members classified for this month (one below the top level) and the cell itself."""
    summaries.refresh_all([YEAR])
    StaleMark.objects.unscoped().delete()  # the fixture's own, counted by the whole refresh
    by = world.ward_admin
    campaign = study_services.create_campaign(by=by, org=world.ward, title="Học tập Nghị quyết 21-NQ/TW",
                                              starts_on=DAY, due_on=DAY + datetime.timedelta(days=60))
    conference = study_services.create_session(by=by, org=world.ward, kind="hoi_nghi", title="Hội nghị quán triệt",
                                               starts_at=at(DAY, 8), ends_at=at(DAY, 11), campaign=campaign)
    study_services.record_attendance(conference, world.member, "co_mat", by=by)
    study_services.record_attendance(conference, world.other_member, "co_mat", by=by)
    study_services.record_attendance(conference, world.secretary_member, "vang_co_ly_do", by=by)

    field = PracticeField.objects.first()
    launched = practice_services.create_practice(by=by, org=world.ward, name="Dân vận khéo", field=field,
                                                 started_on=DAY, origin="phat_dong")
    practice_services.adopt(launched, by=world.secretary, org=world.cell, started_on=DAY)
    practice_services.set_status(launched, by=world.province_admin, status="tieu_bieu", changed_on=DAY,
                                 recognised_by="Đảng ủy phường", decision="15-QĐ/ĐU", decided_on=DAY)

    form = AwardForm.objects.first()
    collective = award_services.nominate(by=by, recipient="tap_the", recipient_org=world.cell,
                                         awarding_org=world.ward, form=form, year=YEAR, reason="Tiêu biểu",
                                         basis="chuong_trinh")
    individual = award_services.nominate(by=by, recipient="ca_nhan", member=world.member, awarding_org=world.ward,
                                         form=form, year=YEAR, reason="Gương mẫu", basis="chuong_trinh")
    for commendation in (collective, individual):
        award_services.approve(commendation, by=by)
    award_services.issue([collective, individual], by=by, decision_number="20-QĐ/ĐU", decided_on=DAY)

    members_set = CriteriaSet.objects.unscoped().get(org=None, name="Đảng viên 6 tốt")
    cell_set = CriteriaSet.objects.unscoped().get(org=None, name="Chi bộ bốn tốt")
    first_criterion = members_set.criteria.order_by("position").first()
    rating_services.classify_members(members_set, world.cell, by=world.secretary, year=YEAR, period=TODAY.month,
                                     exceptions={world.member.pk: {first_criterion.pk: False}})
    rating_services.classify_cell(cell_set, world.cell, by=world.secretary, year=YEAR, period=TODAY.month)
    return campaign


def test_services_mark_the_facts_they_change(world):
    _facts(world)
    kinds = set(StaleMark.objects.unscoped().values_list("org_id", "facts"))
    assert {(world.ward.pk, Facts.CAMPAIGNS), (world.ward.pk, Facts.PRACTICES), (world.cell.pk, Facts.PRACTICES),
            (world.cell.pk, Facts.AWARDS), (world.cell.pk, Facts.CLASSIFICATION),
            (world.cell.pk, Facts.ATTENDANCE), (world.other_cell.pk, Facts.ATTENDANCE)} <= kinds


def test_dashboard_shows_campaigns_models_commendations_and_classification(world, login):
    campaign = _facts(world)
    summaries.refresh_stale()
    client = login(world.ward_admin)
    page = client.get(reverse("reports:dashboard", args=[world.ward.pk]), {"ky": f"{YEAR}-{TODAY.month:02d}"}).content.decode()
    assert f'<dd id="campaign-{campaign.pk}"><strong>2/3 đảng viên, đạt 66,7%</strong></dd>' in page
    assert reverse("study:campaign_detail", args=[world.ward.pk, campaign.pk]) in page
    models = page[page.index('id="figure-mo_hinh"'):]
    assert models.startswith('id="figure-mo_hinh"><strong>1 mô hình</strong>')
    assert ("Mô hình do cấp ủy phát động 1; Lượt nhân rộng mô hình 1; Mô hình tiêu biểu, xuất sắc được duy trì 1; "
            "Mô hình mới trong kỳ 1; Lượt nhân rộng mới trong kỳ 1") in models
    awards = page[page.index('id="figure-khen_thuong"'):]
    assert awards.startswith('id="figure-khen_thuong"><strong>2 lượt</strong><br><span class="small">'
                             "Tập thể được khen thưởng 1; Cá nhân được khen thưởng 1</span>")
    # Two members classified, the one with a criterion ticked off below the top level.
    assert '<dd id="figure-phan_loai"><strong>1/2 lượt, đạt 50,0%</strong>' in page
    assert '<dd id="figure-chi_bo_phan_loai"><strong>1/1 lượt chi bộ, đạt 100,0%</strong>' in page

    workbook = openpyxl.load_workbook(io.BytesIO(client.get(
        reverse("reports:dashboard", args=[world.ward.pk]), {"ky": f"{YEAR}-{TODAY.month:02d}", "xuat": "xlsx"}).content))
    assert list(workbook["Đợt học tập"].iter_rows(min_row=2, max_col=4, values_only=True)) == [
        ("Học tập Nghị quyết 21-NQ/TW", 2, 3, "66,7%")]
    children = {row[0]: row for row in workbook["Tổ chức trực thuộc"].iter_rows(values_only=True)}
    header = children["Tổ chức"]
    khu_pho_1 = dict(zip(header, children["Chi bộ Khu phố 1"], strict=True))
    assert (khu_pho_1["Khen thưởng trong kỳ"], khu_pho_1["Mô hình học tập và làm theo"]) == (2, 0)
    assert khu_pho_1["Đảng viên đạt mức cao nhất khi phân loại (tỷ lệ)"] == "50,0%"


def test_api_figures_carry_the_campaigns(world, client):
    campaign = _facts(world)
    summaries.refresh_stale()
    status, body = call(client, "get", f"/orgs/{world.cell.pk}/figures?period={YEAR}-{TODAY.month:02d}",
                        bearer(world.secretary))
    assert status == 200
    assert [(c["campaign_id"], c["numerator"], c["denominator"], c["text"]) for c in body["campaigns"]] == [
        (campaign.pk, 1, 2, "1/2 đảng viên, đạt 50,0%")]


def test_the_report_writes_every_capabilitys_figures(world):
    _facts(world)
    summaries.refresh_stale()
    report = report_services.create_report(by=world.ward_admin, org=world.ward, kind="tong_ket",
                                           period_codes=[str(YEAR)], title="Tổng kết năm", place="Bến Thành",
                                           signer_name="Nguyễn Văn Ký")
    report = report_services.issue(report, by=world.ward_admin)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(report_document(report, report.figures))).paragraphs)
    assert (f"Đợt học tập “Học tập Nghị quyết 21-NQ/TW” (hạn hoàn thành "
            f"{(DAY + datetime.timedelta(days=60)):%d/%m/%Y}): 2/3 đảng viên, đạt 66,7% đã học tập.") in text
    assert (f"Đến hết năm {YEAR} có 1 mô hình học tập và làm theo Bác (1 mô hình do cấp ủy phát động, 0 mô hình "
            "riêng của chi bộ, đảng bộ; 1 mô hình mới trong kỳ), 1 lượt nhân rộng (1 lượt mới trong kỳ); 1 mô hình "
            "tiêu biểu, xuất sắc được duy trì.") in text
    assert (f"Phân loại trong năm {YEAR}: 1/2 lượt, đạt 50,0% đảng viên đạt mức cao nhất của bộ tiêu chí; "
            "1/1 lượt, đạt 100,0% chi bộ tự phân loại đạt mức cao nhất.") in text
    assert f"Trong năm {YEAR}, khen thưởng 1 tập thể, 1 cá nhân có thành tích trong học tập và làm theo." in text
