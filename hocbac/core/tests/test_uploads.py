"""Uploads that are not what they claim are refused with a Vietnamese message and store nothing:
a zip bomb dressed as a workbook or a Word file, a truncated workbook, a sheet of a million empty
rows, a damaged .docx."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hocbac.core.exports import write_workbook
from hocbac.core.imports import read_rows
from hocbac.core.models import ImportBatch
from hocbac.library import services as library_services
from hocbac.library.models import Document
from hocbac.orgs.models import Member
from hocbac.orgs.tests.workbooks import member_rows, member_workbook

pytestmark = pytest.mark.django_db


def _with_bomb(data, name="xl/media/bomb.bin", size=20 * 1024 * 1024):
    """`data` (an Office zip) with one more part of `size` zero bytes: a few KB packed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(name, b"\0" * size)
    return out.getvalue()


def _post_import(client, org, data):
    stream = io.BytesIO(data)
    stream.name = "dang-vien.xlsx"
    return client.post(reverse("excel:member_import", args=[org.pk]), {"file": stream})


def test_a_workbook_that_unpacks_to_far_more_than_its_size_is_refused_and_nothing_stored(world, login):
    client = login(world.secretary)
    bomb = _with_bomb(member_workbook(member_rows(2, [world.cell.code])).getvalue())
    assert len(bomb) < 200 * 1024  # 20 MB of zeros in a few kilobytes
    members = Member.objects.in_subtree(world.cell).count()
    response = _post_import(client, world.cell, bomb)
    assert response.status_code == 200
    assert "Tệp nén bất thường" in response.content.decode()
    assert not ImportBatch.objects.in_subtree(world.cell).exists()
    assert Member.objects.in_subtree(world.cell).count() == members


def test_a_truncated_workbook_is_refused_in_vietnamese(world, login):
    client = login(world.secretary)
    whole = member_workbook(member_rows(2, [world.cell.code])).getvalue()
    response = _post_import(client, world.cell, whole[: len(whole) // 2])
    assert "Không đọc được tệp" in response.content.decode()
    assert not ImportBatch.objects.in_subtree(world.cell).exists()


def test_a_sheet_of_endless_empty_rows_stops_at_the_row_limit():
    rows = [["Nguyễn Văn A", "x"]] + [[None, None]] * 3000 + [["Trần Văn B", "y"]]
    upload = SimpleUploadedFile("x.xlsx", write_workbook([("x", ["Họ và tên", "Ghi chú"], rows)]).getvalue())
    with pytest.raises(ValidationError, match="quá nhiều dòng"):
        read_rows(upload, columns={"name": "Họ và tên"}, max_rows=1000)


def _docx():
    import docx

    document = docx.Document()
    document.add_paragraph("Nghị quyết")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("content, message", [
    (_with_bomb(_docx(), name="word/media/bomb.bin"), "Tệp nén bất thường"),
    (_docx().replace(b"word/document.xml", b"word/documenX.xml"), "Chỉ nhận tệp PDF hoặc Word"),
    (_docx()[:2000], "bị hỏng"),
], ids=["bomb", "not-word", "truncated"])
def test_an_attachment_that_is_a_bomb_or_damaged_is_refused_and_no_document_stored(world, content, message):
    before = Document.objects.unscoped().count()
    with pytest.raises(ValidationError, match=message):
        library_services.create_document(by=world.ward_admin, org=world.ward, kind="nghi_quyet", title="Nghị quyết",
                                          attachment=SimpleUploadedFile("nq.docx", content))
    assert Document.objects.unscoped().count() == before


def test_a_sound_docx_attachment_is_accepted(world):
    document = library_services.create_document(by=world.ward_admin, org=world.ward, kind="nghi_quyet",
                                                title="Nghị quyết", attachment=SimpleUploadedFile("nq.docx", _docx()))
    assert document.attachment_type.endswith("wordprocessingml.document")
