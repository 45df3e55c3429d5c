import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_member
from hocbac.library import selectors, services
from hocbac.library.models import DocumentRead


def docx_bytes():
    """A real Word file (the library opens a .docx before it keeps it)."""
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Nghị quyết")
    document.save(buffer)
    return buffer.getvalue()


def publish(world, org, title, **fields):
    return services.create_document(by=world.ward_admin, org=org, kind=fields.pop("kind", "ke_hoach"), title=title, **fields)


def test_reference_documents_are_shipped_and_visible_to_every_member(world):
    symbols = set(selectors.documents_for(world.member_user).values_list("number_symbol", flat=True))
    assert {"05-CT/TW", "01-KL/TW", "04-NQ/TW", "21-NQ/TW", "366-QĐ/TW", "36-HD/VPTW"} <= symbols


def test_a_document_reaches_the_publisher_subtree_only(world):
    ward_plan = publish(world, world.ward, "Kế hoạch học tập của phường")
    sibling_plan = publish(world, world.sibling_ward, "Kế hoạch của phường bên cạnh")
    cell_note = publish(world, world.cell, "Thông báo của Chi bộ Khu phố 1")
    member_sees = set(selectors.documents_for(world.member_user).filter(org__isnull=False).values_list("title", flat=True))
    assert member_sees == {ward_plan.title, cell_note.title}
    other_sees = set(selectors.documents_for(world.other_member_user).filter(org__isnull=False).values_list("title", flat=True))
    assert other_sees == {ward_plan.title}
    ward_sees = set(selectors.documents_for(world.ward_admin).filter(org__isnull=False).values_list("title", flat=True))
    assert ward_sees == {ward_plan.title, cell_note.title}
    assert sibling_plan.title not in ward_sees


def test_search_without_diacritics_in_title_symbol_and_body(world):
    publish(world, world.ward, "Học tập gương Bác ở Tịnh Biên", body="Mô hình dân vận khéo tại xã Nhơn Hưng.")
    documents = selectors.documents_for(world.member_user)
    assert [d.title for d in selectors.search(documents, query="tinh bien")] == ["Học tập gương Bác ở Tịnh Biên"]
    assert [d.title for d in selectors.search(documents, query="dan van kheo")] == ["Học tập gương Bác ở Tịnh Biên"]
    # Kết luận 01 names Chỉ thị 05 in its title, so it is found too.
    assert sorted(d.number_symbol for d in selectors.search(documents, query="05-ct")) == ["01-KL/TW", "05-CT/TW"]


def test_article_title_shows_its_issue_number(world):
    article = publish(world, world.ward, "Bác Hồ với tinh thần tiết kiệm", kind="bai_viet", issue_number=97)
    assert article.display_title == "Kỳ 97: Bác Hồ với tinh thần tiết kiệm"


def test_attachments_are_checked_by_content_not_name(world):
    fake = SimpleUploadedFile("nghi-quyet.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF hoặc Word"):
        publish(world, world.ward, "Giả mạo", attachment=fake)
    pdf = publish(world, world.ward, "Thật", attachment=SimpleUploadedFile("a.bin", b"%PDF-1.7\n...", content_type="text/plain"))
    assert pdf.attachment_type == "application/pdf"
    docx = publish(world, world.ward, "Word", attachment=SimpleUploadedFile("b.docx", docx_bytes()))
    assert docx.attachment_type.endswith("wordprocessingml.document")


def test_reads_are_counted_once_per_member_and_rates_roll_up(world):
    document = publish(world, world.ward, "Kế hoạch")
    services.record_read(document, member=world.member)
    services.record_read(document, member=world.member)
    services.record_read(document, member=world.other_member)
    read = DocumentRead.objects.in_subtree(world.cell).get(member=world.member)
    assert read.times == 2
    make_member(world.other_cell, "Hồ Văn Chưa Đọc", card="90000001")
    total, children = selectors.read_rates(document, world.ward)
    assert (total["read"], total["eligible"]) == (2, 4)
    assert {child.name: (c["read"], c["eligible"]) for child, c in children} == {"Chi bộ Khu phố 1": (1, 2), "Chi bộ Khu phố 2": (1, 2)}


def test_bookmark_toggles(world):
    document = publish(world, world.ward, "Kế hoạch")
    assert services.toggle_bookmark(document, user=world.member_user) is True
    assert [d.title for d in selectors.search(selectors.documents_for(world.member_user), user=world.member_user, bookmarked=True)] == ["Kế hoạch"]
    assert services.toggle_bookmark(document, user=world.member_user) is False
