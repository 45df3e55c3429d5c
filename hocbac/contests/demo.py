"""Quiz contests for a demo ward (`hocbac demo`), after the study year: a question bank, a
year of the ward's monthly contests, the secretary's cell contests at its meetings and one public
contest.

Bank: 74 questions of the ward's bank on what members study (Chỉ thị 05-CT/TW, Kết luận
01-KL/TW, Quy định 144-QĐ/TW, Nghị quyết 21-NQ/TW, Nghị quyết Trung ương 4 khóa XII, the life
and works of Hồ Chí Minh, the Party's statute and history, the year's topic), 4 options each,
about one in six with two right options, each with an explanation, tags, a difficulty and the
library's document when there is one.

Monthly contests: the ward committee runs one a month for all its members, from January of this
year to the current month: 10 questions drawn at random from a pool of 20 (most on the month's
theme), 30 seconds each, one attempt, open for about a week from a working day near the middle
of the month. This month's opened a few days ago and closes in about a week: some members have
taken it already, the demo member ("dangvien") has not.

Who takes part (as the seed articles and DOMAIN.md describe): about 55–80% of the members
eligible on the opening day; most in agency, school, police and military cells (smartphones,
a link in the cell's group), fewer in residential cells where most members are retired, and
fewer again among the very old and those without a phone. Each member keeps a propensity, a
skill and a pace all year. Scores lean high (most 7–10): questions are on what was studied.
Harder questions are missed more often, multiple choice more often still. A few of the oldest
members have extra time (`ExtraTime`, ×1,5 or ×2); a few attempts have tab switches; now and
then a question's time runs out unanswered (the phone rang) and the next one is served when the
member comes back.

Cell contests: the demo secretary's cell ("bithu") holds its own 5-question contest at its monthly
meeting, as the school cell in seed 004 does ("Khắc sâu tư tưởng đảng viên"), for the last three
months, everyone answering at the same time on their phones in the meeting room; this month's is
set for its coming meeting.

Public contest: one, closed, on the life of Hồ Chí Minh around 19/5, for members and the public,
with a few dozen guests (name, phone, unit).

Every attempt is written in bulk exactly as the services would have written it: slots drawn as
`services._draw` does, each slot served (`served_at`, `deadline` = served_at + seconds × the
member's multiplier), answers inside the deadline marked with `services.mark`, the attempt's
score, correct count and time from `services.score_of`, `attempt.org` the member's cell on the
day; slots and answers go in through one prepared INSERT (bulk_create of a hundred thousand
model instances takes most of a minute). One "demo.build" audit entry per ward says what was
added (the services would audit every question and contest). Deterministic for a seed and a
moment: every draw comes from one `random.Random`, each contest's attempts from a generator it
seeds, so the attempts already in this month's contest change nothing else.
"""

import datetime
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from hocbac.commitments.demo import write_columns
from hocbac.core.audit import log_action
from hocbac.core.text import format_number, format_percent
from hocbac.library.models import Document, DocumentKind, Topic
from hocbac.orgs.demo import PHONE_PREFIXES, age_on, local_time, make_name, ward_staff, working_day
from hocbac.orgs.models import (
    MEMBER_HOLDING_KINDS,
    Member,
    MemberPeriod,
    Organization,
    Sector,
)
from hocbac.orgs.selectors import eligible_on
from hocbac.study.demo import YEARLY_TOPIC
from hocbac.study.models import Attendance, AttendanceStatus, SessionKind, StudySession

from . import services
from .models import (
    GRACE_SECONDS,
    Answer,
    Attempt,
    Audience,
    Contest,
    ContestQuestion,
    ExtraTime,
    FinishReason,
    Guest,
    Option,
    Question,
    QuestionKind,
    Slot,
)

MONTHLY_COUNT, MONTHLY_POOL, SECONDS = 10, 20, 30
CELL_COUNT = 5
CELL_MONTHS = 3  # past meetings with a contest, besides this month's
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # as services._new_code

# ---------------------------------------------------------------------------------------------
# The bank. "*" marks a right option; options are shown in this order in the bank (the contests
# shuffle them).


@dataclass(frozen=True)
class Q:
    theme: str
    difficulty: int
    text: str
    options: tuple
    explanation: str
    topic: str = ""  # "term": the whole-term topic; "year": the year's topic
    document: str = ""  # overrides the theme's document ("plan": the ward's plan of the year)


# theme → (document number of the library or "", tags)
THEMES = {
    "ct05": ("05-CT/TW", "Chỉ thị 05-CT/TW, học tập và làm theo Bác"),
    "kl01": ("01-KL/TW", "Kết luận 01-KL/TW, Chỉ thị 05-CT/TW"),
    "qd144": ("", "Quy định 144-QĐ/TW, chuẩn mực đạo đức cách mạng"),
    "nq21": ("21-NQ/TW", "Nghị quyết 21-NQ/TW, tổ chức cơ sở đảng, đảng viên"),
    "nq04": ("04-NQ/TW", "Nghị quyết Trung ương 4 khóa XII, 27 biểu hiện suy thoái"),
    "life": ("", "cuộc đời Chủ tịch Hồ Chí Minh, lịch sử"),
    "works": ("", "tác phẩm của Chủ tịch Hồ Chí Minh, đạo đức cách mạng"),
    "party": ("", "Điều lệ Đảng, lịch sử Đảng"),
    "topic": ("", "chuyên đề năm"),
}

