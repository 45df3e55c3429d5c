"""The registry of models as a workbook sheet (core.exports renders it)."""

from . import selectors
from .models import StatusChange

REGISTRY_HEADERS = ["Tên mô hình", "Tổ chức thực hiện", "Nguồn", "Tập thể/cá nhân", "Đảng viên", "Lĩnh vực",
                    "Ngày bắt đầu", "Tình trạng", "Từ ngày", "Cơ quan công nhận", "Số quyết định",
                    "Ngày quyết định", "Nhân rộng từ", "Số nơi nhân rộng", "Công khai"]


def registry_sheet(org):
    """The registry of `org`'s subtree, one row per model, with its latest recognition."""
    practices = selectors.practices_in(org).order_by("org__sort_key", "-started_on", "id")
    latest_recognition, rows = {}, []
    for change in (StatusChange.objects.filter(practice__org__path__startswith=org.path)
                   .exclude(recognised_by="").order_by("changed_on", "id")):
        latest_recognition[change.practice_id] = change
    for p in practices:
        recognition = latest_recognition.get(p.pk)
        rows.append([
            p.name, p.org.name, p.get_origin_display(), p.get_holder_display(), p.member.full_name if p.member else "",
            p.field.name, p.started_on, p.get_status_display(), p.status_since,
            recognition.recognised_by if recognition else "", recognition.decision if recognition else "",
            recognition.decided_on if recognition else None,
            f"{p.adopted_from.name} ({p.adopted_from.org.name})" if p.adopted_from_id else "", p.adoption_count,
            "có" if p.is_public else "",
        ])
    return "Mô hình", REGISTRY_HEADERS, rows
