"""The question bank in and out of files: upload (Excel, GIFT, Aiken) → preview → commit, the
Excel template, and exports in the three formats. Pages under /o/<org_id>/cau-hoi/ need "manage".

The import follows the member import (orgs/imports.py): the parsed questions are kept in an
`ImportBatch` (kind "cau_hoi") with every line the parser refused; the preview lists each bad
line with its reasons; the commit locks the batch, checks again (a document or topic may have
gone since the preview), creates everything with `bulk_create` in one transaction with one
audit entry, and stamps `committed_at`, so a doubled or retried "Nhập" records once. One bad
line and nothing is stored."""

import datetime
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import PurePath
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hocbac.core.audit import log_action
from hocbac.core.exports import xlsx_response
from hocbac.core.models import ImportBatch
from hocbac.core.text import fold
from hocbac.library.models import Document
from hocbac.library.selectors import topics_for
from hocbac.orgs import scoping

from . import formats, services
from .models import Option, Question

KIND = ImportBatch.Kind.QUESTIONS
MAX_BYTES = 2 * 1024 * 1024
STALE_AFTER = datetime.timedelta(days=2)
PREVIEW_QUESTIONS = 20
FORMAT_CHOICES = [("", "Theo đuôi tệp (.xlsx, .gift, .txt)"), ("xlsx", "Excel theo tệp mẫu (.xlsx)"),
                  ("gift", "GIFT của Moodle"), ("aiken", "Aiken của Moodle")]
EXTENSIONS = {".xlsx": "xlsx", ".gift": "gift", ".txt": "txt"}


# Reading and checking ----------------------------------------------------------------------------

def detect_format(name, data=b""):
    """xlsx / gift / aiken from the file's extension; a .txt file is Aiken when it has an
    "ANSWER:" line, GIFT when it has an answer block "{", Aiken otherwise (Moodle exports GIFT
    as .txt too). None when the extension says nothing."""
    fmt = EXTENSIONS.get(PurePath(name).suffix.lower())
    if fmt != "txt":
        return fmt
    lines = data.decode("utf-8", errors="replace").splitlines()
    if any(line.strip().startswith("ANSWER:") for line in lines):
        return "aiken"
    return "gift" if "{" in "".join(lines) else "aiken"


def read_upload(upload, fmt=""):
    """(format, formats.Parsed) of an uploaded file. Raises ValidationError (Vietnamese) for a
    file that cannot be read at all: too big, unknown format, not UTF-8, not a workbook."""
    if upload.size > MAX_BYTES:
        raise ValidationError(f"Tệp quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB).")
    if fmt == "xlsx" or (not fmt and detect_format(upload.name) == "xlsx"):
        return "xlsx", formats.parse_excel(upload, max_bytes=MAX_BYTES)
    data = upload.read()
    fmt = fmt or detect_format(upload.name, data)
    if fmt is None:
        raise ValidationError("Không nhận ra định dạng tệp. Hãy dùng tệp .xlsx (Excel), .gift hoặc .txt (GIFT, Aiken), "
                              "hoặc chọn định dạng.")
    try:
        text = formats.decode_text(data)
    except UnicodeDecodeError:
        raise ValidationError("Tệp không phải văn bản mã UTF-8. Hãy lưu lại với bảng mã UTF-8 (trong Notepad: "
                              "Lưu thành… → Mã hóa: UTF-8) rồi tải lên lại.") from None
    return fmt, (formats.parse_gift(text) if fmt == "gift" else formats.parse_aiken(text))


def _entries(parsed):
    """The batch's rows: one per question line or bad line, in file order, JSON-ready."""
    entries = OrderedDict()
    for question in parsed.questions:
        entries[question.line] = {"line": question.line, "question": question.as_dict(), "errors": []}
    for line, reason in parsed.errors:
        entry = entries.setdefault(line, {"line": line, "question": None, "errors": []})
        entry["errors"].append(reason)
    return sorted(entries.values(), key=lambda e: e["line"])


def stage(upload, *, org, by, fmt=""):
    """Read an upload into a new batch of `org` (raises ValidationError if unreadable or empty)."""
    fmt, parsed = read_upload(upload, fmt)
    if not parsed.questions and not parsed.errors:
        raise ValidationError("Tệp không có câu hỏi nào.")
    ImportBatch.objects.in_orgs([org.pk]).filter(kind=KIND, committed_at__isnull=True,
                                                 created_at__lt=timezone.now() - STALE_AFTER).delete()
    return ImportBatch.objects.create(org=org, kind=KIND, file_name=upload.name[:200], created_by=by,
                                      rows=_entries(parsed))


