"""Importing and exporting the question bank through the pages: upload → preview → commit, the
template, the three export formats, and who reaches them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from hocbac.contests import bank_io, formats, services
from hocbac.contests.models import Option, Question, QuestionKind
from hocbac.contests.tests.conftest import make_questions
from hocbac.core.exports import write_workbook
from hocbac.core.models import AuditEntry, ImportBatch
from hocbac.library.models import Document, Topic
from hocbac.library.services import create_document

pytestmark = pytest.mark.django_db

GIFT = """// Câu hỏi tìm hiểu Chỉ thị 05, tháng 3/2026
// [tag:chỉ thị 05] [tag:tháng 3] [do-kho:Khó] [van-ban:05-CT/TW]
::Câu 1:: Chỉ thị 05-CT/TW được Bộ Chính trị ban hành năm nào? {
    ~2011
    =2016
    ~2019
    ####Chỉ thị 05-CT/TW ban hành ngày 15/5/2016.
}

Những việc nào là làm theo Bác? {
    ~%50%Nói đi đôi với làm
    ~%50%Gần dân, trọng dân
    ~%-100%Chỉ học thuộc lời Bác
}
"""

AIKEN_ONE_BAD = """Chỉ thị 05-CT/TW được ban hành năm nào?
A. 2011
B. 2016
ANSWER: B

Kết luận 01-KL/TW do cơ quan nào ban hành?
A. Bộ Chính trị
B. Ban Bí thư
ANSWER: E