BANK = [
    # Chỉ thị 05-CT/TW
    Q("ct05", 1, "Chỉ thị 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh được ban hành ngày nào?",
      ("*15/5/2016", "19/5/2016", "3/2/2016", "2/9/2016"),
      "Chỉ thị 05-CT/TW được Bộ Chính trị khóa XII ban hành ngày 15/5/2016."),
    Q("ct05", 1, "Cơ quan nào ban hành Chỉ thị 05-CT/TW?",
      ("Ban Bí thư", "*Bộ Chính trị", "Ban Chấp hành Trung ương Đảng", "Ban Tuyên giáo Trung ương"),
      "Chỉ thị 05-CT/TW là chỉ thị của Bộ Chính trị."),
    Q("ct05", 2, "Chỉ thị 05-CT/TW do Bộ Chính trị khóa nào ban hành?",
      ("Khóa X", "Khóa XI", "*Khóa XII", "Khóa XIII"),
      "Chỉ thị được ban hành ngày 15/5/2016, sau Đại hội XII của Đảng (tháng 1/2016), nên là chỉ thị của Bộ Chính trị khóa XII."),
    Q("ct05", 2, "Tên của Chỉ thị 05-CT/TW là gì?",
      ("*Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
       "Về tiếp tục đẩy mạnh việc học tập và làm theo tấm gương đạo đức Hồ Chí Minh",
       "Về tăng cường xây dựng, chỉnh đốn Đảng",
       "Về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên"),
      "Chỉ thị 05-CT/TW ngày 15/5/2016 của Bộ Chính trị “Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”; "
      "tên thứ hai là của Chỉ thị 03-CT/TW năm 2011."),
    Q("ct05", 1, "Chỉ thị 05-CT/TW đẩy mạnh học tập và làm theo Chủ tịch Hồ Chí Minh về những mặt nào?",
      ("Đạo đức và lối sống", "Tư tưởng quân sự", "*Tư tưởng, đạo đức, phong cách", "Phong cách ngoại giao"),
      "Chỉ thị 05-CT/TW đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh: cả ba mặt, không chỉ tấm gương đạo đức."),
    Q("ct05", 3, "Trước Chỉ thị 05-CT/TW, Bộ Chính trị khóa XI đã ban hành chỉ thị nào về học tập và làm theo tấm gương đạo đức Hồ Chí Minh?",
      ("Chỉ thị 06-CT/TW", "*Chỉ thị 03-CT/TW", "Chỉ thị 10-CT/TW", "Chỉ thị 01-CT/TW"),
      "Chỉ thị 03-CT/TW ngày 14/5/2011 của Bộ Chính trị khóa XI về tiếp tục đẩy mạnh việc học tập và làm theo tấm gương đạo đức Hồ Chí Minh; "
      "trước đó, Chỉ thị 06-CT/TW năm 2006 của Bộ Chính trị khóa X mở Cuộc vận động."),
    Q("ct05", 2, "Những chỉ thị nào của Bộ Chính trị về học tập và làm theo Bác đã có trước Chỉ thị 05-CT/TW? (chọn 2 đáp án)",
      ("*Chỉ thị 06-CT/TW năm 2006", "*Chỉ thị 03-CT/TW năm 2011", "Nghị quyết 21-NQ/TW năm 2022", "Quy định 144-QĐ/TW năm 2024"),
      "Chỉ thị 06-CT/TW (2006) mở Cuộc vận động “Học tập và làm theo tấm gương đạo đức Hồ Chí Minh”, Chỉ thị 03-CT/TW (2011) tiếp tục; "
      "Nghị quyết 21 và Quy định 144 ban hành sau và không phải là chỉ thị."),
    Q("ct05", 1, "Theo tinh thần Chỉ thị 05-CT/TW, học tập và làm theo Bác phải trở thành công việc như thế nào?",
      ("*Tự giác, thường xuyên của mỗi tổ chức đảng, cán bộ, đảng viên", "Chỉ làm vào dịp kỷ niệm Ngày sinh của Bác",
       "Việc riêng của cán bộ lãnh đạo", "Một phong trào mỗi năm một đợt"),
      "Chỉ thị 05-CT/TW yêu cầu làm cho việc học tập và làm theo Bác trở thành công việc tự giác, thường xuyên, gắn với nhiệm vụ chính trị của từng nơi."),
    Q("ct05", 1, "Theo Chỉ thị 05-CT/TW, ai phải gương mẫu đi đầu trong học tập và làm theo Bác?",
      ("Chỉ đoàn viên thanh niên", "Chỉ đảng viên mới kết nạp", "*Cán bộ, đảng viên, trước hết là cán bộ chủ chốt, người đứng đầu",
       "Chỉ những đảng viên đã nghỉ hưu"),
      "Chỉ thị 05-CT/TW đề cao trách nhiệm nêu gương của cán bộ, đảng viên, trước hết là cán bộ chủ chốt và người đứng đầu các cấp."),
    Q("ct05", 2, "Những văn bản nào sau đây do Bộ Chính trị ban hành? (chọn 2 đáp án)",
      ("*Chỉ thị 05-CT/TW", "Nghị quyết 21-NQ/TW", "*Kết luận 01-KL/TW", "Nghị quyết 04-NQ/TW"),
      "Chỉ thị 05-CT/TW (2016) và Kết luận 01-KL/TW (2021) là của Bộ Chính trị; Nghị quyết 21-NQ/TW và Nghị quyết 04-NQ/TW là nghị quyết "
      "của Ban Chấp hành Trung ương Đảng."),
    # Kết luận 01-KL/TW
    Q("kl01", 2, "Kết luận 01-KL/TW về tiếp tục thực hiện Chỉ thị 05-CT/TW được ban hành ngày nào?",
      ("15/5/2021", "*18/5/2021", "19/5/2021", "18/5/2016"),
      "Kết luận 01-KL/TW của Bộ Chính trị ban hành ngày 18/5/2021."),
    Q("kl01", 1, "Kết luận 01-KL/TW là văn bản tiếp tục thực hiện văn bản nào?",
      ("Nghị quyết 21-NQ/TW", "Quy định 144-QĐ/TW", "Chỉ thị 06-CT/TW", "*Chỉ thị 05-CT/TW"),
      "Kết luận 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, "
      "đạo đức, phong cách Hồ Chí Minh."),
    Q("kl01", 2, "Kết luận 01-KL/TW do Bộ Chính trị khóa nào ban hành?",
      ("Khóa XI", "Khóa XII", "*Khóa XIII", "Khóa X"),
      "Kết luận 01-KL/TW ban hành ngày 18/5/2021, sau Đại hội XIII của Đảng (đầu năm 2021): là kết luận đầu tiên của Bộ Chính trị khóa XIII."),
    Q("kl01", 1, "Cơ quan nào ban hành Kết luận 01-KL/TW?",
      ("*Bộ Chính trị", "Ban Bí thư", "Quốc hội", "Ủy ban Kiểm tra Trung ương"),
      "Kết luận 01-KL/TW là kết luận của Bộ Chính trị."),
    Q("kl01", 2, "Chuyên đề toàn khóa về học tập và làm theo Bác của nhiệm kỳ Đại hội XIII là gì?",
      ("*Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và khát vọng phát triển đất nước phồn vinh, hạnh phúc",
       "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phát huy dân chủ ở cơ sở",
       "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về chống lãng phí",
       "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh về thực hành tiết kiệm"),
      "Chuyên đề toàn khóa từ năm 2021 là về ý chí tự lực, tự cường và khát vọng phát triển đất nước phồn vinh, hạnh phúc; "
      "mỗi năm có chuyên đề năm bám sát chuyên đề toàn khóa.", topic="term"),
    # Quy định 144-QĐ/TW
    Q("qd144", 2, "Quy định 144-QĐ/TW về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới được ban hành ngày nào?",
      ("19/5/2024", "9/5/2023", "*9/5/2024", "3/2/2024"),
      "Quy định 144-QĐ/TW của Bộ Chính trị ban hành ngày 9/5/2024."),
    Q("qd144", 1, "Quy định 144-QĐ/TW của Bộ Chính trị quy định về nội dung gì?",
      ("*Chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới", "Những điều đảng viên không được làm",
       "Thi hành Điều lệ Đảng", "Kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng"),
      "Quy định 144-QĐ/TW ngày 9/5/2024 quy định chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới."),
    Q("qd144", 3, "Quy định 144-QĐ/TW nêu bao nhiêu chuẩn mực đạo đức cách mạng của cán bộ, đảng viên?",
      ("3", "4", "*5", "6"),
      "Quy định nêu 5 chuẩn mực: yêu nước, tôn trọng Nhân dân, tuyệt đối trung thành với Đảng, với Tổ quốc; bản lĩnh, đổi mới, sáng tạo, "
      "hội nhập; cần, kiệm, liêm, chính, chí công vô tư; đoàn kết, kỷ cương, tình thương, trách nhiệm; gương mẫu, khiêm tốn, tu dưỡng rèn "
      "luyện, học tập suốt đời."),
    Q("qd144", 2, "Những nội dung nào là chuẩn mực đạo đức cách mạng trong Quy định 144-QĐ/TW? (chọn 2 đáp án)",
      ("*Cần, kiệm, liêm, chính, chí công vô tư", "Giữ hòa khí, tránh va chạm trong tập thể",
       "*Đoàn kết, kỷ cương, tình thương, trách nhiệm", "Ưu tiên lợi ích của gia đình, dòng họ"),
      "Cần, kiệm, liêm, chính, chí công vô tư là chuẩn mực thứ ba; đoàn kết, kỷ cương, tình thương, trách nhiệm là chuẩn mực thứ tư."),
    Q("qd144", 3, "Chuẩn mực thứ nhất trong Quy định 144-QĐ/TW là gì?",
      ("Bản lĩnh, đổi mới, sáng tạo, hội nhập", "*Yêu nước, tôn trọng Nhân dân, tuyệt đối trung thành với Đảng, với Tổ quốc",
       "Gương mẫu, khiêm tốn, tu dưỡng rèn luyện, học tập suốt đời", "Đoàn kết, kỷ cương, tình thương, trách nhiệm"),
      "Điều 1 của Quy định: yêu nước, tôn trọng Nhân dân, tuyệt đối trung thành với Đảng, với Tổ quốc."),
    Q("qd144", 2, "Theo Quy định 144-QĐ/TW, chuẩn mực “Gương mẫu, khiêm tốn, tu dưỡng rèn luyện, …” kết thúc bằng cụm từ nào?",
      ("cống hiến hết mình", "phục vụ suốt đời", "làm việc suốt đời", "*học tập suốt đời"),
      "Chuẩn mực thứ năm: gương mẫu, khiêm tốn, tu dưỡng rèn luyện, học tập suốt đời."),
    Q("qd144", 1, "Cơ quan nào ban hành Quy định 144-QĐ/TW?",
      ("Ban Bí thư", "Ban Tổ chức Trung ương", "*Bộ Chính trị", "Ủy ban Kiểm tra Trung ương"),
      "Quy định 144-QĐ/TW do Bộ Chính trị ban hành ngày 9/5/2024."),
    Q("qd144", 2, "Những nội dung nào là chuẩn mực trong Quy định 144-QĐ/TW? (chọn 2 đáp án)",
      ("Đặt lợi ích cá nhân lên trên hết", "*Bản lĩnh, đổi mới, sáng tạo, hội nhập",
       "*Gương mẫu, khiêm tốn, tu dưỡng rèn luyện, học tập suốt đời", "Dĩ hòa vi quý, ai làm nấy chịu"),
      "Bản lĩnh, đổi mới, sáng tạo, hội nhập là chuẩn mực thứ hai; gương mẫu, khiêm tốn, tu dưỡng rèn luyện, học tập suốt đời là chuẩn mực thứ năm."),
    # Nghị quyết 21-NQ/TW
    Q("nq21", 2, "Nghị quyết 21-NQ/TW về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên "
      "trong giai đoạn mới được ban hành ngày nào?",
      ("16/6/2021", "*16/6/2022", "30/10/2016", "18/5/2021"),
      "Nghị quyết 21-NQ/TW ban hành ngày 16/6/2022."),
    Q("nq21", 3, "Nghị quyết 21-NQ/TW được thông qua tại hội nghị nào?",
      ("Hội nghị lần thứ tư Ban Chấp hành Trung ương khóa XII", "Hội nghị lần thứ tư Ban Chấp hành Trung ương khóa XIII",
       "*Hội nghị lần thứ năm Ban Chấp hành Trung ương khóa XIII", "Đại hội đại biểu toàn quốc lần thứ XIII"),
      "Hội nghị Trung ương 5 khóa XIII (tháng 5/2022) thông qua Nghị quyết 21-NQ/TW cùng các nghị quyết về đất đai, về nông nghiệp, nông dân, "
      "nông thôn và về kinh tế tập thể."),
    Q("nq21", 1, "Nghị quyết 21-NQ/TW nhằm củng cố, nâng cao chất lượng những đối tượng nào? (chọn 2 đáp án)",
      ("*Tổ chức cơ sở đảng", "Doanh nghiệp nhà nước", "*Đội ngũ đảng viên", "Hội đồng nhân dân các cấp"),
      "Nghị quyết về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên trong giai đoạn mới."),
    Q("nq21", 2, "Cơ quan nào ban hành Nghị quyết 21-NQ/TW?",
      ("Bộ Chính trị", "*Ban Chấp hành Trung ương Đảng", "Ban Bí thư", "Quốc hội"),
      "Nghị quyết 21-NQ/TW là nghị quyết của Ban Chấp hành Trung ương Đảng (Hội nghị Trung ương 5 khóa XIII)."),
    Q("nq21", 1, "Theo Chủ tịch Hồ Chí Minh, chi bộ có vị trí như thế nào đối với Đảng?",
      ("Cơ quan tham mưu của Đảng", "*Là nền móng của Đảng", "Cơ quan lãnh đạo cao nhất của Đảng", "Một tổ chức quần chúng"),
      "Bác coi chi bộ là nền móng của Đảng, là sợi dây liên hệ giữa Đảng với quần chúng; Người dạy: “Đảng mạnh là do chi bộ tốt”."),
    # Nghị quyết Trung ương 4 khóa XII
    Q("nq04", 1, "Nghị quyết Trung ương 4 khóa XII chỉ ra bao nhiêu biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống, "
      "“tự diễn biến”, “tự chuyển hóa” trong nội bộ?",
      ("19", "21", "*27", "30"),
      "Nghị quyết 04-NQ/TW chỉ ra 27 biểu hiện, chia thành ba nhóm."),
    Q("nq04", 1, "27 biểu hiện suy thoái trong Nghị quyết Trung ương 4 khóa XII được chia thành mấy nhóm?",
      ("2", "*3", "4", "5"),
      "Ba nhóm: suy thoái về tư tưởng chính trị; suy thoái về đạo đức, lối sống; biểu hiện “tự diễn biến”, “tự chuyển hóa”."),
    Q("nq04", 2, "Mỗi nhóm biểu hiện suy thoái trong Nghị quyết Trung ương 4 khóa XII gồm bao nhiêu biểu hiện?",
      ("7", "8", "*9", "10"),
      "Ba nhóm, mỗi nhóm 9 biểu hiện: tất cả 27 biểu hiện."),
    Q("nq04", 2, "Nghị quyết 04-NQ/TW của Hội nghị Trung ương 4 khóa XII được ban hành ngày nào?",
      ("15/5/2016", "*30/10/2016", "16/6/2022", "2/9/2016"),
      "Nghị quyết 04-NQ/TW về tăng cường xây dựng, chỉnh đốn Đảng ban hành ngày 30/10/2016."),
    Q("nq04", 1, "Những nhóm biểu hiện nào được nêu trong Nghị quyết Trung ương 4 khóa XII? (chọn 2 đáp án)",
      ("*Suy thoái về tư tưởng chính trị", "Suy thoái về sức khỏe", "*Suy thoái về đạo đức, lối sống", "Suy thoái về trình độ ngoại ngữ"),
      "Hai nhóm đầu là suy thoái về tư tưởng chính trị và suy thoái về đạo đức, lối sống; nhóm thứ ba là biểu hiện “tự diễn biến”, "
      "“tự chuyển hóa”."),
    Q("nq04", 2, "Nghị quyết 04-NQ/TW có tên là gì?",
      ("*Về tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện "
       "“tự diễn biến”, “tự chuyển hóa” trong nội bộ",
       "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
       "Về tăng cường củng cố, xây dựng tổ chức cơ sở đảng",
       "Về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới"),
      "Nghị quyết Hội nghị Trung ương 4 khóa XII, ngày 30/10/2016."),
    # The life of Hồ Chí Minh
    Q("life", 1, "Chủ tịch Hồ Chí Minh sinh ngày nào?",
      ("2/9/1890", "*19/5/1890", "19/5/1911", "5/6/1890"),
      "Chủ tịch Hồ Chí Minh sinh ngày 19/5/1890."),
    Q("life", 1, "Quê hương của Chủ tịch Hồ Chí Minh ở tỉnh nào?",
      ("Hà Tĩnh", "Thanh Hóa", "*Nghệ An", "Quảng Bình"),
      "Bác sinh ra ở huyện Nam Đàn, tỉnh Nghệ An."),
    Q("life", 1, "Ngày 5/6/1911, người thanh niên Nguyễn Tất Thành ra đi tìm đường cứu nước từ bến cảng nào?",
      ("*Bến cảng Nhà Rồng", "Cảng Hải Phòng", "Cảng Đà Nẵng", "Cửa Hội"),
      "Người rời Bến cảng Nhà Rồng (Sài Gòn) ngày 5/6/1911; ngày này được lấy làm Ngày Bác Hồ ra đi tìm đường cứu nước."),
    Q("life", 2, "Khi làm phụ bếp trên con tàu rời Bến cảng Nhà Rồng năm 1911, người thanh niên Nguyễn Tất Thành lấy tên là gì?",
      ("Nguyễn Ái Quốc", "Lý Thụy", "*Văn Ba", "Thầu Chín"),
      "Người lấy tên Văn Ba, làm phụ bếp trên tàu buôn Pháp để sang phương Tây."),
    Q("life", 2, "Năm 1920, đọc văn kiện nào Nguyễn Ái Quốc tìm thấy con đường cứu nước, giải phóng dân tộc?",
      ("*Sơ thảo lần thứ nhất những luận cương về vấn đề dân tộc và vấn đề thuộc địa của Lênin", "Tuyên ngôn của Đảng Cộng sản",
       "Bộ “Tư bản” của C. Mác", "Tuyên ngôn Độc lập của nước Mỹ"),
      "Tháng 7/1920, Người đọc Sơ thảo luận cương của Lênin; tháng 12/1920 tại Đại hội Tua, Người bỏ phiếu tán thành Quốc tế Cộng sản."),
    Q("life", 2, "Năm 1925, Nguyễn Ái Quốc thành lập tổ chức nào tại Quảng Châu (Trung Quốc)?",
      ("Việt Nam Quốc dân Đảng", "*Hội Việt Nam Cách mạng Thanh niên", "Tân Việt Cách mạng Đảng", "Mặt trận Việt Minh"),
      "Hội Việt Nam Cách mạng Thanh niên thành lập tháng 6/1925, chuẩn bị về tư tưởng và tổ chức cho việc thành lập Đảng."),
    Q("life", 3, "Hội nghị thành lập Đảng Cộng sản Việt Nam đầu năm 1930 do Nguyễn Ái Quốc chủ trì họp ở đâu?",
      ("Quảng Châu", "Ma Cao", "Thượng Hải", "*Hương Cảng (Hồng Kông)"),
      "Hội nghị hợp nhất các tổ chức cộng sản họp ở Cửu Long, Hương Cảng; ngày 3/2 được lấy làm Ngày thành lập Đảng."),
    Q("life", 2, "Ngày 28/1/1941, Nguyễn Ái Quốc về nước trực tiếp lãnh đạo cách mạng, sống và làm việc ở đâu?",
      ("Tân Trào (Tuyên Quang)", "*Pác Bó (Cao Bằng)", "ATK Định Hóa (Thái Nguyên)", "Kim Liên (Nghệ An)"),
      "Người về nước qua cột mốc 108 và ở hang Cốc Bó, Pác Bó, Cao Bằng."),
    Q("life", 1, "Ngày 2/9/1945, tại Quảng trường Ba Đình, Chủ tịch Hồ Chí Minh đọc văn kiện nào?",
      ("Lời kêu gọi toàn quốc kháng chiến", "Di chúc", "*Tuyên ngôn Độc lập", "Lời kêu gọi thi đua ái quốc"),
      "Bản Tuyên ngôn Độc lập khai sinh nước Việt Nam Dân chủ Cộng hòa."),
    Q("life", 3, "Chủ tịch Hồ Chí Minh soạn thảo bản Tuyên ngôn Độc lập tại ngôi nhà nào ở Hà Nội?",
      ("*Số 48 phố Hàng Ngang", "Số 5D phố Hàm Long", "Nhà sàn trong Phủ Chủ tịch", "Bắc Bộ phủ"),
      "Cuối tháng 8/1945, Bác soạn thảo Tuyên ngôn Độc lập tại căn gác nhà số 48 phố Hàng Ngang."),
    Q("life", 2, "Chủ tịch Hồ Chí Minh bắt đầu viết Di chúc vào năm nào?",
      ("1954", "1960", "*1965", "1969"),
      "Bác bắt đầu viết Di chúc ngày 10/5/1965 và bổ sung, sửa chữa trong những năm sau."),
    Q("life", 2, "Những ngày nào dưới đây đúng về Chủ tịch Hồ Chí Minh? (chọn 2 đáp án)",
      ("*Sinh ngày 19/5/1890", "Về nước ngày 28/1/1945", "*Từ trần ngày 2/9/1969", "Ra đi tìm đường cứu nước ngày 5/6/1921"),
      "Bác sinh ngày 19/5/1890, ra đi tìm đường cứu nước ngày 5/6/1911, về nước ngày 28/1/1941 và từ trần ngày 2/9/1969."),
    Q("life", 3, "Câu nói “Không có gì quý hơn độc lập, tự do” được Chủ tịch Hồ Chí Minh nêu trong văn kiện nào?",
      ("Tuyên ngôn Độc lập (1945)", "*Lời kêu gọi đồng bào và chiến sĩ cả nước (17/7/1966)", "Di chúc (1969)", "Thư gửi các học sinh (1945)"),
      "Trong Lời kêu gọi ngày 17/7/1966, Bác khẳng định: “Không có gì quý hơn độc lập, tự do”."),
    # The works and teachings of Hồ Chí Minh
    Q("works", 3, "Tác phẩm “Sửa đổi lối làm việc” được Chủ tịch Hồ Chí Minh viết năm nào, với bút danh gì?",
      ("*Năm 1947, bút danh X.Y.Z", "Năm 1947, bút danh Trần Lực", "Năm 1958, bút danh X.Y.Z", "Năm 1969, bút danh T.L."),
      "Người viết “Sửa đổi lối làm việc” tháng 10/1947 với bút danh X.Y.Z."),
    Q("works", 1, "Trong “Sửa đổi lối làm việc”, Bác viết: “Cán bộ là cái … của mọi công việc”. Từ còn thiếu là gì?",
      ("ngọn", "*gốc", "đích", "khởi đầu"),
      "“Cán bộ là cái gốc của mọi công việc”; “muôn việc thành công hoặc thất bại đều do cán bộ tốt hoặc kém”."),
    Q("works", 2, "Bài “Đạo đức cách mạng” (1958) viết: “Đạo đức cách mạng không phải trên trời sa xuống. Nó do đấu tranh, rèn luyện … "
      "hằng ngày mà phát triển và củng cố”. Từ còn thiếu là gì?",
      ("vất vả", "*bền bỉ", "âm thầm", "tập thể"),
      "“…Nó do đấu tranh, rèn luyện bền bỉ hằng ngày mà phát triển và củng cố. Cũng như ngọc càng mài càng sáng, vàng càng luyện càng trong.”"),
    Q("works", 1, "Trong tác phẩm “Cần kiệm liêm chính”, Bác giải thích “kiệm” là gì?",
      ("Siêng năng, chăm chỉ", "Trong sạch, không tham lam", "*Tiết kiệm, không xa xỉ, không hoang phí, không bừa bãi", "Thẳng thắn, đứng đắn"),
      "Cần là siêng năng, chăm chỉ; kiệm là tiết kiệm, không xa xỉ, không hoang phí, không bừa bãi; liêm là trong sạch, không tham lam; "
      "chính là thẳng thắn, đứng đắn."),
    Q("works", 2, "Trong tác phẩm “Cần kiệm liêm chính”, “liêm” và “chính” được Bác giải thích thế nào? (chọn 2 đáp án)",
      ("*Liêm là trong sạch, không tham lam", "Liêm là siêng năng, chăm chỉ", "Chính là chỉ làm theo ý mình", "*Chính là thẳng thắn, đứng đắn"),
      "Bác viết: “Người có bốn đức: Cần, Kiệm, Liêm, Chính. Thiếu một đức, thì không thành người.”"),
    Q("works", 2, "Câu “Dân vận kém thì việc gì cũng kém. Dân vận khéo thì việc gì cũng thành công” nằm trong tác phẩm nào của Bác?",
      ("Tuyên ngôn Độc lập", "Đường Kách mệnh", "*Bài báo “Dân vận” (1949)", "Thư gửi các học sinh"),
      "Bài báo “Dân vận” năm 1949 kết thúc bằng câu này; bài báo cũng viết: “Bao nhiêu lợi ích đều vì dân. Bao nhiêu quyền hạn đều của dân.”"),
    Q("works", 1, "Những câu nào là lời của Chủ tịch Hồ Chí Minh về công tác dân vận? (chọn 2 đáp án)",
      ("*Bao nhiêu lợi ích đều vì dân. Bao nhiêu quyền hạn đều của dân.", "Việc của dân để dân tự lo.",
       "*Dân vận kém thì việc gì cũng kém. Dân vận khéo thì việc gì cũng thành công.", "Cán bộ chỉ cần làm đúng mệnh lệnh cấp trên."),
      "Hai câu đều trong bài báo “Dân vận” năm 1949."),
    Q("works", 2, "Những tác phẩm nào do Chủ tịch Hồ Chí Minh viết? (chọn 2 đáp án)",
      ("*Đường Kách mệnh", "Đề cương về văn hóa Việt Nam", "*Bản án chế độ thực dân Pháp", "Chủ nghĩa Mác và văn hóa Việt Nam"),
      "“Bản án chế độ thực dân Pháp” xuất bản năm 1925, “Đường Kách mệnh” năm 1927; hai tác phẩm còn lại là của đồng chí Trường Chinh."),
    Q("works", 1, "Bác dạy: “Vì lợi ích mười năm thì phải trồng cây, vì lợi ích trăm năm thì phải …”. Từ còn thiếu là gì?",
      ("giữ rừng", "xây trường", "*trồng người", "học tập"),
      "“Vì lợi ích mười năm thì phải trồng cây, vì lợi ích trăm năm thì phải trồng người.”"),
    Q("works", 2, "Trong “Sáu điều Bác Hồ dạy Công an nhân dân” (1948), đối với nhân dân, người công an phải thế nào?",
      ("Nghiêm khắc, cứng rắn", "*Kính trọng, lễ phép", "Giữ khoảng cách", "Cương quyết, khôn khéo"),
      "“Đối với nhân dân, phải kính trọng, lễ phép”; “cương quyết, khôn khéo” là đối với địch."),
    Q("works", 1, "Trong thư gửi Hội nghị cán bộ y tế năm 1955, Bác dạy: “Lương y phải như …”. Từ còn thiếu là gì?",
      ("người thầy", "*từ mẫu", "người cha", "anh em"),
      "“Lương y phải như từ mẫu”: người thầy thuốc phải thương yêu, chăm sóc người bệnh như mẹ hiền."),
    Q("works", 2, "Bác Hồ dạy: “Một tấm gương sống còn có giá trị hơn …”. Vế còn lại là gì?",
      ("mười cuốn sách", "một nghìn lời hứa", "*một trăm bài diễn văn tuyên truyền", "một trăm buổi họp"),
      "“Một tấm gương sống còn có giá trị hơn một trăm bài diễn văn tuyên truyền”: vì vậy đảng viên phải nêu gương."),
    Q("works", 3, "Bài “Nâng cao đạo đức cách mạng, quét sạch chủ nghĩa cá nhân” của Bác được đăng vào dịp nào?",
      ("19/5/1965, sinh nhật lần thứ 75 của Bác", "*3/2/1969, kỷ niệm 39 năm Ngày thành lập Đảng", "2/9/1969, Quốc khánh",
       "3/2/1960, kỷ niệm 30 năm Ngày thành lập Đảng"),
      "Bài đăng trên báo Nhân Dân ngày 3/2/1969, nhân kỷ niệm 39 năm Ngày thành lập Đảng."),
    Q("works", 1, "Trong Di chúc, Bác căn dặn phải giữ gìn sự đoàn kết nhất trí của Đảng như thế nào?",
      ("Như giữ gìn báu vật của gia đình", "*Như giữ gìn con ngươi của mắt mình", "Như giữ gìn ngọn lửa", "Như giữ gìn tấm lòng son"),
      "“Các đồng chí từ Trung ương đến các chi bộ cần phải giữ gìn sự đoàn kết nhất trí của Đảng như giữ gìn con ngươi của mắt mình.”"),
    Q("works", 2, "Trong Di chúc, Bác viết: “Đảng ta là một Đảng …”. Từ còn thiếu là gì?",
      ("*cầm quyền", "tiên phong", "lãnh đạo", "đoàn kết"),
      "“Đảng ta là một Đảng cầm quyền. Mỗi đảng viên và cán bộ phải thật sự thấm nhuần đạo đức cách mạng, thật sự cần kiệm liêm chính, "
      "chí công vô tư.”"),
    # The Party: its history and statute
    Q("party", 1, "Đảng Cộng sản Việt Nam được thành lập ngày nào?",
      ("*3/2/1930", "19/5/1930", "2/9/1930", "3/2/1931"),
      "Ngày 3/2/1930 là Ngày thành lập Đảng Cộng sản Việt Nam."),
    Q("party", 2, "Những tên nào từng là tên gọi của Đảng ta? (chọn 2 đáp án)",
      ("*Đảng Cộng sản Đông Dương", "Đảng Dân chủ Việt Nam", "*Đảng Lao động Việt Nam", "Đảng Xã hội Việt Nam"),
      "Tháng 10/1930 Đảng lấy tên Đảng Cộng sản Đông Dương; Đại hội II (1951) đổi thành Đảng Lao động Việt Nam; Đại hội IV (1976) "
      "đổi thành Đảng Cộng sản Việt Nam."),
    Q("party", 3, "Đảng ta đổi tên thành Đảng Lao động Việt Nam tại Đại hội nào?",
      ("Đại hội I (1935)", "*Đại hội II (1951)", "Đại hội III (1960)", "Đại hội IV (1976)"),
      "Đại hội đại biểu toàn quốc lần thứ II của Đảng họp tháng 2/1951 tại Tuyên Quang quyết định đổi tên Đảng."),
    Q("party", 2, "Những sự kiện nào diễn ra năm 1930? (chọn 2 đáp án)",
      ("*Thành lập Đảng Cộng sản Việt Nam", "Cách mạng Tháng Tám thành công", "*Đảng lấy tên Đảng Cộng sản Đông Dương",
       "Nguyễn Ái Quốc về nước trực tiếp lãnh đạo cách mạng"),
      "Đầu năm 1930 thành lập Đảng; tháng 10/1930 Hội nghị Trung ương lần thứ nhất đổi tên thành Đảng Cộng sản Đông Dương. "
      "Bác về nước năm 1941, Cách mạng Tháng Tám năm 1945."),
    Q("party", 1, "Nguyên tắc tổ chức cơ bản của Đảng là gì?",
      ("Thiểu số quyết định", "*Tập trung dân chủ", "Mỗi chi bộ tự quy định", "Phân quyền theo địa phương"),
      "Điều lệ Đảng: Đảng tổ chức theo nguyên tắc tập trung dân chủ."),
    Q("party", 1, "Theo Điều lệ Đảng, thời gian dự bị của đảng viên là bao lâu?",
      ("6 tháng", "*12 tháng", "18 tháng", "24 tháng"),
      "Người được kết nạp vào Đảng phải trải qua thời kỳ dự bị 12 tháng."),
    Q("party", 1, "Theo Điều lệ Đảng, chi bộ sinh hoạt thường kỳ bao lâu một lần?",
      ("*Mỗi tháng một lần", "Mỗi quý một lần", "Sáu tháng một lần", "Mỗi năm một lần"),
      "Chi bộ sinh hoạt thường kỳ mỗi tháng một lần; đưa nội dung học tập và làm theo Bác vào sinh hoạt chi bộ."),
    Q("party", 3, "Theo Điều lệ Đảng, chi bộ có từ bao nhiêu đảng viên chính thức trở lên thì bầu chi ủy?",
      ("5", "7", "*9", "15"),
      "Chi bộ có từ 9 đảng viên chính thức trở lên bầu chi ủy; chi bộ dưới 9 đảng viên chính thức bầu bí thư, khi cần thì bầu phó bí thư."),
    Q("party", 2, "Tổ chức cơ sở đảng được lập ở đơn vị có ít nhất bao nhiêu đảng viên chính thức?",
      ("*3", "5", "7", "9"),
      "Ở xã, phường, cơ quan, đơn vị… có từ 3 đảng viên chính thức trở lên thì lập tổ chức cơ sở đảng."),
    Q("party", 1, "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng họp năm nào?",
      ("2011", "2016", "2019", "*2021"),
      "Đại hội XIII họp từ ngày 25/1 đến 1/2/2021 tại Hà Nội."),
    # The year's topic
    Q("topic", 2, "Chuyên đề năm {year} về học tập và làm theo Bác được triển khai trong toàn Đảng bộ tỉnh là gì?",
      (f"*{YEARLY_TOPIC}",
       "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phát triển kinh tế nông nghiệp",
       "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh về thực hành tiết kiệm, chống lãng phí",
       "Học tập và làm theo phong cách Hồ Chí Minh về công tác ngoại giao"),
      "Chuyên đề năm {year} bám sát chuyên đề toàn khóa, gắn với việc sắp xếp tổ chức bộ máy của hệ thống chính trị.", topic="year"),
    Q("topic", 1, "Theo kế hoạch học tập chuyên đề năm {year} của Đảng ủy phường, mỗi đảng viên cần làm gì?",
      ("Chỉ cần dự hội nghị quán triệt của phường", "*Đăng ký một việc làm theo cụ thể, gắn với nhiệm vụ của mình",
       "Nộp bài thu hoạch về Đảng ủy tỉnh", "Không cần làm gì thêm"),
      "Kế hoạch yêu cầu mỗi chi bộ sinh hoạt chuyên đề, mỗi đảng viên đăng ký một việc làm theo cụ thể, người đứng đầu gương mẫu đi trước.",
      topic="year", document="plan"),
]

