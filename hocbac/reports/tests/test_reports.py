"""Reports: drafted with the figures from the summaries, issued with the next number of the term
and frozen; the Word document and the annex workbook opened and checked against the data."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from hocbac.reports import services, summaries
from hocbac.reports.models import Report

from .test_dashboard import _meeting, _world_with_facts

TODAY = timezone.localdate()
YEAR = TODAY.year
HALF = f"{YEAR}-H{1 if TODAY.month <= 6 else 2}"


def _texts(document):
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for cell in table._cells:
            texts += [p.text for p in cell.paragraphs]
    return texts


def _draft(world, **extra):
    return services.create_report(by=world.ward_admin, org=world.ward, kind="so_ket", period_codes=[HALF],
                                   title="Sơ kết 6 tháng học tập và làm theo Bác", place="Bến Thành",
                                   limitations="Một số chi bộ sinh hoạt chưa đều.", recipients="- Ban Thường vụ Tỉnh ủy (b/c),\n- Lưu Văn phòng.",
                                   signer_name="Nguyễn Văn Bí Thư", **extra)


def test_the_issued_document_has_the_heading_the_number_and_exact_figures(world, client):
    _world_with_facts(world)
    report = services.issue(_draft(world), by=world.ward_admin, issued_on=TODAY)
    assert (report.number, services.symbol(report)) == (1, "01-BC/ĐU")
    client.force_login(world.ward_admin)
    response = client.get(reverse("reports:report_docx", args=[world.ward.pk, report.pk]))
    texts = _texts(Document(io.BytesIO(response.content)))
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG BỘ TỈNH THỬ NGHIỆM", "ĐẢNG BỘ PHƯỜNG BẾN THÀNH", "Số 01-BC/ĐU",
                     f"Bến Thành, ngày {TODAY.day:02d} tháng {TODAY.month:02d} năm {YEAR}", "BÁO CÁO",
                     "Sơ kết 6 tháng học tập và làm theo Bác", "III. HẠN CHẾ, NGUYÊN NHÂN",
                     "Một số chi bộ sinh hoạt chưa đều.", "T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Bí Thư",
                     "- Ban Thường vụ Tỉnh ủy (b/c),"):
        assert expected in texts, expected
    study = next(t for t in texts if t.startswith("Trong 6 tháng"))
    assert ("2 buổi học tập, sinh hoạt (0 hội nghị nghiên cứu, học tập, quán triệt; 0 buổi sinh hoạt chuyên đề; "
            "2 buổi sinh hoạt chi bộ thường kỳ; 0 buổi khác) với 2 lượt đảng viên và 0 lượt quần chúng tham dự; "
            "2/3 đảng viên, đạt 66,7% tham gia ít nhất một buổi.") in study
    assert any("1/3 đảng viên, đạt 33,3% đăng ký làm theo" in t for t in texts)
    assert "(Dự thảo)" not in texts

    annex = openpyxl.load_workbook(io.BytesIO(client.get(reverse("reports:report_annex", args=[world.ward.pk, report.pk])).content))
    rows = list(annex.worksheets[0].iter_rows(values_only=True))
    assert rows[1][:5] == ("Đảng bộ phường Bến Thành (toàn đảng bộ)", 3, 2, 3, "66,7%")
    assert [row[:5] for row in rows[2:]] == [("Chi bộ Khu phố 1", 2, 1, 2, "50,0%"), ("Chi bộ Khu phố 2", 1, 1, 1, "100,0%")]


def test_an_issued_report_is_frozen_a_draft_follows_the_data(world, client):
    _world_with_facts(world)
    issued = services.issue(_draft(world), by=world.ward_admin)
    draft = _draft(world)
    # Later, another meeting where everyone is present.
    _meeting(world.cell, [world.member, world.secretary_member], [world.member, world.secretary_member], TODAY.replace(day=1))
    summaries.refresh_all([YEAR])
    client.force_login(world.ward_admin)
    issued_text = _texts(Document(io.BytesIO(client.get(reverse("reports:report_docx", args=[world.ward.pk, issued.pk])).content)))
    draft_text = _texts(Document(io.BytesIO(client.get(reverse("reports:report_docx", args=[world.ward.pk, draft.pk])).content)))
    assert any("với 2 lượt đảng viên" in t for t in issued_text)
    assert any("với 4 lượt đảng viên" in t and "3/3 đảng viên, đạt 100,0%" in t for t in draft_text)
    assert "(Dự thảo)" in draft_text and "Số      -BC/ĐU" in draft_text
    with pytest.raises(ValidationError, match="đã ban hành"):
        services.update_report(issued, by=world.ward_admin, limitations="Sửa sau")


def test_numbers_run_within_the_term_and_a_second_click_changes_nothing(world):
    first = services.issue(_draft(world), by=world.ward_admin, issued_on=datetime.date(2026, 3, 2))
    assert services.issue(first, by=world.ward_admin).number == 1
    second = services.issue(_draft(world), by=world.ward_admin, issued_on=datetime.date(2029, 12, 30))
    next_term = services.issue(_draft(world), by=world.ward_admin, issued_on=datetime.date(2030, 1, 5))
    assert [second.number, next_term.number, next_term.term_start] == [2, 1, 2030]
    cell = services.issue(services.create_report(by=world.secretary, org=world.cell, kind="quy",
                                                 period_codes=[f"{YEAR}-Q1"], title="Báo cáo quý", place="Bến Thành",
                                                 signer_name="Nguyễn Thị Bí Thư"), by=world.secretary)
    assert services.symbol(cell) == "01-BC/CB"  # each committee numbers its own


@pytest.mark.parametrize(("kind", "codes", "message"), [
    ("so_ket", [f"{YEAR}"], "Kỳ không hợp với loại"),
    ("quy", [f"{YEAR}-H1"], "Kỳ không hợp với loại"),
    ("tong_ket", [f"{YEAR}-Q1"], "Kỳ không hợp với loại"),
    ("nhieu_nam", [f"{YEAR}"], "từ hai năm liền nhau"),
    ("nhieu_nam", [f"{YEAR - 2}", f"{YEAR}"], "từ hai năm liền nhau"),
    ("tong_ket", ["2026-13"], "Kỳ báo cáo không hợp lệ"),
    ("tong_ket", [f"{YEAR + 1}"], "chưa bắt đầu"),
    ("quy", [], "Chọn kỳ báo cáo"),
])
def test_periods_that_do_not_fit_the_kind_are_refused(world, kind, codes, message):
    with pytest.raises(ValidationError, match=message):
        services.create_report(by=world.ward_admin, org=world.ward, kind=kind, period_codes=codes, title="T", place="P")
    assert not Report.objects.unscoped().exists()


def test_a_multi_year_report_states_each_year(world, client):
    _world_with_facts(world)
    summaries.refresh_all([YEAR - 1])
    report = services.create_report(by=world.ward_admin, org=world.ward, kind="nhieu_nam",
                                     period_codes=[str(YEAR - 1), str(YEAR)], title="Năm năm", place="Bến Thành")
    client.force_login(world.ward_admin)
    texts = _texts(Document(io.BytesIO(client.get(reverse("reports:report_docx", args=[world.ward.pk, report.pk])).content)))
    assert any(t.startswith(f"Trong năm {YEAR - 1},") for t in texts) and any(t.startswith(f"Trong năm {YEAR},") for t in texts)
    assert f"Chưa có kết quả xếp loại chất lượng đảng viên năm {YEAR}." in texts


def test_pages_draft_edit_issue_and_who_may(world, client):
    _world_with_facts(world)
    client.force_login(world.ward_admin)
    url = reverse("reports:report_list", args=[world.ward.pk])
    response = client.post(url, {"kind": "so_ket", "period": HALF, "title": "Sơ kết", "place": "Bến Thành"})
    report = Report.objects.unscoped().get()
    assert response["Location"] == reverse("reports:report", args=[world.ward.pk, report.pk])
    page = client.get(response["Location"]).content.decode()
    assert "2/3 đảng viên, đạt 66,7% tham gia ít nhất một buổi" in page
    fields = {"title": "Sơ kết", "place": "Bến Thành", "limitations": "Còn chậm", "signer_title": "Phó Bí thư",
              "signer_name": "Lê Văn Ký", "recipients": "- Lưu"}
    client.post(response["Location"], fields)
    client.post(reverse("reports:report_issue", args=[world.ward.pk, report.pk]))
    report.refresh_from_db()
    assert (report.number, report.limitations, report.signer_title) == (1, "Còn chậm", "Phó Bí thư")
    assert client.post(response["Location"], fields).status_code == 403  # issued: no more edits
    client.force_login(world.viewer)
    assert client.get(reverse("reports:report_docx", args=[world.ward.pk, report.pk])).status_code == 200
    assert client.post(url, {"kind": "quy", "period": f"{YEAR}-Q1", "title": "X", "place": "Y"}).status_code == 403