Bác Hồ sinh năm nào?
A. 1890
B. 1911
ANSWER: A
"""


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _upload(client, org, content, name, **extra):
    upload = SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)
    return client.post(reverse("contests_io:bank_import", args=[org.pk]), {"file": upload, **extra})


def _preview_url(org, batch_id):
    return reverse("contests_io:bank_import_preview", args=[org.pk, batch_id])


def _batch_id(response):
    assert response.status_code == 302, response.content.decode()[:3000]
    return int(response["Location"].rstrip("/").split("/")[-1])


def _bank(org):
    return [(q.kind, q.text, q.explanation, q.tags, q.difficulty, q.document_id, q.topic_id,
             [(o.position, o.text, o.is_correct) for o in q.options.all()])
            for q in Question.objects.in_orgs([org.pk]).prefetch_related("options").order_by("id")]


def _imports(org):
    return AuditEntry.objects.in_orgs([org.pk]).filter(action="import.cau_hoi")


def _chi_thi_05():
    return Document.objects.unscoped().get(org__isnull=True, number_symbol="05-CT/TW")


def test_gift_upload_preview_commit_creates_exactly_the_questions_and_options(world):
    client = _client(world.secretary)

    batch_id = _batch_id(_upload(client, world.cell, GIFT, "cau-hoi.gift"))
    page = client.get(_preview_url(world.cell, batch_id))

    html = page.content.decode()
    assert "Tệp có 2 câu hỏi, không có lỗi." in html and "Nhập 2 câu hỏi" in html
    assert [line for line, _, _ in page.context["sample"]] == [3, 10]
    assert _bank(world.cell) == []
    response = client.post(_preview_url(world.cell, batch_id), follow=True)
    assert "Đã nhập 2 câu hỏi từ tệp cau-hoi.gift." in response.content.decode()
    assert response.redirect_chain == [(reverse("contests:bank", args=[world.cell.pk]), 302)]
    assert _bank(world.cell) == [
        (QuestionKind.SINGLE, "Chỉ thị 05-CT/TW được Bộ Chính trị ban hành năm nào?",
         "Chỉ thị 05-CT/TW ban hành ngày 15/5/2016.", "chỉ thị 05, tháng 3", 3, _chi_thi_05().pk, None,
         [(0, "2011", False), (1, "2016", True), (2, "2019", False)]),
        (QuestionKind.MULTIPLE, "Những việc nào là làm theo Bác?", "", "", 2, None, None,
         [(0, "Nói đi đôi với làm", True), (1, "Gần dân, trọng dân", True), (2, "Chỉ học thuộc lời Bác", False)]),
    ]
    first = Question.objects.in_orgs([world.cell.pk]).order_by("id").first()
    assert (first.search_text, first.created_by, first.is_active) == (
        "chi thi 05-ct/tw duoc bo chinh tri ban hanh nam nao? chi thi 05, thang 3", world.secretary, True)
    # What search finds in the bank, as for a question made in the form.
    assert [q.pk for q in Question.objects.in_orgs([world.cell.pk]).filter(search_text__contains="thang 3")] == [first.pk]
    entry = _imports(world.cell).get()
    assert (entry.actor, entry.summary, entry.after) == (
        world.secretary, "Nhập 2 câu hỏi từ tệp cau-hoi.gift", {"file": "cau-hoi.gift", "rows": 2, "created": 2})


def test_excel_upload_links_the_document_and_topic_the_organisation_sees(world):
    topic = Topic.objects.create(name="Ý chí tự lực, tự cường", year=2026)
    cell_doc = create_document(by=world.secretary, org=world.cell, kind="ke_hoach", title="Kế hoạch của chi bộ",
                               number_symbol="12-KH/CB")
    create_document(by=world.sibling_admin, org=world.sibling_ward, kind="ke_hoach", title="Kế hoạch phường khác",
                    number_symbol="07-KH/ĐU")
    header = formats.excel_header()
    rows = [
        ["Chỉ thị 05 ban hành năm nào?", "2011", "2016", "", "", "", "", "B", "", "chỉ thị 05", "Dễ", "05-ct/tw", ""],
        ["Kế hoạch 12 của chi bộ nói gì?", "Học tập", "Làm theo", "Nêu gương", "", "", "", "A, B, C", "", "", "",
         "12-KH/CB", "ý chí tự lực, tự cường"],
        ["Văn bản của phường khác?", "Có", "Không", "", "", "", "", "A", "", "", "", "07-KH/ĐU", ""],
        ["Chuyên đề không có?", "Có", "Không", "", "", "", "", "A", "", "", "", "", "Chuyên đề năm 2099"],
    ]
    client = _client(world.secretary)
    content = write_workbook([("Câu hỏi", header, rows)]).getvalue()

    batch_id = _batch_id(_upload(client, world.cell, content, "cau-hoi.xlsx"))
    check = client.get(_preview_url(world.cell, batch_id)).context["check"]

    assert check.errors == [
        (4, ["không có văn bản số “07-KH/ĐU” trong thư viện mà đơn vị xem được"]),
        (5, ["không có chuyên đề “Chuyên đề năm 2099” trong thư viện"]),
    ]
    content = write_workbook([("Câu hỏi", header, rows[:2])]).getvalue()
    batch_id = _batch_id(_upload(client, world.cell, content, "cau-hoi.xlsx"))
    client.post(_preview_url(world.cell, batch_id))
    assert [(kind, text, difficulty, document, topic_id) for kind, text, _, _, difficulty, document, topic_id, _
            in _bank(world.cell)] == [
        (QuestionKind.SINGLE, "Chỉ thị 05 ban hành năm nào?", 1, _chi_thi_05().pk, None),
        (QuestionKind.MULTIPLE, "Kế hoạch 12 của chi bộ nói gì?", 2, cell_doc.pk, topic.pk),
    ]


def test_a_file_with_one_bad_line_stores_nothing_and_shows_the_line_and_reason(world):
    client = _client(world.ward_admin)

    batch_id = _batch_id(_upload(client, world.ward, AIKEN_ONE_BAD, "de-thi.txt"))
    page = client.get(_preview_url(world.ward, batch_id))

    html = page.content.decode()
    assert page.context["check"].errors == [(9, ["đáp án “E” không có trong các phương án (A–B)"])]
    assert "Tệp có 2 câu hỏi hợp lệ và <strong>1 dòng lỗi</strong>. Chưa nhập câu nào." in html
    assert "<td>Dòng 9</td><td>đáp án “E” không có trong các phương án (A–B)</td>" in html
    assert "Nhập 2 câu hỏi" not in html
    before = len(_bank(world.ward))
    response = client.post(_preview_url(world.ward, batch_id), follow=True)  # a forced commit
    assert "Tệp còn dòng lỗi nên chưa nhập câu hỏi nào." in response.content.decode()
    assert (len(_bank(world.ward)), _imports(world.ward).count()) == (before, 0)
    assert ImportBatch.objects.in_orgs([world.ward.pk]).get(pk=batch_id).committed_at is None


def test_a_doubled_commit_records_once(world):
    client = _client(world.secretary)
    batch_id = _batch_id(_upload(client, world.cell, GIFT, "cau-hoi.gift"))

    client.post(_preview_url(world.cell, batch_id))
    response = client.post(_preview_url(world.cell, batch_id), follow=True)

    assert "Tệp cau-hoi.gift đã được nhập trước đó; không nhập lại." in response.content.decode()
    assert (len(_bank(world.cell)), Option.objects.filter(question__org=world.cell).count()) == (2, 6)
    assert _imports(world.cell).count() == 1
    page = client.get(_preview_url(world.cell, batch_id)).content.decode()
    assert "Tệp này đã được nhập lúc" in page and ": 2 câu hỏi." in page
    # The service itself, called again (a retried request), changes nothing either.
    batch, check = bank_io.commit_batch(batch_id, org=world.cell, by=world.secretary)
    assert (check, batch.created_count, len(_bank(world.cell))) == (None, 2, 2)


def test_another_organisations_batch_is_404(world):
    batch_id = _batch_id(_upload(_client(world.secretary), world.cell, GIFT, "cau-hoi.gift"))

    # The ward's committee reaches the cell, but the batch is the cell's, not the ward's or the other cell's.
    client = _client(world.ward_admin)
    for org in (world.ward, world.other_cell):
        assert client.get(_preview_url(org, batch_id)).status_code == 404
        assert client.post(_preview_url(org, batch_id)).status_code == 404
    # A member batch of the cell is no question batch.
    member_batch = ImportBatch.objects.create(org=world.cell, kind=ImportBatch.Kind.MEMBERS, file_name="dv.xlsx",
                                              rows=[], created_by=world.secretary)
    assert _client(world.secretary).get(_preview_url(world.cell, member_batch.pk)).status_code == 404
    # Nor is a question batch a member batch on the member import's pages.
    secretary = _client(world.secretary)
    assert secretary.get(reverse("excel:batch", args=[world.cell.pk, batch_id])).status_code == 404
    assert secretary.post(reverse("excel:batch_commit", args=[world.cell.pk, batch_id])).status_code == 404
    assert _bank(world.cell) == []


def test_a_sibling_wards_admin_gets_404(world):
    batch_id = _batch_id(_upload(_client(world.secretary), world.cell, GIFT, "cau-hoi.gift"))
    client = _client(world.sibling_admin)

    answers = [client.get(reverse("contests_io:bank_import", args=[world.cell.pk])).status_code,
               client.get(_preview_url(world.cell, batch_id)).status_code,
               client.post(_preview_url(world.cell, batch_id)).status_code,
               client.post(_preview_url(world.sibling_ward, batch_id)).status_code,
               client.get(reverse("contests_io:bank_template", args=[world.cell.pk])).status_code,
               client.get(reverse("contests_io:bank_export", args=[world.cell.pk, "gift"])).status_code]

    assert answers == [404, 404, 404, 404, 404, 404]
    assert _bank(world.cell) == []


def test_a_viewer_gets_403(world):
    batch_id = _batch_id(_upload(_client(world.ward_admin), world.ward, GIFT, "cau-hoi.gift"))
    client = _client(world.viewer)

    answers = [client.get(reverse("contests_io:bank_import", args=[world.ward.pk])).status_code,
               client.post(reverse("contests_io:bank_import", args=[world.ward.pk]),
                           {"file": SimpleUploadedFile("a.gift", GIFT.encode())}).status_code,
               client.get(_preview_url(world.ward, batch_id)).status_code,
               client.post(_preview_url(world.ward, batch_id)).status_code,
               client.get(reverse("contests_io:bank_template", args=[world.ward.pk])).status_code,
               client.get(reverse("contests_io:bank_export", args=[world.ward.pk, "xlsx"])).status_code]

    assert answers == [403, 403, 403, 403, 403, 403]
    assert ImportBatch.objects.in_orgs([world.ward.pk]).count() == 1


@pytest.fixture
def cell_bank(world):
    """The cell's own bank: a single-choice question with document and topic, a multiple-choice
    one, and a retired one; plus a question of the ward's bank above."""
    topic = Topic.objects.create(name="Ý chí tự lực, tự cường", year=2026)
    by = world.secretary
    services.save_question(org=world.cell, by=by, kind=QuestionKind.SINGLE,
                           text="Chỉ thị 05-CT/TW ban hành năm nào?", options=[("2011", False), ("2016", True)],
                           explanation="Ngày 15/5/2016: Bộ Chính trị ban hành.", document=_chi_thi_05(), topic=topic,
                           tags="chỉ thị 05, mốc", difficulty=1)
    services.save_question(org=world.cell, by=by, kind=QuestionKind.MULTIPLE,
                           text="Việc nào là làm theo Bác?", options=[("Nói đi đôi với làm", True), ("Nói suông", False),
                                                                     ("Gần dân", True)], difficulty=3)
    retired = services.save_question(org=world.cell, by=by, kind=QuestionKind.SINGLE, text="Câu đã ngừng dùng?",
                                     options=[("Có", True), ("Không", False)])
    services.set_question_active(retired, by=by, active=False)
    make_questions(world.ward, world.ward_admin, 1)


