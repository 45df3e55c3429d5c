"""Rows of the contest workbook: ranking, participation per organisation, question statistics."""

from hocbac.core.text import format_percent

from . import selectors


def contest_sheets(contest, org, day, *, with_statistics):
    ranking = selectors.ranking(contest)
    ranking_rows = [[row.rank, row.name, row.unit, float(row.score), round(row.time_taken_ms / 1000, 1),
                     row.finished_at.astimezone().replace(tzinfo=None), row.attempts, row.attempt.tab_switches,
                     *([row.attempt.prediction] if contest.has_prediction else []), row.reason]
                    for row in ranking.rows]
    header = ["Hạng", "Họ và tên", "Đơn vị", "Điểm", "Thời gian làm bài (giây)", "Nộp bài lúc", "Số lượt thi",
              "Số lần rời trang", *(["Dự đoán"] if contest.has_prediction else []), "Xếp sau người trên vì"]
    total, children = selectors.participation(contest, org, day)
    participation = [[p.org.name, p.eligible, p.took, format_percent(p.took, p.eligible)] for p in [*children, total]]
    sheets = [("Xếp hạng", header, ranking_rows),
              ("Tham gia", ["Tổ chức", "Đảng viên", "Đã thi", "Tỷ lệ"], participation)]
    if with_statistics:
        stats = [[r["question"].text, r["asked"], r["right"], r["wrong"], r["unanswered"],
                  format_percent(r["right"], r["asked"]) if r["asked"] else ""]
                 for r in selectors.question_statistics(contest)]
        sheets.append(("Thống kê câu hỏi", ["Câu hỏi", "Số lần hỏi", "Đúng", "Sai", "Không trả lời", "Tỷ lệ đúng"], stats))
    return sheets
