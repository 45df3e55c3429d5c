"""Excel sheets: the commendations of a year, those issued in a year (for the review report) and
the inspection plan of a year. Each function gives `(title, header, rows)` for
`core.exports.write_workbook`/`xlsx_response`."""

COMMENDATION_HEADER = ["STT", "Đối tượng", "Tập thể, cá nhân được khen", "Thuộc", "Hình thức", "Cấp khen thưởng",
                       "Khen về", "Thành tích, lý do", "Bước", "Số quyết định", "Ngày quyết định", "Người ký"]


def _unit(c):
    """Where the recipient belongs: the member's cell, or the organisation above a collective."""
    if c.recipient == "ca_nhan":
        return c.org.name
    return c.org.parent.name if c.org.parent_id else ""


def commendation_sheet(commendations, year):
    """Every commendation of `year` (the year it is for), at whatever stage."""
    rows = [[number, c.get_recipient_display(), c.recipient_name, _unit(c), c.form.name, c.awarding_org.name,
             c.get_basis_display(), c.reason, c.get_stage_display(), c.decision_number, c.decided_on, c.signer]
            for number, c in enumerate(commendations, start=1)]
    return (f"Khen thưởng năm {year}", COMMENDATION_HEADER, rows)


REPORT_HEADER = ["STT", "Quyết định", "Ngày quyết định", "Cấp khen thưởng", "Hình thức", "Đối tượng",
                 "Tập thể, cá nhân được khen", "Thuộc", "Thành tích"]


def report_sheet(commendations, year):
    """The commendations issued by decisions dated in `year`, for the review report
    (`selectors.report_list`)."""
    rows = [[number, c.decision_number, c.decided_on, c.awarding_org.name, c.form.name, c.get_recipient_display(),
             c.recipient_name, _unit(c), c.reason] for number, c in enumerate(commendations, start=1)]
    return (f"Đã khen trong năm {year}", REPORT_HEADER, rows)


PLAN_HEADER = ["STT", "Hình thức", "Nội dung", "Cấp ủy", "Tổ chức được kiểm tra, giám sát", "Từ ngày", "Đến ngày",
               "Chủ thể kiểm tra, giám sát", "Ngày kết luận", "Kết luận", "Việc phải làm", "Đã xong"]


def plan_sheet(items, year):
    rows = []
    for number, item in enumerate(items, start=1):
        follow_ups = list(item.follow_ups.all())
        rows.append([number, item.get_kind_display(), item.content, item.org.name,
                     "; ".join(t.name for t in item.targets.all()), item.starts_on, item.ends_on, item.inspectors,
                     item.concluded_on, item.conclusion,
                     "; ".join(f"{f.org.name}: {f.text} (hạn {f.due_on:%d/%m/%Y})" for f in follow_ups),
                     f"{sum(1 for f in follow_ups if f.done_on)}/{len(follow_ups)}" if follow_ups else ""])
    return (f"Kiểm tra, giám sát {year}", PLAN_HEADER, rows)