# Month → (what the month's contest is about, themes of most of its pool, the library document).
MONTH_THEMES = {
    1: ("Chỉ thị 05-CT/TW và Kết luận 01-KL/TW", ("ct05", "kl01"), "05-CT/TW"),
    2: ("lịch sử Đảng, nhân kỷ niệm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930)", ("party", "life"), ""),
    3: ("Quy định 144-QĐ/TW về chuẩn mực đạo đức cách mạng", ("qd144", "works"), ""),
    4: ("Nghị quyết 21-NQ/TW về tổ chức cơ sở đảng và đội ngũ đảng viên", ("nq21", "party"), "21-NQ/TW"),
    5: ("cuộc đời, sự nghiệp Chủ tịch Hồ Chí Minh, nhân kỷ niệm Ngày sinh của Người", ("life",), ""),
    6: ("Nghị quyết Trung ương 4 khóa XII về xây dựng, chỉnh đốn Đảng", ("nq04", "qd144"), "04-NQ/TW"),
    7: ("các tác phẩm của Chủ tịch Hồ Chí Minh về đạo đức cách mạng", ("works",), ""),
    8: ("Kết luận 01-KL/TW và chuyên đề năm", ("kl01", "topic", "ct05"), "01-KL/TW"),
    9: ("Tuyên ngôn Độc lập và Di chúc của Chủ tịch Hồ Chí Minh", ("life", "works"), ""),
    10: ("Quy định 144-QĐ/TW và Nghị quyết Trung ương 4 khóa XII", ("qd144", "nq04"), ""),
    11: ("Điều lệ Đảng và Nghị quyết 21-NQ/TW", ("party", "nq21"), "21-NQ/TW"),
    12: ("những nội dung đã học trong năm", (), ""),
}

