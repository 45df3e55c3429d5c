"""Writes for the document library: documents, topics, reads and bookmarks."""

import io
import zipfile

import docx
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from hocbac.core.audit import log_action, snapshot
from hocbac.core.imports import check_archive
from hocbac.core.text import fold

from .models import Bookmark, Document, DocumentRead, Topic

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_FIELDS = ["kind", "number_symbol", "issue_number", "issued_on", "issuer", "title", "summary", "is_public"]
EDITABLE_FIELDS = {*DOCUMENT_FIELDS, "body"}


def sniff_attachment(upload):
    """The content type of an uploaded PDF or Word file, read from its bytes (the name and the
    browser's claim are not trusted). Raises ValidationError with a Vietnamese message."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(f"Tệp quá lớn: tối đa {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB.")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"
    if head.startswith(b"PK\x03\x04"):
        data = upload.read()
        upload.seek(0)
        # a zip bomb is refused before anything unpacks it
        check_archive(data, unreadable="Tệp Word (.docx) bị hỏng, không mở được: hãy lưu lại tệp rồi tải lên.")
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            is_word = "word/document.xml" in archive.namelist()
        if is_word:
            try:
                docx.Document(io.BytesIO(data))  # a damaged .docx is refused, not stored
            except Exception:  # python-docx raises many kinds on a damaged file
                raise ValidationError("Tệp Word (.docx) bị hỏng, không mở được: hãy lưu lại tệp rồi tải lên.") from None
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    raise ValidationError("Chỉ nhận tệp PDF hoặc Word (.doc, .docx) hợp lệ.")


def _set_search_text(document):
    document.search_text = fold(" ".join([
        document.number_symbol, document.title, document.issuer, document.summary, document.body,
        f"ky {document.issue_number}" if document.issue_number else "",
    ]))


@transaction.atomic
def create_document(*, by, org, kind, title, topics=(), attachment=None, **fields):
    """Publish a document for `org`'s subtree (org None: national reference data)."""
    document = Document(org=org, kind=kind, title=title, created_by=by, **fields)
    if attachment:
        document.attachment_type = sniff_attachment(attachment)
        document.attachment_name = attachment.name[-200:]
        document.attachment = attachment
    _set_search_text(document)
    document.save()
    document.topics.set(topics)
    log_action("document.create", by=by, org=org, obj=document, summary=f"Đăng văn bản: {document.display_title}"[:300],
               after=snapshot(document, DOCUMENT_FIELDS))
    return document


@transaction.atomic
def update_document(document, *, by, topics=None, attachment=None, **fields):
    before = snapshot(document, DOCUMENT_FIELDS)
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(name)
        setattr(document, name, value)
    if attachment:
        document.attachment_type = sniff_attachment(attachment)
        document.attachment_name = attachment.name[-200:]
        document.attachment = attachment
    _set_search_text(document)
    document.save()
    if topics is not None:
        document.topics.set(topics)
    after = snapshot(document, DOCUMENT_FIELDS)
    log_action("document.update", by=by, org=document.org, obj=document, summary=f"Sửa văn bản: {document.display_title}"[:300],
               before={k: v for k, v in before.items() if after[k] != v}, after={k: v for k, v in after.items() if before[k] != v})
    return document


def record_read(document, *, member):
    """Count that `member` opened `document` (one row per member; later opens bump `times`)."""
    if member is None:
        return None
    try:
        with transaction.atomic():
            read, created = DocumentRead.objects.in_orgs([member.org_id]).get_or_create(
                document=document, member=member, defaults={"org_id": member.org_id}
            )
    except IntegrityError:  # two tabs at once: the other request created it
        return None
    if not created:
        DocumentRead.objects.in_orgs([read.org_id]).filter(pk=read.pk).update(times=F("times") + 1, last_read_at=timezone.now())
    return read


def toggle_bookmark(document, *, user):
    """Bookmark or un-bookmark; returns True when the document is now bookmarked."""
    deleted, _ = Bookmark.objects.filter(user=user, document=document).delete()
    if deleted:
        return False
    Bookmark.objects.get_or_create(user=user, document=document)
    return True


@transaction.atomic
def create_topic(*, by, org, name, year=None, parent=None, description=""):
    if year and parent is None:
        raise ValidationError("Chuyên đề năm cần gắn với chuyên đề toàn khóa.")
    topic = Topic.objects.create(org=org, name=name, year=year, parent=parent, description=description)
    log_action("topic.create", by=by, org=org, obj=topic, summary=str(topic)[:300])
    return topic
