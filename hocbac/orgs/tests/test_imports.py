import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hocbac.core.models import AuditEntry, ImportBatch
from hocbac.orgs.models import Member, MemberPeriod, Organization, OrgKind
from hocbac.orgs.tests.workbooks import BAD_ROWS, member_rows, member_workbook, spoil

pytestmark = pytest.mark.django_db


def _upload(client, org, stream, name="dang-vien.xlsx", url="excel:member_import"):
    stream.name = name
    return client.post(reverse(url, args=[org.pk]), {"file": stream})


def _preview(client, org, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def _batch_id(response):
    return int(response["Location"].rstrip("/").split("/")[-1])


def _members(org):
    return Member.objects.in_subtree(org).count()


def _imports(org):
    return AuditEntry.objects.in_subtree(org).filter(action__startswith="import.")


def test_500_rows_with_3_bad_report_exactly_those_and_import_nothing_then_all_500(world, login):
    client = login(world.ward_admin)
    rows = member_rows(500, [world.cell.code, world.other_cell.code])
    spoil(rows, {41: "missing_name", 199: "bad_date", 437: "unknown_org"})
    before = _members(world.ward)

    response = _preview(client, world.ward, _upload(client, world.ward, member_workbook(rows)))

    page = response.content.decode()
    errors = response.context["check"].errors
    assert [number for number, _ in errors] == [43, 201, 439]  # sheet rows: header is row 1
    assert "Thiếu họ và tên" in " ".join(errors[0][1])
    assert "31/02/1970" in " ".join(errors[1][1]) and "không đúng dạng" in " ".join(errors[1][1])
    assert "KHONG-CO" in " ".join(errors[2][1])
    assert "3 dòng lỗi" in page and "Chưa nhập dòng nào" in page
    assert "batch_commit" not in page and "Nhập 500" not in page
    # Even a forced commit of a batch with errors records nothing.
    client.post(reverse("excel:batch_commit", args=[world.ward.pk, response.context["batch"].pk]))
    assert _members(world.ward) == before
    assert not _imports(world.ward).exists()

    fixed = member_rows(500, [world.cell.code, world.other_cell.code])
    response = _preview(client, world.ward, _upload(client, world.ward, member_workbook(fixed)))
    assert "Nhập 500 đảng viên" in response.content.decode()
    commit_url = reverse("excel:batch_commit", args=[world.ward.pk, response.context["batch"].pk])
    response = client.post(commit_url, follow=True)
    assert "Đã nhập 500 đảng viên" in response.content.decode()
    assert _members(world.ward) == before + 500
    assert _imports(world.ward).count() == 1
    # Every imported member has an open history period from admission, in the right cell.
    imported = Member.objects.in_subtree(world.ward).filter(card_number__startswith="5000")
    assert MemberPeriod.objects.in_subtree(world.ward).filter(member__in=imported, end__isnull=True).count() == 500
    assert imported.filter(org=world.other_cell).count() == 250

    # A doubled click (or a retried request) records nothing more.
    response = client.post(commit_url, follow=True)
    assert "đã được nhập trước đó" in response.content.decode()
    assert _members(world.ward) == before + 500
    assert _imports(world.ward).count() == 1


@pytest.mark.parametrize("kind", sorted(BAD_ROWS))
def test_each_kind_of_bad_row_is_explained(world, login, kind):
    client = login(world.secretary)
    rows = spoil(member_rows(5, [world.cell.code]), {3: kind})
    response = _preview(client, world.cell, _upload(client, world.cell, member_workbook(rows)))
    errors = response.context["check"].errors
    assert [number for number, _ in errors] == [5]
    for words in BAD_ROWS[kind]:
        assert words in " ".join(errors[0][1])


def test_card_number_already_in_database_and_same_person_twice(world, login):
    client = login(world.secretary)
    rows = member_rows(3, [world.cell.code])
    rows[0][3] = world.member.card_number
    rows[1][3] = ""
    rows[1][0], rows[1][2] = world.secretary_member.full_name, world.secretary_member.birth_date
    response = _preview(client, world.cell, _upload(client, world.cell, member_workbook(rows)))
    reasons = dict(response.context["check"].errors)
    assert "đã có trong hệ thống" in reasons[2][0]
    assert "Đã có đảng viên Nguyễn Thị Bí Thư" in reasons[3][0]


def test_dates_must_make_sense(world, login):
    client = login(world.secretary)
    rows = member_rows(3, [world.cell.code])
    rows[0][4] = rows[0][2] + datetime.timedelta(days=365 * 10)  # admitted at ten
    rows[1][5] = rows[1][4] - datetime.timedelta(days=1)  # full member before admission
    rows[2][2] = "01/01/2999"
    response = _preview(client, world.cell, _upload(client, world.cell, member_workbook(rows)))
    reasons = {number: " ".join(r) for number, r in response.context["check"].errors}
    assert "đủ 18 tuổi" in reasons[2]
    assert "trước ngày vào Đảng" in reasons[3]
    assert "tương lai" in reasons[4]


def test_a_secretary_cannot_import_into_another_cell(world, login):
    client = login(world.secretary)
    rows = member_rows(2, [world.other_cell.code])
    response = _preview(client, world.cell, _upload(client, world.cell, member_workbook(rows)))
    assert len(response.context["check"].errors) == 2
    assert "Không có tổ chức mã “P01-KP2”" in response.content.decode()


def test_a_file_that_is_not_a_workbook_or_lacks_columns_is_refused_in_vietnamese(world, login):
    client = login(world.secretary)
    response = _upload(client, world.cell, io.BytesIO(b"%PDF-1.4 not excel"), name="x.xlsx")
    assert response.status_code == 200
    assert "Không đọc được tệp" in response.content.decode()
    from hocbac.core.exports import write_workbook

    response = _upload(client, world.cell, write_workbook([("x", ["Họ và tên", "Ghi chú"], [["A", "b"]])]))
    assert "Thiếu cột" in response.content.decode() and "Ngày sinh" in response.content.decode()
    assert not ImportBatch.objects.in_subtree(world.cell).exists()


def test_template_round_trips(world, login):
    client = login(world.secretary)
    response = client.get(reverse("excel:member_template", args=[world.cell.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet, guide = workbook.worksheets
    assert [c.value for c in sheet[1]][:3] == ["Họ và tên *", "Giới tính *", "Ngày sinh *"]
    assert any(world.cell.code in (row[0] or "") for row in guide.iter_rows(values_only=True))
    # Fill it as a secretary would: text dates, no cell code (the cell itself).
    sheet.append(["trần thị  mai", "Nữ", "05/06/1980", "77000001", "03/02/2005", "03/02/2006", "Chính thức"])
    sheet.append(["Lê Văn Tư", "nam", "1975-01-02", "", "2000-05-19", "", "Dự bị"])
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    response = _preview(client, world.cell, _upload(client, world.cell, stream))
    assert response.context["check"].ok, response.context["check"].errors
    client.post(reverse("excel:batch_commit", args=[world.cell.pk, response.context["batch"].pk]))
    mai = Member.objects.in_subtree(world.cell).get(card_number="77000001")
    assert (mai.full_name, mai.gender, mai.birth_date, mai.org) == ("Trần Thị Mai", "nu", datetime.date(1980, 6, 5), world.cell)
    assert Member.objects.in_subtree(world.cell).get(full_name="Lê Văn Tư").status == "du_bi"


def test_export_reimports_elsewhere_and_is_audited(world, login):
    client = login(world.ward_admin)
    response = client.get(reverse("excel:member_export", args=[world.ward.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {row[0] for row in rows} == {"Nguyễn Thị Bí Thư", "Trần Văn Đảng", "Lê Thị Khác"}
    assert sheet["C2"].number_format == "DD/MM/YYYY"
    assert AuditEntry.objects.in_subtree(world.ward).filter(action="export.members").count() == 1
    # Into another ward's cell (cards must change: they are unique across the system).
    rows = [[*row[:3], f"9{row[3]}", *row[4:10], world.sibling_cell.code] for row in rows]
    client = login(world.sibling_admin)
    response = _preview(client, world.sibling_ward, _upload(client, world.sibling_ward, member_workbook(rows)))
    assert response.context["check"].ok, response.context["check"].errors


def test_another_wards_batch_is_out_of_reach(world, login):
    client = login(world.ward_admin)
    response = _upload(client, world.ward, member_workbook(member_rows(2, [world.cell.code])))
    batch_id = _batch_id(response)
    for user, org in [(world.sibling_admin, world.sibling_ward), (world.secretary, world.cell)]:
        client = login(user)
        assert client.get(reverse("excel:batch", args=[org.pk, batch_id])).status_code == 404
        assert client.post(reverse("excel:batch_commit", args=[org.pk, batch_id])).status_code == 404
    assert _members(world.ward) == 3


def test_organisations_import_with_parents_defined_above(world, login):
    client = login(world.ward_admin)
    from hocbac.core.exports import write_workbook
    from hocbac.orgs.exports import organization_sheet

    _, header, _ = organization_sheet([])
    rows = [
        ["P01-TH", "Đảng bộ Trường THCS Bến Thành", "Đảng bộ cơ sở", "", "Đơn vị sự nghiệp", ""],
        ["P01-TH-1", "Chi bộ Giáo viên", "Chi bộ trực thuộc", "P01-TH", "", ""],
        ["P01-KP9", "Chi bộ Khu phố 9", "chi bo co so", "", "Xã, phường, đặc khu", "Số 9"],
    ]
    stream = write_workbook([("Tổ chức", header, rows)])
    response = _preview(client, world.ward, _upload(client, world.ward, stream, url="excel:org_import"))
    assert response.context["check"].ok, response.context["check"].errors
    client.post(reverse("excel:batch_commit", args=[world.ward.pk, response.context["batch"].pk]))
    school = Organization.objects.get(code="P01-TH")
    teachers = Organization.objects.get(code="P01-TH-1")
    assert (school.parent, school.kind, teachers.parent, teachers.path) == (
        world.ward, OrgKind.GRASSROOTS_COMMITTEE, school, f"{school.path}{teachers.pk}/")
    assert _imports(world.ward).get().summary.startswith("Nhập 3 tổ chức")

    bad = [["P01-KP9", "Trùng mã", "Chi bộ cơ sở", "", "", ""],
           ["P01-X", "Tổ đảng treo", "Tổ đảng", "", "", ""],
           ["P01-Y", "Sai cấp trên", "Chi bộ cơ sở", "P02", "", ""],
           ["P01-Z", "Sai loại", "Ban chấp hành", "", "", ""]]
    response = _preview(client, world.ward, _upload(client, world.ward, write_workbook([("Tổ chức", header, bad)]),
                                                   url="excel:org_import"))
    reasons = {n: " ".join(r) for n, r in response.context["check"].errors}
    assert "đã được dùng" in reasons[2]
    assert "không thể trực thuộc" in reasons[3]
    assert "Không có tổ chức cấp trên mã “P02”" in reasons[4]
    assert "Loại “Ban chấp hành” không hợp lệ" in reasons[5]


def test_a_secretary_cannot_import_organisations(world, login):
    client = login(world.secretary)
    assert client.get(reverse("excel:org_import", args=[world.cell.pk])).status_code == 403