MONTHLY_RULES = (
    "Đảng ủy phường tổ chức thi trắc nghiệm trực tuyến hằng tháng cho toàn thể đảng viên. Mỗi lượt 10 câu rút ngẫu nhiên "
    "từ bộ 20 câu, mỗi câu 30 giây; mỗi đảng viên thi một lượt, bằng điện thoại hoặc máy tính, theo đường dẫn chi bộ gửi. "
    "Xếp hạng theo điểm (thang điểm 10); bằng điểm thì ai làm bài nhanh hơn, nộp bài sớm hơn xếp trên. Đảng ủy biểu dương "
    "ba đảng viên cao nhất tại hội nghị Đảng ủy cuối tháng. Đảng viên cao tuổi cần thêm thời gian báo bí thư chi bộ."
)
CELL_RULES = (
    "Mô hình “Khắc sâu tư tưởng đảng viên”: thi ngay tại buổi sinh hoạt chi bộ thường kỳ, mỗi kỳ 5 câu, mỗi câu 30 giây, "
    "làm trên điện thoại. Đảng viên đạt điểm cao nhất và nộp bài sớm nhất về nhất, được tuyên dương và tặng quà lưu niệm."
)
PUBLIC_RULES = (
    "Cuộc thi dành cho đảng viên, đoàn viên, hội viên các đoàn thể và Nhân dân trên địa bàn phường. Người ngoài Đảng nhập "
    "họ tên, số điện thoại, đơn vị hoặc nơi ở để tham gia. Mỗi lượt 10 câu, mỗi câu 30 giây; mỗi người thi một lượt."
)
EXTRA_TIME_REASONS = ["Tuổi cao, mắt kém, thao tác trên điện thoại chậm", "Tuổi cao, tay run, bấm điện thoại chậm",
                      "Tuổi cao, đọc chậm; có đơn đề nghị của chi bộ"]