@dataclass
class Check:
    """What a batch would create and every bad line: valid [(line, (Question, [Option]))],
    errors [(line, [reasons])]."""

    total: int = 0
    valid: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def _norm_ref(text):
    return " ".join(text.split()).upper()


def _documents(org, refs):
    """{normalised number and symbol: document} among documents the organisation sees (its own,
    those above it, national ones); when several share a number, the nearest publisher's, then
    the newest."""
    refs = {_norm_ref(r) for r in refs if r}
    if not refs:
        return {}
    condition = Q()
    for ref in refs:
        condition |= Q(number_symbol__iexact=ref)
    candidates = Document.objects.visible_to_paths([org.path]).filter(condition).select_related("org")

    def rank(document):
        return (document.org.depth if document.org_id else -1, document.issued_on or datetime.date.min, document.pk)

    found = {}
    for document in sorted(candidates, key=rank, reverse=True):
        found.setdefault(_norm_ref(document.number_symbol), document)
    return found


def _topics(org):
    """{folded name: topic} of the topics the organisation uses; the newest year wins."""
    topics = {}
    for topic in sorted(topics_for(org), key=lambda t: (t.year or 0, t.pk)):
        topics[fold(topic.name)] = topic
    return topics


def check_batch(batch):
    entries = batch.rows
    questions = [formats.ParsedQuestion.from_dict(e["question"]) for e in entries if e["question"]]
    documents = _documents(batch.org, [q.document_ref for q in questions])
    topics = _topics(batch.org) if any(q.topic_name for q in questions) else {}
    check = Check(total=len(entries))
    for entry in entries:
        reasons = list(entry["errors"])
        question = entry["question"] and formats.ParsedQuestion.from_dict(entry["question"])
        if question:
            document = documents.get(_norm_ref(question.document_ref)) if question.document_ref else None
            if question.document_ref and document is None:
                reasons.append(f"không có văn bản số “{question.document_ref}” trong thư viện mà đơn vị xem được")
            topic = topics.get(fold(question.topic_name)) if question.topic_name else None
            if question.topic_name and topic is None:
                reasons.append(f"không có chuyên đề “{question.topic_name}” trong thư viện")
        if reasons:
            check.errors.append((entry["line"], reasons))
            continue
        row = Question(org=batch.org, kind=question.kind, text=question.text, explanation=question.explanation,
                       document=document, topic=topic, tags=question.tags, difficulty=question.difficulty,
                       created_by=batch.created_by,
                       search_text=services.question_search_text(question.text, question.tags))
        options = [Option(position=i, text=text, is_correct=right) for i, (text, right) in enumerate(question.options)]
        check.valid.append((entry["line"], (row, options)))
    return check


def commit_batch(batch_id, *, org, by):
    """Record a checked batch: (batch, check). `check.errors` non-empty means nothing was stored;
    `check` None means the batch was committed before and nothing more is recorded."""
    with transaction.atomic():
        batch = ImportBatch.objects.in_orgs([org.pk]).select_for_update().select_related("org").get(pk=batch_id, kind=KIND)
        if batch.committed_at:
            return batch, None
        check = check_batch(batch)
        if not check.ok:
            return batch, check
        questions = [question for _, (question, _) in check.valid]
        for question in questions:
            question.created_by = by
        Question.objects.bulk_create(questions, batch_size=500)
        options = []
        for question, (_, (_, question_options)) in zip(questions, check.valid, strict=True):
            for option in question_options:
                option.question = question
                options.append(option)
        Option.objects.bulk_create(options, batch_size=1000)
        batch.committed_at, batch.created_count = timezone.now(), len(questions)
        batch.save(update_fields=["committed_at", "created_count"])
        log_action(f"import.{KIND}", by=by, org=batch.org, obj=batch,
                   summary=f"Nhập {len(questions)} câu hỏi từ tệp {batch.file_name}",
                   after={"file": batch.file_name, "rows": check.total, "created": len(questions)})
    return batch, check


# Export ------------------------------------------------------------------------------------------

