"""Rows for the study exports; `core.exports` writes them."""

from hocbac.core.text import format_percent

from .models import AttendanceStatus


def coverage_sheet(total, rows):
    header = ["Tổ chức", "Đảng viên đã học", "Đảng viên thuộc diện", "Tỷ lệ", "Quần chúng", "Số buổi"]
    body = [[r.org.name, r.studied, r.eligible, format_percent(r.studied, r.eligible), r.non_members, r.sessions] for r in rows]
    body.append([f"Tổng: {total.org.name}", total.studied, total.eligible, total.percent, total.non_members, total.sessions])
    return ("Bao phủ", header, body)


def attendance_sheet(session, invited, marks):
    labels = dict(AttendanceStatus.choices)
    header = ["STT", "Họ và tên", "Số thẻ đảng viên", "Chi bộ", "Điểm danh"]
    body = [[i, m.full_name, m.card_number, m.cell_name, labels.get(marks.get(m.pk), "Chưa điểm danh")]
            for i, m in enumerate(invited, start=1)]
    return ("Điểm danh", header, body)


def rates_sheet(rates):
    header = ["Họ và tên", "Chi bộ", "Số buổi", "Có mặt", "Vắng có lý do", "Vắng không lý do", "Tỷ lệ có mặt", "Vắng SH thường kỳ không lý do"]
    body = [[r.member.full_name, r.member.org.name, r.invited, r.present, r.excused, r.absent,
             format_percent(r.present, r.invited), r.regular_absent] for r in rates]
    return ("Tỷ lệ tham dự", header, body)