GUEST_UNITS = ["Đoàn viên Chi đoàn Khu phố {n}", "Hội viên Chi hội Phụ nữ Khu phố {n}", "Người dân Khu phố {n}, {place}",
               "Hội viên Chi hội Cựu chiến binh Khu phố {n}", "Hội viên Hội Người cao tuổi {place}",
               "Đoàn viên Đoàn Thanh niên {place}", "Công đoàn viên, cư trú tại Khu phố {n}",
               "Học sinh lớp {grade}, cư trú tại Khu phố {n}", "Tiểu thương chợ, cư trú tại Khu phố {n}"]


# ---------------------------------------------------------------------------------------------
# Building.


@dataclass
class MonthlyFigures:
    contest: object
    eligible: int = 0
    took: int = 0


@dataclass
class DemoContests:
    questions: int = 0
    contests: list = field(default_factory=list)
    monthly: list = field(default_factory=list)  # [MonthlyFigures], oldest first
    cell_contests: list = field(default_factory=list)
    public: object = None
    current: object = None
    attempts: int = 0
    guests: int = 0
    extra_time: int = 0


@dataclass
class _Trait:
    propensity: float  # ×chance of taking part
    skill: float  # chance of a right answer to an ordinary question
    pace: float  # median seconds to answer an ordinary question


@dataclass(slots=True)
class _SlotRow:
    """A slot before it is written: what `services.mark` and `services.score_of` read."""

    position: int
    question_id: int
    option_order: list
    key: list
    weight: int
    multiple: bool
    served_at: datetime.datetime
    deadline: datetime.datetime