def as_parsed(question):
    """A bank question in the shape the writers take."""
    return formats.ParsedQuestion(
        line=0, text=question.text, options=[(o.text, o.is_correct) for o in question.options.all()],
        explanation=question.explanation, tags=question.tags, difficulty=question.difficulty,
        document_ref=question.document.number_symbol if question.document_id else "",
        topic_name=question.topic.name if question.topic_id else "")


def own_bank(org):
    """The organisation's own questions in use (not those of banks above), oldest first."""
    return (Question.objects.in_orgs([org.pk]).filter(is_active=True).select_related("document", "topic")
            .prefetch_related("options").order_by("id"))


# Pages -------------------------------------------------------------------------------------------

class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp câu hỏi", error_messages={"required": "Hãy chọn tệp câu hỏi."},
                           help_text="Excel theo tệp mẫu (.xlsx), GIFT (.gift hoặc .txt) hoặc Aiken (.txt); tối đa 2 MB.")
    format = forms.ChoiceField(label="Định dạng", choices=FORMAT_CHOICES, required=False)


@scoping.org_view("manage")
def bank_import(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = stage(form.cleaned_data["file"], org=request.org, by=request.user, fmt=form.cleaned_data["format"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            return redirect("contests_io:bank_import_preview", org_id=request.org.pk, batch_id=batch.pk)
    return render(request, "contests/io/upload.html", {"org": request.org, "form": form})


@require_http_methods(["GET", "POST"])
@scoping.org_view("manage")
def bank_import_preview(request, batch_id):
    """GET: every bad line with its reasons and the first questions as they will be stored.
    POST: the commit (all or nothing)."""
    batch = get_object_or_404(ImportBatch.objects.in_orgs([request.org.pk]).select_related("org"),
                              pk=batch_id, kind=KIND)
    if request.method == "POST":
        return _commit(request, batch)
    check = None if batch.committed_at else check_batch(batch)
    sample = [(line, question, options) for line, (question, options) in check.valid[:PREVIEW_QUESTIONS]] if check else []
    return render(request, "contests/io/preview.html", {
        "org": request.org, "batch": batch, "check": check, "sample": sample})


def _commit(request, batch):
    back = redirect("contests_io:bank_import_preview", org_id=request.org.pk, batch_id=batch.pk)
    try:
        batch, check = commit_batch(batch.pk, org=request.org, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return back
    if check is None:
        messages.info(request, f"Tệp {batch.file_name} đã được nhập trước đó; không nhập lại.")
    elif not check.ok:
        messages.error(request, "Tệp còn dòng lỗi nên chưa nhập câu hỏi nào.")
        return back
    else:
        messages.success(request, f"Đã nhập {batch.created_count} câu hỏi từ tệp {batch.file_name}.")
    return redirect("contests:bank", org_id=request.org.pk)


@scoping.org_view("manage")
def bank_template(request):
    return xlsx_response(request, "mau-nhap-cau-hoi.xlsx", formats.excel_template(), action="export.template",
                         log=False)


@scoping.org_view("manage")
def bank_export(request, fmt):
    if fmt not in {"xlsx", "gift", "aiken"}:
        raise Http404
    org = request.org
    questions = [as_parsed(q) for q in own_bank(org)]
    if fmt == "xlsx":
        return xlsx_response(request, f"cau-hoi-{org.code}.xlsx", [formats.excel_sheet(questions)],
                             action="export.questions", org=org)
    skipped = 0
    if fmt == "gift":
        filename, content = f"cau-hoi-{org.code}.gift", formats.to_gift(questions)
    else:
        filename, (content, skipped) = f"cau-hoi-{org.code}.txt", formats.to_aiken(questions)
    written = len(questions) - skipped
    summary = f"Xuất {filename} ({written} câu hỏi"
    summary += f", bỏ qua {skipped} câu nhiều đáp án)" if skipped else ")"
    log_action("export.questions", by=request.user, org=org, summary=summary,
               after={"file": filename, "rows": written, "skipped": skipped})
    if skipped:
        messages.warning(request, f"Tệp Aiken chỉ chứa câu một đáp án: đã bỏ qua {skipped} câu nhiều đáp án "
                                  "(dùng GIFT hoặc Excel để xuất cả những câu này).")
    response = HttpResponse(content, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["X-Skipped-Questions"] = str(skipped)
    return response
