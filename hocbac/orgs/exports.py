"""Sheets for the member and organisation exports and import templates. An export has the
template's columns, so an exported file can be edited and imported elsewhere unchanged."""

from .imports import MEMBER_COLUMNS, MEMBER_REQUIRED, ORG_COLUMNS, ORG_REQUIRED
from .models import ACTIVE_STATUSES, MemberStatus, OrgKind, Sector


def _header(columns, required):
    return [f"{label} *" if key in required else label for key, label in columns.items()]


def member_sheet(members):
    rows = [[m.full_name, m.get_gender_display(), m.birth_date, m.card_number, m.admitted_on, m.full_member_on,
             m.get_status_display(), m.position, "Có" if m.is_key_leader else "", m.phone, m.org.code]
            for m in members]
    return ("Đảng viên", _header(MEMBER_COLUMNS, (*MEMBER_REQUIRED, "org_code")), rows)


def organization_sheet(orgs):
    rows = [[o.code, o.name, o.get_kind_display(), o.parent.code if o.parent_id else "", o.get_sector_display(), o.address]
            for o in orgs]
    return ("Tổ chức", _header(ORG_COLUMNS, ORG_REQUIRED), rows)


def _guide(lines):
    return ("Hướng dẫn", ["Cách điền"], [[line] for line in lines])


def member_template(org, cells):
    statuses = ", ".join(MemberStatus(s).label for s in ACTIVE_STATUSES)
    guide = [
        "Mỗi dòng là một đảng viên; cột có dấu * là bắt buộc. Không đổi tên các cột.",
        "Ngày ghi theo dạng ngày/tháng/năm, ví dụ 19/05/1965 (hoặc định dạng ô kiểu Ngày).",
        "Giới tính: Nam hoặc Nữ. Cán bộ chủ chốt: ghi Có hoặc để trống.",
        f"Tình trạng: {statuses}. Để trống là Chính thức.",
        "Số thẻ đảng viên không được trùng trong tệp hay với người đã có trong hệ thống.",
        "Mã chi bộ: mã của chi bộ hoặc tổ đảng nơi đảng viên sinh hoạt"
        + (f"; để trống là {org.name}." if org.holds_members else "."),
        "Hệ thống kiểm tra toàn bộ tệp trước; chỉ khi không còn dòng lỗi mới nhập, và nhập tất cả một lần.",
        "",
        "Mã các chi bộ, tổ đảng:",
        *[f"{cell.code} — {cell.name}" for cell in cells],
    ]
    return [member_sheet([]), _guide(guide)]


def organization_template(org):
    guide = [
        "Mỗi dòng là một tổ chức đảng; cột có dấu * là bắt buộc.",
        f"Mã cấp trên: mã của một tổ chức trong {org.name} ({org.code}) hoặc của một dòng phía trên; "
        f"để trống là trực thuộc {org.name}.",
        "Loại: " + "; ".join(OrgKind.labels) + ".",
        "Khối: " + "; ".join(Sector.labels) + ".",
    ]
    return [organization_sheet([]), _guide(guide)]