def test_export_xlsx_opens_with_the_template_columns_and_exact_cells(world, cell_bank):
    client = _client(world.secretary)

    response = client.get(reverse("contests_io:bank_export", args=[world.cell.pk, "xlsx"]))

    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''cau-hoi-P01-KP1.xlsx"
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        formats.excel_header(),
        ["Chỉ thị 05-CT/TW ban hành năm nào?", "2011", "2016", None, None, None, None, "B",
         "Ngày 15/5/2016: Bộ Chính trị ban hành.", "chỉ thị 05, mốc", "Dễ", "05-CT/TW", "Ý chí tự lực, tự cường"],
        ["Việc nào là làm theo Bác?", "Nói đi đôi với làm", "Nói suông", "Gần dân", None, None, None, "A, C",
         None, None, "Khó", None, None],
    ]
    entry = AuditEntry.objects.in_orgs([world.cell.pk]).get(action="export.questions")
    assert (entry.actor, entry.after) == (world.secretary, {"file": "cau-hoi-P01-KP1.xlsx", "rows": 2})


def test_export_gift_is_exact_and_imports_again_unchanged(world, cell_bank):
    client = _client(world.secretary)

    response = client.get(reverse("contests_io:bank_export", args=[world.cell.pk, "gift"]))

    content = response.content.decode()
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "text/plain; charset=utf-8", "attachment; filename*=UTF-8''cau-hoi-P01-KP1.gift")
    assert content == (
        "// [tag:chỉ thị 05] [tag:mốc] [do-kho:Dễ] [van-ban:05-CT/TW] [chuyen-de:Ý chí tự lực, tự cường]\n"
        "Chỉ thị 05-CT/TW ban hành năm nào? {\n\t~2011\n\t=2016\n\t####Ngày 15/5/2016\\: Bộ Chính trị ban hành.\n}\n\n"
        "// [do-kho:Khó]\n"
        "Việc nào là làm theo Bác? {\n\t~%50%Nói đi đôi với làm\n\t~%-50%Nói suông\n\t~%50%Gần dân\n}\n"
    )
    assert AuditEntry.objects.in_orgs([world.cell.pk]).get(action="export.questions").summary == (
        "Xuất cau-hoi-P01-KP1.gift (2 câu hỏi)")
    # Into the other cell, through the import pages: the same questions.
    other = _client(world.ward_admin)
    batch_id = _batch_id(_upload(other, world.other_cell, content, "cau-hoi-P01-KP1.gift"))
    other.post(_preview_url(world.other_cell, batch_id))
    assert _bank(world.other_cell) == [row for row in _bank(world.cell) if row[1] != "Câu đã ngừng dùng?"]