@dataclass(slots=True)
class _AnswerRow:
    position: int
    question_id: int
    chosen: list
    answered_at: datetime.datetime
    is_correct: bool
    points: Decimal


def _insert(model, names, rows):
    """INSERT `rows` (tuples of `names`' values, already adapted) in one prepared statement run
    many times: ten times quicker than bulk_create for a hundred thousand slots and answers."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(names))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start:start + 5000])


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _ms(seconds):
    return datetime.timedelta(milliseconds=round(seconds * 1000))


class _Builder:
    def __init__(self, ward, seed, now):
        self.ward, self.now = ward, now
        self.today = timezone.localdate(now)
        self.rng = random.Random(f"hocbac-contests-{seed}-{ward.code}")
        self.committee, self.secretaries = ward_staff(ward)
        self.cells = {c.pk: c for c in Organization.objects.filter(path__startswith=ward.path, kind__in=MEMBER_HOLDING_KINDS)
                      .order_by("code")}
        self.members = {m.pk: m for m in Member.objects.in_subtree(ward).select_related("user").order_by("pk")}
        self.demo_member = next((m for m in self.members.values() if m.user_id and m.user.username == "dangvien"), None)
        rng = self.rng
        self.zone = timezone.get_current_timezone()
        self.traits, self.ages = {}, {}
        for pk, member in self.members.items():
            age = self.ages[pk] = age_on(member, self.today)
            self.traits[pk] = _Trait(
                propensity=rng.uniform(0.75, 1.2),
                skill=min(0.98, rng.triangular(0.6, 1.0, 0.9) - (0.04 if age >= 75 else 0)),
                pace=rng.uniform(6, 10) + (3 if age >= 60 else 0) + (3 if age >= 72 else 0))
        self.codes = set(Contest.objects.unscoped().values_list("code", flat=True))
        self.contests, self.attempts = [], []  # attempts: [(Attempt, [_SlotRow], [_AnswerRow])]
        self.entries = {}  # contest id → [ContestQuestion] in position order
        self.options = {}  # question id → [(option id, is right)] in position order
        self.extra = {}  # member id → multiplier
        self.draw = self.rng  # the attempts of one contest draw from their own generator (take_*)

    # --- small helpers -------------------------------------------------------------------------

    def code(self):
        while True:
            code = "".join(self.rng.choice(CODE_ALPHABET) for _ in range(6))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def eligible(self, day):
        """[(member, cell id)] eligible on `day`, by the cell they were in that day."""
        rows = (MemberPeriod.objects.in_subtree(self.ward).filter(eligible_on(day)).order_by("member_id")
                .values_list("member_id", "org_id"))
        seen, result = set(), []
        for member_id, org_id in rows:
            if member_id in self.members and org_id in self.cells and member_id not in seen:
                seen.add(member_id)
                result.append((self.members[member_id], org_id))
        return result

    def chance(self, member, cell, day):
        """How likely `member` is to take a monthly contest (before their own propensity)."""
        age = age_on(member, day)
        if not member.phone:
            return 0.05  # now and then on a child's phone
        if cell.sector == Sector.COMMUNE:
            base = 0.82 if age < 60 else 0.74 if age < 70 else 0.58 if age < 75 else 0.42 if age < 80 else 0.22
        else:
            base = {Sector.ADMINISTRATION: 0.92, Sector.ARMED_FORCES: 0.94, Sector.PUBLIC_SERVICE: 0.88}.get(cell.sector, 0.72)
            base -= 0.1 if age >= 60 else 0
        if member.pk in self.extra:
            base = max(base, 0.7)  # they asked for the extra time to take part
        return base

    def retired(self, member, cell):
        return cell.sector == Sector.COMMUNE and self.ages[member.pk] >= 60

    # --- the bank ------------------------------------------------------------------------------

    def bank(self, created_at):
        """The ward's questions (bulk, with the fields `services.save_question` writes)."""
        year = self.today.year if self.today.month >= 3 else self.today.year - 1  # as the study demo's topic
        documents = {d.number_symbol: d for d in Document.objects.unscoped().filter(
            org__isnull=True, number_symbol__in=[s for s, _ in THEMES.values() if s])}
        plan = (Document.objects.unscoped().filter(org=self.ward, kind=DocumentKind.PLAN, issued_on__year=year)
                .order_by("pk").first())
        province_id = self.ward.ancestor_ids()[0]
        topics = {"term": Topic.objects.filter(year__isnull=True, parent__isnull=True).order_by("pk").first(),
                  "year": Topic.objects.filter(org_id=province_id, year=year).order_by("pk").first()}
        questions, options = [], []
        for item in BANK:
            symbol, tags = THEMES[item.theme]
            text = item.text.replace("{year}", str(year))
            right = sum(1 for o in item.options if o.startswith("*"))
            kind = QuestionKind.MULTIPLE if right > 1 else QuestionKind.SINGLE
            tags = ", ".join(t.strip() for t in tags.split(",") if t.strip())
            document = plan if item.document == "plan" else documents.get(symbol)
            question = Question(org=self.ward, created_by=self.committee, kind=kind, text=text,
                                explanation=item.explanation.replace("{year}", str(year)), document=document,
                                topic=topics.get(item.topic), tags=tags, difficulty=item.difficulty,
                                search_text=services.question_search_text(text, tags))
            question.theme = item.theme
            questions.append(question)
            options.append([(o.removeprefix("*"), o.startswith("*")) for o in item.options])
        Question.objects.bulk_create(questions)
        for question in questions:
            question.created_at = question.updated_at = created_at
        write_columns(Question, questions, ["created_at", "updated_at"])
        rows = [Option(question=q, position=i, text=t, is_correct=c) for q, opts in zip(questions, options, strict=True)
                for i, (t, c) in enumerate(opts)]
        Option.objects.bulk_create(rows)
        for option in rows:
            self.options.setdefault(option.question_id, []).append((option.pk, option.is_correct))
        self.questions = questions
        self.documents = documents
        return questions

    def pool(self, themes, size):
        """`size` questions: most on `themes`, the rest from the others."""
        rng = self.rng
        on_theme = [q for q in self.questions if q.theme in themes]
        others = [q for q in self.questions if q.theme not in themes]
        chosen = rng.sample(on_theme, min(len(on_theme), size * 7 // 10 if others else size))
        chosen += rng.sample(others, min(len(others), size - len(chosen)))
        rng.shuffle(chosen)
        return chosen

    # --- contests ------------------------------------------------------------------------------

    def contest(self, *, org, by, title, description, opens_at, closes_at, questions, count, at_random=True,
                audience=Audience.MEMBERS, document=None):
        contest = Contest(org=org, created_by=by, title=title, description=description, document=document, audience=audience,
                          code=self.code(), opens_at=opens_at, closes_at=closes_at, question_count=count,
                          draw_at_random=at_random, seconds_per_question=SECONDS, attempts_allowed=1)
        contest.created_at = min(opens_at - datetime.timedelta(days=self.rng.randint(2, 6), hours=self.rng.randint(0, 6)),
                                 self.now - datetime.timedelta(hours=2))
        contest.pool = questions
        self.contests.append(contest)
        return contest

    def save_contests(self):
        stamps = [c.created_at for c in self.contests]
        Contest.objects.bulk_create(self.contests)
        for contest, stamp in zip(self.contests, stamps, strict=True):
            contest.created_at = stamp
        rows = []
        for contest in self.contests:
            entries = [ContestQuestion(contest=contest, question=q, position=i, weight=1) for i, q in enumerate(contest.pool)]
            rows.extend(entries)
            self.entries[contest.pk] = entries
        ContestQuestion.objects.bulk_create(rows)

    def monthly(self):
        """One contest a month from January: [(contest, opening day)]."""
        rng, today = self.rng, self.today
        result = []
        for month in range(1, today.month + 1):
            label, themes, symbol = MONTH_THEMES[month]
            if month == today.month:
                day = max(today - datetime.timedelta(days=rng.randint(2, 4)), today.replace(day=1))
                while day.weekday() >= 5 and day > today.replace(day=1):
                    day -= datetime.timedelta(days=1)  # opened on the working day before
                # An hour ago at the latest (and this month: on its first day, at midnight).
                opens_at = max(min(local_time(day, 7), self.now - datetime.timedelta(hours=1)),
                               local_time(today.replace(day=1), 0))
                closes_at = local_time(today + datetime.timedelta(days=rng.randint(6, 8)), 22)
            else:
                day = working_day(datetime.date(today.year, month, rng.randint(12, 16)))
                opens_at = local_time(day, 7)
                closes_at = local_time(day + datetime.timedelta(days=7), 22)
            themes = themes or tuple(THEMES)
            contest = self.contest(
                org=self.ward, by=self.committee, title=f"Thi trắc nghiệm tháng {month}/{today.year}: tìm hiểu {label}",
                description=MONTHLY_RULES, opens_at=opens_at, closes_at=closes_at, count=MONTHLY_COUNT,
                questions=self.pool(themes, MONTHLY_POOL), document=self.documents.get(symbol))
            result.append((contest, timezone.localdate(opens_at)))
        return result

    def cell_meetings(self):
        """The demo secretary's cell: [(cell, meeting start, session or None)] for the last
        CELL_MONTHS months and this one."""
        cell = next((self.cells[org_id] for org_id in self.secretaries if org_id in self.cells), None)
        if cell is None:
            return []
        sessions = {}
        for session in (StudySession.objects.in_orgs([cell.pk]).filter(kind=SessionKind.REGULAR).order_by("starts_at")):
            day = timezone.localdate(session.starts_at)
            sessions.setdefault((day.year, day.month), session)
        usual_day = self.rng.randint(3, 12)
        result = []
        for offset in range(-CELL_MONTHS, 1):
            index = self.today.year * 12 + self.today.month - 1 + offset
            year, month = index // 12, index % 12 + 1
            session = sessions.get((year, month))
            if session is not None:
                starts_at = session.starts_at
            else:
                day = datetime.date(year, month, usual_day)
                if offset == 0 and day <= self.today:
                    day = self.today + datetime.timedelta(days=3)
                starts_at = local_time(day, 19, 30) if cell.sector == Sector.COMMUNE else local_time(working_day(day), 14)
            result.append((cell, starts_at, session))
        return result

    def public_contest(self):
        """Around 19/5 this year if that is over, else last year."""
        year = _public_year(self.now)
        closes_at = local_time(datetime.date(year, 5, 18), 22)
        opens_at = local_time(working_day(datetime.date(year, 5, 4)), 7)
        life = [q for q in self.questions if q.theme in ("life", "works")]
        return self.contest(
            org=self.ward, by=self.committee, audience=Audience.PUBLIC, description=PUBLIC_RULES, opens_at=opens_at,
            closes_at=closes_at, count=MONTHLY_COUNT, questions=self.rng.sample(life, min(MONTHLY_POOL, len(life))),
            title=f"Cuộc thi trực tuyến tìm hiểu cuộc đời, sự nghiệp Chủ tịch Hồ Chí Minh nhân kỷ niệm {year - 1890} năm "
                  f"Ngày sinh của Người (19/5/1890 – 19/5/{year})")

    # --- who needs more time -------------------------------------------------------------------

    def extra_time(self, before):
        """A few of the oldest members with a phone get ×1,5 or ×2, set before the first contest."""
        rng = self.rng
        eligible = [m for m in self.members.values() if m.is_eligible and m.phone and age_on(m, self.today) >= 72]
        eligible.sort(key=lambda m: (m.birth_date, m.pk))
        count = max(1, round(len(self.members) * 0.004)) if eligible else 0
        chosen = rng.sample(eligible[:max(count * 3, 4)], min(count, len(eligible)))
        rows = []
        for member in sorted(chosen, key=lambda m: m.pk):
            multiplier = Decimal(rng.choice(["1.5", "1.5", "2.0"]))
            self.extra[member.pk] = multiplier
            row = ExtraTime(member=member, org_id=member.org_id, multiplier=multiplier, reason=rng.choice(EXTRA_TIME_REASONS),
                            set_by=self.secretaries.get(member.org_id, self.committee))
            row.stamp = before - datetime.timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 8))
            rows.append(row)
        ExtraTime.objects.bulk_create(rows)
        for row in rows:
            row.set_at = row.stamp
        write_columns(ExtraTime, rows, ["set_at"])
        return rows

    # --- taking part ---------------------------------------------------------------------------

    def sit(self, contest, *, start, member=None, guest=None, org_id, trait, quick=False):
        """One attempt as the services would have recorded it: the draw, each slot served when
        the previous one was answered (or, when its time ran out, when the person came back),
        answers inside the deadline, the score from `services.score_of`."""
        rng = self.draw
        start = start.astimezone(datetime.UTC)  # the zone the database keeps: quicker to write
        multiplier = self.extra.get(member.pk, Decimal(1)) if member is not None else Decimal(1)
        attempt = Attempt(contest=contest, member=member, guest=guest, org_id=org_id, number=1, started_at=start,
                          time_multiplier=multiplier)
        entries = self.entries[contest.pk]
        drawn = rng.sample(entries, contest.question_count) if contest.draw_at_random else entries[:contest.question_count]
        if not contest.draw_at_random and contest.shuffle_questions:
            rng.shuffle(drawn)
        allowance = float(contest.seconds_per_question * multiplier)
        slots, answers = [], []
        moment = start + _ms(rng.uniform(0.4, 2.5))
        old = member is not None and self.ages[member.pk] >= 75
        for position, entry in enumerate(drawn):
            options = list(self.options[entry.question_id])
            if contest.shuffle_options:
                rng.shuffle(options)
            slot = _SlotRow(position=position, question_id=entry.question_id, option_order=[o for o, _ in options],
                            key=sorted(o for o, right in options if right), weight=entry.weight,
                            multiple=entry.question.kind == QuestionKind.MULTIPLE, served_at=moment,
                            deadline=moment + datetime.timedelta(seconds=allowance))
            slots.append(slot)
            question = entry.question
            multiple = slot.multiple
            think = trait.pace * (0.7 if quick else 1) * rng.lognormvariate(0, 0.35) + 1.5 * (question.difficulty - 1)
            think += 4 if multiple else 0
            think *= float(multiplier) * 0.8 if multiplier > 1 else 1
            if think >= allowance or rng.random() < (0.012 if old else 0.003):
                # Time ran out: passed over when the page is next loaded, after the grace period.
                moment = slot.deadline + datetime.timedelta(seconds=GRACE_SECONDS) + _ms(rng.uniform(1, 25))
                continue
            chance = trait.skill - 0.07 * (question.difficulty - 2) - (0.06 if multiple else 0)
            if rng.random() < chance:
                chosen = list(slot.key)
            elif multiple:
                wrong = [o for o in slot.option_order if o not in slot.key]
                chosen = rng.choice([[slot.key[0]], [slot.key[1]], [rng.choice(slot.key), rng.choice(wrong)]])
            else:
                chosen = [rng.choice([o for o in slot.option_order if o not in slot.key])]
            chosen = sorted(set(chosen))
            is_correct, points = services.mark(slot, chosen, partial_credit=contest.partial_credit)
            answered_at = min(moment + _ms(think), slot.deadline)
            answers.append(_AnswerRow(position=position, question_id=entry.question_id, chosen=chosen,
                                      answered_at=answered_at, is_correct=is_correct, points=points))
            moment = answered_at + _ms(rng.uniform(0.6, 2.8))
        last = slots[-1]
        if answers and answers[-1].position == last.position:
            attempt.finished_at, attempt.finish_reason = answers[-1].answered_at, FinishReason.SUBMITTED
        else:
            attempt.finished_at, attempt.finish_reason = moment, FinishReason.TIME_UP
        attempt.score, attempt.correct_count, attempt.time_taken_ms = services.score_of(attempt, slots, answers)
        attempt.current = len(slots)
        if rng.random() < 0.04:
            attempt.tab_switches = rng.choice([1, 1, 1, 2, 2, 3, 5])
        self.attempts.append((attempt, slots, answers))
        return attempt

    def start_time(self, contest, opened_on, *, retired):
        """When someone sits a week-long contest: mostly the first days and the last, at lunch or
        in the evening for those at work, mornings and evenings for the retired."""
        rng = self.draw
        last_day = timezone.localdate(contest.closes_at)
        days = [(opened_on + datetime.timedelta(days=i)) for i in range((last_day - opened_on).days + 1)]
        weights = ([30, 18, 12, 9] + [8] * len(days))[:len(days)]
        if len(days) > 1:
            weights[-1] = 16  # the reminder on the last day
        day = rng.choices(days, weights=weights)[0]
        if retired:
            hour = rng.choice([7, 7, 8, 8, 9, 10, 14, 15, 16, 19, 19, 20])
        else:
            hour = rng.choice([6, 11, 12, 12, 12, 19, 20, 20, 21, 21])
        # local_time(day, hour, minute), without asking for the zone ten thousand times
        moment = datetime.datetime.combine(day, datetime.time(hour, rng.randint(0, 59), rng.randint(0, 59)), self.zone)
        moment = min(moment, contest.closes_at - datetime.timedelta(minutes=rng.randint(15, 180)))
        return max(moment, contest.opens_at + datetime.timedelta(minutes=rng.randint(3, 40)))

    def take_monthly(self, contest, opened_on, *, current):
        self.draw = random.Random(self.rng.getrandbits(64))  # what one contest draws leaves the others as they are
        figures = MonthlyFigures(contest=contest)
        eligible = self.eligible(opened_on)
        figures.eligible = len(eligible)
        factor = 0.93 if contest.opens_at.month in (1, 2) else 1.0  # Tết
        for member, cell_id in eligible:
            cell, trait = self.cells[cell_id], self.traits[member.pk]
            forced = member.user_id is not None and not current  # the demo logins took every past one
            chance = min(0.97, self.chance(member, cell, opened_on) * trait.propensity * factor)
            if not forced and self.draw.random() >= chance:
                continue
            if current and member == self.demo_member:
                continue  # the demo member has this month's still to take
            start = self.start_time(contest, opened_on, retired=self.retired(member, cell))
            if current and start > self.now - datetime.timedelta(minutes=15):
                continue  # will take it later in the week
            self.sit(contest, start=start, member=member, org_id=cell_id, trait=trait)
            figures.took += 1
        return figures

    def take_cell(self, contest, session):
        """Everyone present at the meeting with a phone, at the same moment."""
        self.draw = random.Random(self.rng.getrandbits(64))  # what one contest draws leaves the others as they are
        rng = self.draw
        day = timezone.localdate(contest.opens_at)
        people = [(m, org_id) for m, org_id in self.eligible(day) if org_id == contest.org_id]
        if session is not None and session.attendance_taken_at:
            present = set(Attendance.objects.in_orgs([contest.org_id]).filter(session=session, status=AttendanceStatus.PRESENT)
                          .values_list("member_id", flat=True))
            people = [(m, org_id) for m, org_id in people if m.pk in present]
        else:  # no attendance to go by: about nine in ten came
            people = [(m, org_id) for m, org_id in people if rng.random() < 0.9]
        took = 0
        for member, org_id in people:
            if not member.phone or (member.user_id is None and rng.random() < 0.06):
                continue
            start = contest.opens_at + datetime.timedelta(seconds=rng.randint(20, 150))
            self.sit(contest, start=start, member=member, org_id=org_id, trait=self.traits[member.pk], quick=True)
            took += 1
        return took

    def take_public(self, contest):
        """A few dozen guests and a few members."""
        self.draw = random.Random(self.rng.getrandbits(64))  # what one contest draws leaves the others as they are
        rng = self.draw
        place = self.ward.name.removeprefix("Đảng bộ ")
        opened_on = timezone.localdate(contest.opens_at)
        guests, phones = [], set()
        for _ in range(rng.randint(28, 46)):
            year = rng.randint(1958, 2009)
            name = make_name(rng, rng.choice(["nam", "nu"]), year)
            phone = rng.choice(PHONE_PREFIXES) + f"{rng.randint(0, 9_999_999):07d}"
            if phone in phones:
                continue
            phones.add(phone)
            unit = rng.choice(GUEST_UNITS).format(n=rng.randint(1, 26), place=place, grade=rng.choice(["8A", "9A", "9B", "9C"]))
            if year >= 2006 and "Học sinh" not in unit:
                unit = f"Học sinh lớp {rng.choice(['9A', '9B', '10A1'])}, cư trú tại Khu phố {rng.randint(1, 26)}"
            guest = Guest(contest=contest, name=name, phone=phone, unit=unit)
            guest.joined = self.start_time(contest, opened_on, retired=opened_on.year - year >= 60)
            guests.append(guest)
        stamps = [g.joined for g in guests]
        Guest.objects.bulk_create(guests)
        for guest, stamp in zip(guests, stamps, strict=True):
            guest.created_at = stamp
        write_columns(Guest, guests, ["created_at"])
        for guest in guests:
            trait = _Trait(propensity=1, skill=rng.triangular(0.45, 0.95, 0.75), pace=rng.uniform(7, 13))
            self.sit(contest, start=guest.created_at + _ms(rng.uniform(8, 60)), guest=guest, org_id=contest.org_id, trait=trait)
        members = 0
        for member, cell_id in self.eligible(opened_on):
            if member.phone and age_on(member, opened_on) < 60 and rng.random() < 0.06:
                start = self.start_time(contest, opened_on, retired=False)
                self.sit(contest, start=start, member=member, org_id=cell_id, trait=self.traits[member.pk])
                members += 1
        return len(guests), members

    def save_attempts(self):
        attempts = [a for a, _, _ in self.attempts]
        Attempt.objects.bulk_create(attempts, batch_size=1000)
        ops = connection.ops
        if connection.vendor == "sqlite":
            # What ops.adapt_datetimefield_value and ops.adapt_json_value give, without their
            # checks (300,000 values): naive text in the connection's zone, the JSON of a list of ids.
            zone = connection.timezone

            def moment(value):
                return str(value.astimezone(zone).replace(tzinfo=None))

            def ids(value):
                return "[" + ", ".join(map(str, value)) + "]"
        else:
            moment = ops.adapt_datetimefield_value

            def ids(value):
                return ops.adapt_json_value(value, None)
        slot_rows, answer_rows = [], []
        for attempt, slots, answers in self.attempts:
            for s in slots:
                slot_rows.append((attempt.pk, s.position, s.question_id, ids(s.option_order),
                                  ids(s.key), s.weight, s.multiple, moment(s.served_at),
                                  moment(s.deadline)))
            for a in answers:
                answer_rows.append((attempt.pk, a.position, a.question_id, ids(a.chosen),
                                    moment(a.answered_at), a.is_correct, a.points))
        _insert(Slot, ["attempt", "position", "question", "option_order", "key", "weight", "multiple", "served_at",
                       "deadline"], slot_rows)
        _insert(Answer, ["attempt", "position", "question", "chosen", "answered_at", "is_correct", "points"], answer_rows)
        first = {}
        for attempt in attempts:
            first[attempt.contest_id] = min(first.get(attempt.contest_id, attempt.started_at), attempt.started_at)
        for contest in self.contests:
            contest.started_at = first.get(contest.pk)
        write_columns(Contest, self.contests, ["created_at", "started_at"])


