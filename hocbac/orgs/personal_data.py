"""Everything the system holds about one member, for the member to download (/toi/du-lieu.xlsx):
their record and account, then every row of every table that points at them (attendance,
registrations, reflections, attempts, ratings, …) and the rows that belong to those (answers of
an attempt, citations and comments of a reflection, …). Found from the models themselves, so a
new table that points at a member is included without being listed here. Passwords and keys
are never included."""

import datetime
import json
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.utils import timezone

from .models import Member

# Fields that are secrets or internal keys, never written out.
HIDDEN = {"password", "key_hash", "token_hash", "checkin_code", "key", "row_hash", "prev_hash", "search_text",
          "sort_key", "session_key", "session_data"}
USER_FIELDS = ["username", "full_name", "email", "phone", "is_active", "last_login", "date_joined"]
# Vietnamese names of the tables and of the fields whose verbose name was left in English.
TITLES = {"member": "Hồ sơ đảng viên", "memberperiod": "Quá trình sinh hoạt", "documentread": "Văn bản đã đọc",
          "bookmark": "Văn bản đánh dấu", "attendance": "Điểm danh", "registration": "Đăng ký làm theo",
          "notebookentry": "Sổ tay", "notebookremark": "Nhận xét sổ tay", "reflection": "Bài thu hoạch",
          "citation": "Biểu hiện đã tự soi", "comment": "Góp ý bài thu hoạch", "attempt": "Lượt thi",
          "slot": "Câu hỏi đã nhận", "answer": "Câu trả lời", "classification": "Phân loại hằng tháng",
          "mark": "Tiêu chí phân loại", "yearrating": "Xếp loại cuối năm", "commendation": "Khen thưởng",
          "reminder": "Nhắc nhở, kiểm điểm", "practice": "Mô hình", "extratime": "Thêm thời gian thi",
          "noticeread": "Thông báo đã đọc"}
FIELD_LABELS = {"id": "mã", "member": "đảng viên", "org": "tổ chức", "status": "trạng thái", "start": "từ ngày",
                "end": "đến ngày", "session": "buổi", "document": "văn bản", "state": "trạng thái",
                "contest": "cuộc thi", "attempt": "lượt thi", "position": "thứ tự", "question": "câu hỏi",
                "chosen": "đã chọn", "reflection": "bài thu hoạch", "author": "người viết", "notice": "thông báo",
                "criteria set": "bộ tiêu chí", "criterion": "tiêu chí", "frame": "khung đánh giá",
                "created at": "tạo lúc", "updated at": "sửa lúc", "first read at": "đọc lần đầu",
                "read at": "đọc lúc", "recorded at": "ghi lúc", "recorded by": "người ghi", "source": "nguồn",
                "reason": "lý do", "parent": "trả lời góp ý", "started at": "bắt đầu lúc",
                "finished at": "kết thúc lúc", "number": "lần", "last read at": "đọc lần cuối",
                "written by": "người viết", "guest": "khách", "manifestation": "biểu hiện", "version": "phiên bản",
                "label": "tên", "text": "nội dung", "author name": "tên người viết", "option order": "thứ tự phương án",
                "weight": "trọng số", "answered at": "trả lời lúc", "classification": "phân loại",
                "served at": "giao lúc", "deadline": "hạn trả lời", "points": "điểm", "is correct": "đúng"}


def _value(value):
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%d/%m/%Y %H:%M}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def _fields(model):
    return [f for f in model._meta.concrete_fields if f.name not in HIDDEN]


def _label(field):
    label = str(field.verbose_name)
    return FIELD_LABELS.get(label.lower(), label)


def _sheet(model, rows):
    fields = _fields(model)
    title = TITLES.get(model._meta.model_name) or str(model._meta.verbose_name)
    return (title[:1].upper() + title[1:], [_label(f) for f in fields],
            [[_value(getattr(row, f.attname)) for f in fields] for row in rows])


def _pointing_at(target):
    """(model, foreign key) of every table with a foreign key to `target`."""
    return [(model, field) for model in apps.get_models() for field in model._meta.concrete_fields
            if field.is_relation and field.many_to_one and field.related_model is target and field.name not in HIDDEN]


def sheets_for(member):
    """[(title, header, rows)]: the member's record first, then each table holding rows about them."""
    sheets = [_sheet(Member, [member])]
    user = member.user
    if user is not None:
        sheets.append(("Tài khoản", [_label(user._meta.get_field(name)) for name in USER_FIELDS
                                     if hasattr(user, name)],
                       [[_value(getattr(user, name)) for name in USER_FIELDS if hasattr(user, name)]]))
    held = []
    for model, field in _pointing_at(Member):
        rows = list(model._base_manager.filter(**{field.name: member}).order_by("pk"))
        if rows:
            held.append((model, rows))
    for model, rows in list(held):  # the rows that belong to those: one level down
        for child, field in _pointing_at(model):
            if child is Member:
                continue
            children = list(child._base_manager.filter(**{f"{field.name}__in": [r.pk for r in rows]}).order_by("pk"))
            if children:
                held.append((child, children))
    merged = {}
    for model, rows in held:
        merged.setdefault(model, {}).update({row.pk: row for row in rows})
    titles = {sheet[0] for sheet in sheets}
    for model, rows in merged.items():
        sheet = _sheet(model, rows.values())
        title = sheet[0]
        while title[:31] in titles:  # two tables with one verbose name
            title = f"{title} ({model._meta.model_name})"
        titles.add(title[:31])
        sheets.append((title, sheet[1], sheet[2]))
    return sheets