def test_export_aiken_is_exact_and_skips_multiple_choice_saying_how_many(world, cell_bank):
    client = _client(world.secretary)

    response = client.get(reverse("contests_io:bank_export", args=[world.cell.pk, "aiken"]))

    assert response.content.decode() == (
        "Chỉ thị 05-CT/TW ban hành năm nào?\nA. 2011\nB. 2016\nANSWER: B\n")
    assert (response["Content-Disposition"], response["X-Skipped-Questions"]) == (
        "attachment; filename*=UTF-8''cau-hoi-P01-KP1.txt", "1")
    assert AuditEntry.objects.in_orgs([world.cell.pk]).get(action="export.questions").summary == (
        "Xuất cau-hoi-P01-KP1.txt (1 câu hỏi, bỏ qua 1 câu nhiều đáp án)")
    page = client.get(reverse("contests:bank", args=[world.cell.pk])).content.decode()
    assert "Tệp Aiken chỉ chứa câu một đáp án: đã bỏ qua 1 câu nhiều đáp án" in page


def test_export_of_an_unknown_format_is_404(world, cell_bank):
    client = _client(world.secretary)

    assert client.get(reverse("contests_io:bank_export", args=[world.cell.pk, "csv"])).status_code == 404
    assert not AuditEntry.objects.in_orgs([world.cell.pk]).filter(action="export.questions").exists()