def _public_year(now):
    """The public contest is around 19/5: this year's once it is over, else last year's."""
    year = timezone.localdate(now).year
    return year if local_time(datetime.date(year, 5, 18), 22) < now - datetime.timedelta(days=1) else year - 1


@transaction.atomic
def build_year(ward, *, seed=7, stdout=None, now=None):
    """Add the question bank and this year's contests with their attempts to `ward` (see the
    module docstring). Returns DemoContests."""
    started = time.monotonic()
    builder = _Builder(ward, seed, now or timezone.now())
    result = DemoContests()
    if builder.committee is None:
        return result
    today = builder.today
    # The bank and the extra times are set before the first contest (the public one may be
    # last year's, the cell's of the last months too).
    cell_start = datetime.date(today.year, today.month, 1) - datetime.timedelta(days=31 * CELL_MONTHS)
    first_opening = min(local_time(datetime.date(today.year, 1, 10), 7),
                        local_time(datetime.date(_public_year(builder.now), 5, 2), 7), local_time(cell_start, 7))
    bank_day = working_day(timezone.localdate(first_opening) - datetime.timedelta(days=builder.rng.randint(8, 14)))
    builder.bank(local_time(bank_day, builder.rng.randint(8, 16), builder.rng.choice([0, 15, 30, 45])))
    result.questions = len(builder.questions)
    result.extra_time = len(builder.extra_time(first_opening))

    monthly = builder.monthly()
    cell_meetings = builder.cell_meetings()
    cell_contests = []
    for cell, starts_at, session in cell_meetings:
        day = timezone.localdate(starts_at)
        label, themes, symbol = MONTH_THEMES[day.month]
        themes = themes or tuple(THEMES)
        opens_at = starts_at + datetime.timedelta(minutes=75)
        contest = builder.contest(
            org=cell, by=builder.secretaries.get(cell.pk, builder.committee), description=CELL_RULES,
            title=f"“Khắc sâu tư tưởng đảng viên” tháng {day.month}/{day.year}: {label}", opens_at=opens_at,
            closes_at=opens_at + datetime.timedelta(minutes=30), count=CELL_COUNT, at_random=False,
            questions=builder.pool(themes, CELL_COUNT), document=builder.documents.get(symbol))
        cell_contests.append((contest, session))
    public = builder.public_contest()
    builder.save_contests()

    for contest, opened_on in monthly:
        current = contest.is_open_at(builder.now)
        result.monthly.append(builder.take_monthly(contest, opened_on, current=current))
        if current:
            result.current = contest
    for contest, session in cell_contests:
        if contest.closes_at < builder.now:
            builder.take_cell(contest, session)
    result.guests, _ = builder.take_public(public)
    builder.save_attempts()

    result.contests = builder.contests
    result.cell_contests = [c for c, _ in cell_contests]
    result.public = public
    result.attempts = len(builder.attempts)
    closed = [f for f in result.monthly if f.contest is not result.current]
    took, eligible = sum(f.took for f in closed), sum(f.eligible for f in closed)
    current = result.current
    summary = (f"{format_number(result.questions)} câu hỏi; {format_number(len(result.contests))} cuộc thi "
               f"({format_number(len(result.monthly))} cuộc thi tháng của Đảng ủy, {format_number(len(result.cell_contests))} của chi bộ, "
               f"1 cuộc thi công khai với {format_number(result.guests)} khách); {format_number(result.attempts)} lượt thi")
    if closed:
        summary += f"; các cuộc thi tháng đã kết thúc có {format_percent(took, eligible)} đảng viên tham gia"
    if current is not None:
        figures = next(f for f in result.monthly if f.contest is current)
        summary += (f"; cuộc thi tháng {today.month}/{today.year} đang mở, đến nay {format_number(figures.took)} đảng viên đã thi"
                    f" ({format_percent(figures.took, figures.eligible)})")
    log_action("demo.build", by=builder.committee, org=ward, obj=ward, summary=f"Dữ liệu mẫu thi trắc nghiệm: {summary}"[:300],
               after={"seed": seed, "questions": result.questions, "contests": len(result.contests),
                      "attempts": result.attempts, "guests": result.guests, "participation": [took, eligible]})
    _say(stdout, f"{ward.name} — thi trắc nghiệm: {summary} ({format_number(time.monotonic() - started, 1)} giây).\n")
    return result