def test_template_has_one_example_row_that_imports(world):
    client = _client(world.secretary)

    response = client.get(reverse("contests_io:bank_template", args=[world.cell.pk]))

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Câu hỏi", "Hướng dẫn"]
    assert [list(row) for row in workbook["Câu hỏi"].iter_rows(values_only=True)][1][:8] == [
        formats.EXAMPLE.text, "2011", "2016", "2019", "2021", None, None, "B"]
    batch_id = _batch_id(_upload(client, world.cell, response.content, "mau-nhap-cau-hoi.xlsx"))
    client.post(_preview_url(world.cell, batch_id))
    assert [(text, document) for _, text, _, _, _, document, _, _ in _bank(world.cell)] == [
        (formats.EXAMPLE.text, _chi_thi_05().pk)]


def test_a_3_mb_upload_is_refused(world):
    client = _client(world.secretary)
    big = "// chú thích\n" * (3 * 1024 * 1024 // 14)

    response = _upload(client, world.cell, big, "lon.gift")

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["Tệp quá lớn (tối đa 2 MB)."]
    assert ImportBatch.objects.in_orgs([world.cell.pk]).count() == 0


def test_a_text_file_not_in_utf8_is_refused_and_a_bom_is_accepted(world):
    client = _client(world.secretary)

    response = _upload(client, world.cell, GIFT.encode("utf-16"), "cau-hoi.gift")

    assert response.context["form"].errors["file"] == [
        "Tệp không phải văn bản mã UTF-8. Hãy lưu lại với bảng mã UTF-8 (trong Notepad: Lưu thành… → Mã hóa: UTF-8) "
        "rồi tải lên lại."]
    batch_id = _batch_id(_upload(client, world.cell, "\ufeff" + GIFT, "cau-hoi.gift"))
    assert client.get(_preview_url(world.cell, batch_id)).context["check"].errors == []


def test_format_comes_from_the_extension_or_the_choice(world):
    client = _client(world.secretary)

    unknown = _upload(client, world.cell, GIFT, "cau-hoi.doc")
    chosen = _upload(client, world.cell, GIFT, "cau-hoi.doc", format="gift")
    gift_as_txt = _upload(client, world.cell, GIFT, "cau-hoi.txt")
    aiken_as_txt = _upload(client, world.cell, AIKEN_ONE_BAD, "cau-hoi.txt")

    assert unknown.context["form"].errors["file"] == [
        "Không nhận ra định dạng tệp. Hãy dùng tệp .xlsx (Excel), .gift hoặc .txt (GIFT, Aiken), hoặc chọn định dạng."]
    checks = [client.get(_preview_url(world.cell, _batch_id(r))).context["check"] for r in (chosen, gift_as_txt, aiken_as_txt)]
    assert [(len(c.valid), len(c.errors)) for c in checks] == [(2, 0), (2, 0), (2, 1)]
    text_as_xlsx = _upload(client, world.cell, GIFT, "cau-hoi.gift", format="xlsx")
    assert text_as_xlsx.context["form"].errors["file"] == [
        "Không đọc được tệp. Hãy dùng tệp Excel (.xlsx), tốt nhất là tệp mẫu tải từ trang này."]


def test_an_empty_file_is_refused(world):
    response = _upload(_client(world.secretary), world.cell, "// chỉ có chú thích\n\n", "trong.gift")

    assert response.context["form"].errors["file"] == ["Tệp không có câu hỏi nào."]
