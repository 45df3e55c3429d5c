"""Notebooks and monthly reflections for a demo ward (`hocbac demo`), after the study year and
the commitments.

Rota: every cell names one or two members a month (two more often in a larger cell) for every
month of last year and of this year up to the current month, due the last day of the month; the
months after are left for the secretary to fill in. The rota goes round the cell: who wrote
least recently comes first; the very old and members without a phone come round less often.

Reflections: about 93% of assignments are written. A written one is handed in a few days before
the cell's meeting of its month and read there (now and then at the next month's meeting, when
the agenda ran over); the committee writes its conclusion that evening or in the days after.
This month's are partly assigned, drafts or submitted while the cell's meeting is still to come.
Each says what the member studied (Chỉ thị 05-CT/TW, Kết luận 01-KL/TW, Quy định 144-QĐ/TW,
works of Hồ Chí Minh…), relates it to their work (by `duty_of`), owns one to three shortcomings
against the 27 manifestations — those members really name: lazy study, perfunctory work, avoiding
criticism, words without deeds, covering up, remoteness, waste; group 3 almost never — and
promises dated corrections. Other members of the cell comment (one to four on each one read),
the author or a colleague sometimes replies.

Notebooks: about three members in ten keep one, a few entries a quarter over the last twelve
months, linked now and then to a document, the cell's meeting or the member's registration;
some share it with the committee, which writes a few remarks a quarter.

The demo logins: "dangvien" has this month's reflection to write (on their to-do list), one
read with comments a couple of months ago and a notebook with a remark; the secretary's cell
has a reflection submitted and waiting to be recorded as read.

Rows are written in bulk (the services check and audit every step: minutes for a ward), with
the dates of the steps; one "demo.build" audit entry per ward says what was added.
Deterministic for a seed and a day: every draw comes from one `random.Random`.
"""

import datetime
import random
import time
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from hocbac.commitments.demo import (
    Meetings,
    bulk_create_dated,
    duty_of,
    fill_template,
    is_head,
    short_deed,
)
from hocbac.commitments.models import Registration
from hocbac.core.audit import log_action
from hocbac.core.text import format_number, format_percent
from hocbac.library.models import Document
from hocbac.orgs.demo import age_on, local_time, ward_staff
from hocbac.orgs.models import (
    MEMBER_HOLDING_KINDS,
    Member,
    MemberPeriod,
    Organization,
    Sector,
)
from hocbac.orgs.selectors import eligible_on
from hocbac.study.models import SessionKind, StudySession

from .models import (
    Citation,
    Comment,
    Manifestation,
    NotebookEntry,
    NotebookRemark,
    Reflection,
    State,
)
from .services import default_due_on

WRITTEN_SHARE = 0.93

# ---------------------------------------------------------------------------------------------
# What members study: (document number or "", the name in a sentence, the short name for a
# title, what they took from it, quotes). "{a|b}" is a choice, "[year]" the year.


@dataclass(frozen=True)
class Source:
    symbol: str
    name: str
    short: str
    lessons: tuple
    quotes: tuple = ()


SOURCES = [
    Source("05-CT/TW", "Chỉ thị 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
           "Chỉ thị 05-CT/TW", (
               "Chỉ thị xác định học tập và làm theo Bác là {công việc thường xuyên, tự giác|nhiệm vụ thường xuyên} của mỗi cán bộ, "
               "đảng viên, {phải gắn với nhiệm vụ chính trị của từng cơ quan, đơn vị|gắn với việc xây dựng, chỉnh đốn Đảng theo Nghị quyết Trung ương 4}.",
               "Điều tôi {tâm đắc|ghi nhớ nhất} là yêu cầu nêu gương “trên trước, dưới sau”, “trong trước, ngoài sau”: "
               "{đảng viên phải làm trước để quần chúng làm theo|ai giữ chức vụ càng cao càng phải gương mẫu}.",
               "Chỉ thị nhấn mạnh học phải đi đôi với làm; {việc làm theo phải cụ thể, thiết thực, tránh hình thức|mỗi người có việc làm cụ thể để chi bộ theo dõi, đánh giá}.",
           )),
    Source("01-KL/TW", "Kết luận 01-KL/TW của Bộ Chính trị về tiếp tục thực hiện Chỉ thị 05-CT/TW", "Kết luận 01-KL/TW", (
        "Kết luận yêu cầu đưa việc học tập và làm theo Bác {đi vào chiều sâu, thực chất|trở thành việc làm tự giác, thường xuyên}, "
        "gắn học tập với làm theo và nêu gương, nhất là của người đứng đầu.",
        "Kết luận chỉ rõ {có nơi còn làm hình thức, chưa thường xuyên|việc làm theo ở một số nơi còn chung chung, chưa thực chất}; "
        "{mỗi đảng viên phải tự soi, tự sửa|mỗi người phải bắt đầu từ những việc nhỏ, việc cụ thể}.",
    )),
    Source("144-QĐ/TW", "Quy định 144-QĐ/TW của Bộ Chính trị về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới",
           "Quy định 144-QĐ/TW", (
               "Quy định nêu các chuẩn mực đạo đức cách mạng của cán bộ, đảng viên, trong đó có {cần, kiệm, liêm, chính, chí công vô tư|"
               "trọng dân, gần dân, hiểu dân, có trách nhiệm với dân|tinh thần tự phê bình và phê bình, tự soi, tự sửa}.",
               "Đọc Quy định, tôi thấy mỗi chuẩn mực đều rất gần với {công việc hằng ngày|đời thường}: {giữ chữ tín, nói đi đôi với làm|"
               "đúng giờ, đúng hẹn với dân|sống giản dị, không phô trương, lãng phí}.",
           )),
    Source("04-NQ/TW", "Nghị quyết Trung ương 4 khóa XII về tăng cường xây dựng, chỉnh đốn Đảng", "Nghị quyết Trung ương 4 khóa XII", (
        "Nghị quyết chỉ ra 27 biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống, “tự diễn biến”, “tự chuyển hóa”; "
        "{có những biểu hiện tưởng nhỏ nhưng không sửa sẽ thành lớn|mỗi đảng viên phải tự đối chiếu để sửa mình}.",
    )),
    Source("21-NQ/TW", "Nghị quyết 21-NQ/TW về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên",
           "Nghị quyết 21-NQ/TW", (
               "Nghị quyết đặt mục tiêu xây dựng chi bộ “bốn tốt”, nâng cao chất lượng sinh hoạt chi bộ và chất lượng đảng viên; "
               "{chất lượng chi bộ bắt đầu từ từng đảng viên|mỗi đảng viên phải tham gia sinh hoạt đầy đủ, phát biểu có chất lượng}.",
           )),
    Source("", "tác phẩm “Sửa đổi lối làm việc” (1947) của Chủ tịch Hồ Chí Minh", "“Sửa đổi lối làm việc”", (
        "Trong tác phẩm, Bác phê phán {bệnh quan liêu, bệnh hình thức, bệnh ba hoa|những thói xấu của cán bộ như tự cao tự đại, ham địa vị} "
        "và chỉ ra cách sửa là {tự phê bình và phê bình thật thà|gần dân, học dân, hỏi dân}.",
        "Bác dạy “cán bộ là cái gốc của mọi công việc”; {muốn việc thành công hay thất bại đều do cán bộ tốt hay kém|người cán bộ phải sửa mình trước}.",
    ), (
        "Bác viết: “Một Đảng mà giấu giếm khuyết điểm của mình là một Đảng hỏng. Một Đảng có gan thừa nhận khuyết điểm của mình, "
        "vạch rõ những cái đó, vì đâu mà có khuyết điểm đó, xét rõ hoàn cảnh sinh ra khuyết điểm đó, rồi tìm kiếm mọi cách để sửa chữa "
        "khuyết điểm đó. Như thế là một Đảng tiến bộ, mạnh dạn, chắc chắn, chân chính.”",
    )),
    Source("", "bài “Đạo đức cách mạng” (1958) của Chủ tịch Hồ Chí Minh", "“Đạo đức cách mạng”", (
        "Bác dạy người cách mạng phải có đạo đức cách mạng làm nền tảng mới hoàn thành được nhiệm vụ; đạo đức ấy phải rèn luyện "
        "{hằng ngày, trong công việc và trong gia đình|trong từng việc nhỏ, ở nơi làm việc và nơi ở}.",
    ), (
        "Bác viết: “Đạo đức cách mạng không phải trên trời sa xuống. Nó do đấu tranh, rèn luyện bền bỉ hằng ngày mà phát triển và "
        "củng cố. Cũng như ngọc càng mài càng sáng, vàng càng luyện càng trong.”",
    )),
    Source("", "tác phẩm “Cần kiệm liêm chính” (1949) của Chủ tịch Hồ Chí Minh", "“Cần kiệm liêm chính”", (
        "Bác giải thích rất giản dị: cần là siêng năng, chăm chỉ; kiệm là tiết kiệm, không xa xỉ, không hoang phí; liêm là trong sạch, "
        "không tham lam; chính là thẳng thắn, đứng đắn.",
    ), (
        "Bác viết: “Trời có bốn mùa: Xuân, Hạ, Thu, Đông. Đất có bốn phương: Đông, Tây, Nam, Bắc. Người có bốn đức: Cần, Kiệm, Liêm, "
        "Chính. Thiếu một mùa, thì không thành trời. Thiếu một phương, thì không thành đất. Thiếu một đức, thì không thành người.”",
    )),
    Source("", "bài báo “Dân vận” (1949) của Chủ tịch Hồ Chí Minh", "“Dân vận”", (
        "Bác dạy cán bộ làm dân vận phải “óc nghĩ, mắt trông, tai nghe, chân đi, miệng nói, tay làm”, chứ không phải chỉ nói suông, "
        "chỉ ngồi viết mệnh lệnh.",
    ), (
        "Bác viết: “Bao nhiêu lợi ích đều vì dân. Bao nhiêu quyền hạn đều của dân.”",
        "Tôi nhớ mãi câu: “Dân vận kém thì việc gì cũng kém. Dân vận khéo thì việc gì cũng thành công.”",
    )),
    Source("", "bài “Nâng cao đạo đức cách mạng, quét sạch chủ nghĩa cá nhân” (1969) của Chủ tịch Hồ Chí Minh",
           "“Nâng cao đạo đức cách mạng, quét sạch chủ nghĩa cá nhân”", (
               "Bác chỉ rõ chủ nghĩa cá nhân đẻ ra trăm thứ bệnh nguy hiểm: quan liêu, mệnh lệnh, bè phái, chủ quan, tham ô, lãng phí…; "
               "{muốn quét sạch nó phải tự phê bình và phê bình thường xuyên|mỗi người phải tự kiểm tra mình hằng ngày}.",
           )),
    Source("", "Di chúc của Chủ tịch Hồ Chí Minh", "Di chúc của Bác", (
        "Đọc lại Di chúc, tôi thấm thía lời căn dặn về giữ gìn sự đoàn kết trong Đảng {như giữ gìn con ngươi của mắt mình|"
        "và về việc thường xuyên tự phê bình và phê bình}.",
    ), (
        "Bác căn dặn: “Đảng ta là một Đảng cầm quyền. Mỗi đảng viên và cán bộ phải thật sự thấm nhuần đạo đức cách mạng, thật sự cần "
        "kiệm liêm chính, chí công vô tư.”",
        "Bác căn dặn: “Trong Đảng thực hành dân chủ rộng rãi, thường xuyên và nghiêm chỉnh tự phê bình và phê bình là cách tốt nhất "
        "để củng cố và phát triển sự đoàn kết và thống nhất của Đảng.”",
    )),
]
# A teaching of Bác for some trades, added now and then.
DUTY_SOURCES = {
    "teacher": Source("", "“Thư gửi các học sinh” nhân ngày khai trường năm 1945 của Chủ tịch Hồ Chí Minh", "“Thư gửi các học sinh”", (
        "Bác đặt niềm tin rất lớn vào thế hệ trẻ và vào người thầy; {việc dạy chữ phải đi liền với dạy người|mỗi tiết học đều là một lần giáo dục đạo đức}.",
    ), ("Bác viết: “Non sông Việt Nam có trở nên tươi đẹp hay không, dân tộc Việt Nam có bước tới đài vinh quang để sánh vai với các "
        "cường quốc năm châu được hay không, chính là nhờ một phần lớn ở công học tập của các em.”",)),
    "health": Source("", "thư Chủ tịch Hồ Chí Minh gửi Hội nghị cán bộ y tế năm 1955", "thư Bác gửi ngành y tế", (
        "Bác dạy người thầy thuốc phải thương yêu, chăm sóc người bệnh như anh em ruột thịt; “lương y phải như từ mẫu”.",
    )),
    "police": Source("", "“Sáu điều Bác Hồ dạy Công an nhân dân” (1948)", "“Sáu điều Bác Hồ dạy Công an nhân dân”", (
        "Bác dạy: “Đối với tự mình, phải cần, kiệm, liêm, chính. Đối với đồng sự, phải thân ái giúp đỡ. Đối với Chính phủ, phải tuyệt "
        "đối trung thành. Đối với nhân dân, phải kính trọng, lễ phép. Đối với công việc, phải tận tụy. Đối với địch, phải cương quyết, khôn khéo.”",
    )),
    "military": Source("", "lời khen của Bác đối với Quân đội nhân dân (1965)", "lời Bác dạy lực lượng vũ trang", (
        "Bác dạy: “Quân đội ta trung với Đảng, hiếu với dân, sẵn sàng chiến đấu hy sinh vì độc lập, tự do của Tổ quốc, vì chủ nghĩa xã hội. "
        "Nhiệm vụ nào cũng hoàn thành, khó khăn nào cũng vượt qua, kẻ thù nào cũng đánh thắng.”",
    )),
}
HOW_STUDIED = [
    "Tháng [month], tôi {đã đọc lại|đã nghiên cứu|đã học tập} [source]{ trong sinh hoạt chi bộ| trên ứng dụng Sổ tay đảng viên điện tử| qua cuốn sách chi bộ giới thiệu|}.",
    "Thực hiện phân công của chi bộ, tôi xin trình bày bài cảm nhận tháng [month] sau khi {học tập|đọc và ghi chép} [source].",
    "Trong tháng [month],{ cùng với sinh hoạt chi bộ thường kỳ,| ngoài giờ làm việc,|} tôi dành thời gian {nghiên cứu|đọc kỹ} [source] và ghi lại những điều tâm đắc vào sổ tay.",
]
OPENERS = {
    "teacher": "Là giáo viên", "preschool": "Là giáo viên mầm non", "health": "Là người làm công tác y tế ở trạm",
    "police": "Là cán bộ Công an phường", "military": "Là cán bộ trong lực lượng vũ trang phường", "official": "Là cán bộ, công chức phường",
    "enterprise": "Là người lao động trong doanh nghiệp", "trader": "Là đảng viên làm kinh doanh", "market": "Là cán bộ Ban Quản lý chợ",
    "retiree": "Là đảng viên đã nghỉ hưu", "neighbourhood": "Là người làm công tác ở khu dân cư", "resident": "Là đảng viên sinh hoạt nơi cư trú",
}
RELATE = {
    "teacher": ["tôi luôn cố gắng {làm gương cho học sinh về lời nói, tác phong|chuẩn bị bài kỹ trước khi lên lớp}. Trong tháng, tôi đã "
                "{phụ đạo thêm cho [n:2-5] em chưa theo kịp bài|phối hợp với phụ huynh giúp một em có hoàn cảnh khó khăn|"
                "tổ chức cho lớp tìm hiểu về cuộc đời, sự nghiệp của Bác}."],
    "preschool": ["tôi luôn nhắc mình phải yêu thương trẻ như con. Trong tháng, tôi {làm thêm [n:2-4] đồ chơi từ vật liệu tái chế|"
                  "trao đổi với phụ huynh về chế độ ăn của các cháu thấp còi|dạy các cháu biết chào hỏi, cảm ơn, xin lỗi}."],
    "health": ["tôi cố gắng {niềm nở, tận tình với người bệnh|giải thích kỹ cho người bệnh cách dùng thuốc}. Trong tháng, trạm {khám cho khoảng [n:300-700] lượt người|"
               "tổ chức tiêm chủng an toàn cho trẻ|đến tận nhà khám cho [n:3-8] cụ già yếu}, tôi đã tham gia đầy đủ."],
    "police": ["tôi {xác định đối với nhân dân phải kính trọng, lễ phép|luôn nhắc mình giải quyết việc của dân đúng hẹn}. Trong tháng, tôi đã "
               "{hướng dẫn [n:20-80] người dân kích hoạt định danh điện tử|tham gia [n:6-12] buổi tuần tra trên địa bàn|tuyên truyền phòng, chống lừa đảo qua mạng cho bà con}."],
    "military": ["tôi {chấp hành nghiêm điều lệnh, mệnh lệnh|luôn giữ gìn phẩm chất “Bộ đội Cụ Hồ”}. Trong tháng, tôi đã "
                 "{tham gia huấn luyện dân quân theo kế hoạch|giúp bà con khơi thông cống rãnh trước mùa mưa|thăm hỏi [n:2-4] gia đình có con đang tại ngũ}."],
    "official": ["tôi xác định {giải quyết việc của dân như việc của gia đình mình|sự hài lòng của người dân là thước đo}. Trong tháng, tôi đã "
                 "{giải quyết [n:40-150] hồ sơ, không có hồ sơ trễ hạn|hướng dẫn người dân nộp hồ sơ trực tuyến|xuống khu phố nắm tình hình [n:2-4] lần}."],
    "enterprise": ["tôi cố gắng {làm tốt phần việc của mình, đúng quy trình|giữ kỷ luật lao động, giúp đỡ anh em mới vào nghề}. Trong tháng, tổ tôi "
                   "{vượt định mức [n:3-10]%|không để xảy ra sự cố an toàn lao động|thực hiện tiết kiệm vật tư}."],
    "trader": ["tôi {giữ chữ tín với khách hàng, bán đúng giá niêm yết|kê khai, nộp thuế đầy đủ}. Trong tháng, tôi đã "
               "{vận động [n:3-8] hộ trong dãy sạp dùng hóa đơn điện tử|ủng hộ quỹ Vì người nghèo của khu phố}."],
    "market": ["tôi {luôn công tâm, minh bạch khi làm việc với bà con tiểu thương|cố gắng giải quyết phản ánh của tiểu thương trong ngày}. Trong tháng, tôi đã "
               "{kiểm tra vệ sinh an toàn thực phẩm ở [n:10-30] sạp|hướng dẫn bà con thanh toán bằng mã QR}."],
    "retiree": ["tôi vẫn {giữ nếp sinh hoạt chi bộ đầy đủ|tham gia công việc của tổ dân phố trong sức mình}. Trong tháng, tôi đã "
                "{cùng tổ hòa giải giúp hai gia đình hàng xóm làm lành|kể chuyện về Bác cho các cháu thiếu nhi trong khu phố|thăm hỏi [n:2-4] hội viên ốm đau}."],
    "neighbourhood": ["tôi {luôn cố gắng gần dân, sát dân|xác định việc của bà con là việc của mình}. Trong tháng, tôi đã "
                      "{tổ chức tổng vệ sinh tuyến hẻm|vận động [n:5-20] hộ lắp camera an ninh|họp dân lấy ý kiến về việc chỉnh trang đường hẻm}."],
    "resident": ["tôi cố gắng {gương mẫu ở nơi làm việc và nơi cư trú|tham gia đầy đủ hoạt động của tổ dân phố}. Trong tháng, tôi đã "
                 "{hướng dẫn [n:3-8] người hàng xóm dùng dịch vụ công trực tuyến|tham gia tổng vệ sinh cùng bà con|đóng góp quỹ khuyến học của khu phố}."],
}
DEED_PROGRESS = ("Việc tôi đăng ký làm theo năm [year] là “[deed]”, {đến nay đã làm được khoảng [n:40-80]%|đang thực hiện đúng tiến độ|"
                 "tôi đã làm được một phần và sẽ cố gắng hoàn thành}.")

# The manifestations members name about themselves: ((group, number), weight). Group 3 is rare.
CITED = [((1, 3), 17), ((1, 4), 15), ((1, 5), 17), ((1, 6), 12), ((2, 4), 8), ((2, 5), 9), ((2, 6), 13),
         ((1, 7), 1.5), ((2, 1), 3), ((1, 1), 1), ((3, 3), 0.5), ((3, 4), 0.3)]
HEAD_CITED = {(1, 7): 9}  # heads of a unit name "độc đoán, áp đặt" more often

SHORTCOMINGS = {
    (1, 1): ["có lúc còn {băn khoăn, dao động|lo lắng, thiếu tin tưởng} trước những thông tin tiêu cực trên mạng xã hội, chưa "
             "{chủ động tìm hiểu nguồn tin chính thống|trao đổi với chi bộ cho rõ}"],
    (1, 3): ["việc tự học chưa thường xuyên; có văn bản mới {chỉ đọc lướt trên Sổ tay đảng viên điện tử|chỉ nghe quán triệt trong sinh hoạt chi bộ} "
             "mà chưa {ghi chép, nghiên cứu kỹ|đọc lại để nắm chắc}",
             "{có lúc viện lý do bận công việc|có tháng vì bận việc gia đình} nên chưa đọc hết tài liệu chi bộ giới thiệu; sổ tay học tập "
             "{ghi chưa đều|có tháng bỏ trống}"],
    (1, 4): ["có việc được giao còn làm {chưa đến nơi đến chốn|qua loa, đại khái}, {để trễ hạn|phải nhắc mới làm}"],
    (1, 5): ["trong sinh hoạt chi bộ còn {ngại phát biểu|ít phát biểu}, {nể nang|ngại va chạm} khi góp ý {đồng chí, đồng nghiệp|các đồng chí lớn tuổi}; "
             "có điều thấy chưa đúng nhưng {chỉ nói riêng|im lặng cho qua}",
             "khi tự phê bình còn {nói chung chung|nặng về kể việc đã làm được}, chưa {nêu thẳng khuyết điểm của mình|chỉ rõ nguyên nhân}"],
    (1, 6): ["việc “[deed]” tôi đã đăng ký với chi bộ nhưng đến nay {mới làm được một phần|còn chậm so với kế hoạch}",
             "có lúc {hứa với bà con nhưng chưa làm ngay|nói nhiều hơn làm}, để {mọi người|anh em} phải nhắc"],
    (1, 7): ["khi điều hành công việc có lúc còn {áp đặt ý kiến của mình|nóng vội}, chưa {lắng nghe hết ý kiến của anh em|bàn bạc kỹ với tập thể}"],
    (2, 1): ["có lúc còn {đặt việc riêng của gia đình lên trước việc chung|tính toán thiệt hơn khi được phân công việc khó}"],
    (2, 4): ["khi báo cáo kết quả công việc {đôi khi còn nặng về thành tích|chưa nêu hết hạn chế}, {ngại nhận khuyết điểm trước tập thể|"
             "chưa thẳng thắn chỉ ra phần việc mình làm chưa tốt}"],
    (2, 5): ["{có lúc chưa lắng nghe hết ý kiến của bà con|ít đến thăm hỏi bà con khi gặp khó khăn}"],
    (2, 6): ["{còn dành nhiều thời gian cho điện thoại, mạng xã hội vào việc không cần thiết|có lúc còn để lãng phí thời gian trong giờ làm việc}"
             "{; chưa thật tiết kiệm điện, nước|}"],
    (3, 3): ["có lần {chia sẻ|bình luận} trên mạng xã hội một bài viết chưa kiểm chứng nguồn tin, {sau được chi ủy nhắc mới gỡ xuống|"
             "nội dung chưa đúng với chủ trương của Đảng}"],
    (3, 4): ["có lúc còn {than phiền, bàn tán|nói chuyện thiếu xây dựng} về chế độ, chính sách {trong lúc trà dư tửu hậu|với bạn bè}, "
             "dễ gây tâm lý không tốt cho người nghe"],
}
DUTY_SHORTCOMINGS = {
    "teacher": {(1, 4): "có lúc chấm, chữa bài cho học sinh còn vội, {nhận xét chưa cụ thể|chưa kịp trao đổi với phụ huynh những em học chưa tốt}",
                (2, 5): "chưa dành nhiều thời gian tìm hiểu hoàn cảnh của {các em học sinh khó khăn trong lớp|những em hay nghỉ học}",
                (2, 6): "{có tiết dạy để lãng phí thời gian vì chuẩn bị đồ dùng chưa chu đáo|còn in tài liệu cho học sinh nhiều hơn cần thiết}"},
    "preschool": {(1, 4): "{có buổi ghi sổ theo dõi trẻ chưa đầy đủ|có lúc chưa bao quát hết các cháu trong giờ chơi ngoài trời}",
                  (2, 5): "trao đổi với phụ huynh còn ít, {chủ yếu qua tin nhắn Zalo|chưa gặp trực tiếp khi cháu có biểu hiện khác thường}",
                  (2, 6): "chưa tận dụng nguyên liệu tái chế làm đồ dùng, còn để lãng phí học liệu"},
    "health": {(1, 4): "có lúc đông người khám, tôi hướng dẫn người bệnh dùng thuốc còn vắn tắt",
               (2, 5): "{chưa đến tận nhà theo dõi các cụ mắc bệnh mạn tính|có lúc trả lời người nhà người bệnh còn thiếu kiên nhẫn}",
               (2, 6): "có lúc dự trù thuốc, vật tư chưa sát nhu cầu, để tồn kho"},
    "police": {(1, 4): "{có hồ sơ cư trú giải quyết sát hạn|có lúc nắm tình hình địa bàn chưa sâu}",
               (2, 5): "{có lúc giải thích thủ tục cho người dân còn cứng nhắc|chưa thường xuyên xuống địa bàn gặp gỡ bà con}"},
    "military": {(1, 4): "có buổi huấn luyện dân quân chuẩn bị nội dung chưa kỹ",
                 (2, 5): "chưa thường xuyên thăm hỏi gia đình quân nhân đang tại ngũ"},
    "official": {(1, 4): "có hồ sơ trả kết quả sát hạn, {chưa chủ động báo người dân khi cần bổ sung giấy tờ|để người dân phải đi lại hai lần}",
                 (2, 5): "{có lúc trả lời người dân qua điện thoại còn vắn tắt|ít xuống khu phố nắm tình hình}",
                 (2, 6): "{còn in văn bản giấy nhiều|có cuộc họp kéo dài vì chuẩn bị chưa kỹ}"},
    "enterprise": {(1, 4): "có lúc kiểm tra chất lượng công việc trong khâu phụ trách còn qua loa",
                   (2, 5): "chưa quan tâm đúng mức đến {đời sống|tâm tư} của người lao động trong tổ",
                   (2, 6): "để hao hụt {vật tư|nguyên liệu} trong khâu phụ trách còn cao"},
    "trader": {(1, 4): "có lúc {ghi sổ sách kinh doanh chưa đầy đủ|kê khai thuế chậm}",
               (2, 5): "chưa tham gia đều các hoạt động của khu phố vì bận buôn bán"},
    "market": {(1, 4): "có lúc kiểm tra vệ sinh an toàn thực phẩm ở các sạp còn qua loa",
               (2, 5): "có lúc giải quyết phản ánh của tiểu thương còn chậm"},
    "retiree": {(1, 4): "{có buổi sinh hoạt chi bộ đến muộn|có tháng đóng đảng phí chưa đúng ngày}",
                (2, 5): "{ít đến thăm hỏi bà con trong tổ khi ốm đau|chưa kịp thời phản ánh ý kiến của bà con với chi bộ}"},
    "neighbourhood": {(1, 4): "có việc của khu phố giải quyết còn chậm, chưa báo cáo kịp thời lên phường",
                      (2, 5): "có lúc chưa lắng nghe hết ý kiến của bà con trước khi đề xuất với phường"},
    "resident": {(1, 4): "chưa tham gia đầy đủ các buổi tổng vệ sinh của tổ dân phố vì bận công việc",
                 (2, 5): "ít quan tâm đến những khó khăn của hàng xóm"},
}
# (text, months after the reflection's month by which it is done; 12 = by the end of the year)
CORRECTIONS = {
    (1, 1): [("Chỉ đọc, chia sẻ thông tin từ báo, đài chính thống; trao đổi với chi ủy khi có băn khoăn", 1)],
    (1, 3): [("Mỗi tuần dành ít nhất [n:2-3] buổi tối đọc văn bản mới trên Sổ tay đảng viên điện tử và ghi chép vào sổ tay", 1),
             ("Đọc lại tác phẩm “[work]” và viết bài thu hoạch nộp chi ủy", 2),
             ("Ghi sổ tay học tập đều đặn, mỗi tháng ít nhất [n:2-4] lần", 3)],
    (1, 4): [("Lập sổ theo dõi công việc hằng tuần, không để việc nào trễ hạn", 1),
             ("Việc được giao làm đến nơi đến chốn, báo lại kết quả với người giao việc", 1)],
    (1, 5): [("Mỗi kỳ sinh hoạt chi bộ phát biểu ít nhất một ý kiến góp ý thẳng thắn, có tinh thần xây dựng", 2),
             ("Khi tự phê bình nêu rõ khuyết điểm, nguyên nhân và việc sẽ sửa", 3)],
    (1, 6): [("Hoàn thành việc “[deed]” đã đăng ký với chi bộ", 12),
             ("Việc đã hứa với bà con thì làm ngay, báo lại kết quả trong sinh hoạt chi bộ", 1)],
    (1, 7): [("Trước khi quyết định việc chung, lấy ý kiến tập thể{ chi ủy| cơ quan} và lắng nghe ý kiến khác", 1)],
    (2, 1): [("Nhận thêm một phần việc chung của {khu phố|cơ quan} mà trước đây còn ngại", 2)],
    (2, 4): [("Báo cáo đúng thực chất, nêu cả hạn chế trong báo cáo {tháng|quý}", 1)],
    (2, 5): [("Mỗi tháng ít nhất [n:1-2] lần đến thăm hỏi các hộ khó khăn trong tổ", 2)],
    (2, 6): [("Không dùng điện thoại vào việc riêng trong giờ làm việc và khi sinh hoạt chi bộ", 1),
             ("Tắt điện, quạt, máy lạnh khi ra khỏi phòng; tiết kiệm văn phòng phẩm", 1)],
    (3, 3): [("Không chia sẻ, bình luận thông tin chưa kiểm chứng trên mạng xã hội; rà soát lại các bài đã chia sẻ", 1)],
    (3, 4): [("Khi có băn khoăn về chế độ, chính sách thì phản ánh qua sinh hoạt chi bộ, không bàn tán bên ngoài", 1)],
}
DUTY_CORRECTIONS = {
    "teacher": {(1, 4): ("Chấm, chữa bài và ghi nhận xét cụ thể cho từng em; liên hệ phụ huynh những em học chưa tốt", 1),
                (2, 5): ("Đến thăm gia đình [n:2-4] em học sinh có hoàn cảnh khó khăn của lớp", 2)},
    "preschool": {(1, 4): ("Ghi sổ theo dõi trẻ đầy đủ hằng ngày", 1), (2, 5): ("Gặp trực tiếp phụ huynh các cháu suy dinh dưỡng, thấp còi", 1)},
    "health": {(1, 4): ("Hướng dẫn người bệnh cách dùng thuốc bằng phiếu ghi sẵn, kể cả giờ đông người", 1),
               (2, 5): ("Lập danh sách, đến tận nhà khám cho các cụ mắc bệnh mạn tính không tự đến trạm được", 2)},
    "police": {(1, 4): ("Giải quyết hồ sơ cư trú trước hạn ít nhất một ngày", 1),
               (2, 5): ("Mỗi tuần xuống địa bàn ít nhất [n:2-3] buổi, gặp gỡ tổ trưởng tổ dân phố", 1)},
    "official": {(1, 4): ("Báo ngay cho người dân qua điện thoại khi hồ sơ cần bổ sung, không để đi lại nhiều lần", 1),
                 (2, 5): ("Mỗi tháng xuống khu phố ít nhất [n:1-2] lần nắm tình hình, lắng nghe ý kiến của bà con", 2)},
    "enterprise": {(2, 6): ("Theo dõi định mức vật tư hằng ngày, giảm hao hụt trong khâu phụ trách", 3)},
    "retiree": {(1, 4): ("Đến sinh hoạt chi bộ đúng giờ, đóng đảng phí đúng ngày", 1)},
    "neighbourhood": {(1, 4): ("Việc của bà con tiếp nhận trong tuần thì báo lên phường ngay trong tuần", 1)},
}
FIRST_OF = ["Trước hết,", "Thứ nhất,", "Một là,"]
THEN_OF = [["Thứ hai,", "Bên cạnh đó,", "Hai là,"], ["Thứ ba,", "Ngoài ra,", "Ba là,"]]
SELF_CRITIC = [
    "Tự soi, tự sửa theo tinh thần Nghị quyết Trung ương 4 khóa XII, tôi thấy bản thân còn những hạn chế.",
    "Đối chiếu với 27 biểu hiện suy thoái, tôi thẳng thắn nhận thấy mình còn có những điểm chưa tốt.",
    "Soi vào lời Bác dạy, tôi thấy mình còn những khuyết điểm cần sửa.",
]
CLOSING = [
    "Để khắc phục, tôi xin hứa trước chi bộ: [corrections]. {Rất mong|Kính mong} các đồng chí góp ý, giúp đỡ để tôi {tiến bộ hơn|làm tốt hơn}.",
    "Tôi xin hứa với chi bộ: [corrections]. Đề nghị chi bộ theo dõi, nhắc nhở để tôi thực hiện đúng lời hứa.",
    "Từ những điều đã học, tôi đề ra hướng khắc phục: [corrections]. Xin các đồng chí góp ý thêm cho bài viết của tôi.",
]
TITLES = ["Học [short], soi lại mình", "Cảm nhận sau khi học [short]", "Tự soi, tự sửa theo [short]",
          "Bài học từ [short] với công việc của tôi", "Làm theo lời Bác từ những việc nhỏ", "Học [short] và những điều tôi cần sửa"]

COMMENTS = [
    "Tôi đồng tình với bài viết của đồng chí{, có liên hệ thực tế công việc| và những hạn chế đồng chí tự nhận}.",
    "Đồng chí nên nêu rõ hơn {kết quả cần đạt|cách làm} cho hướng khắc phục “[correction]”, để chi bộ có căn cứ theo dõi.",
    "Bài viết thẳng thắn, tự nhận đúng khuyết điểm. Đề nghị đồng chí {báo cáo kết quả khắc phục ở kỳ sinh hoạt tháng [next]|giữ đúng thời hạn đã hứa}.",
    "Về hạn chế “[label]”, tôi cũng có lúc mắc phải; xin cùng đồng chí khắc phục.",
    "Đồng chí nêu hạn chế còn hơi chung chung, nên gắn với {một việc cụ thể trong tháng|công việc được giao} thì rõ hơn.",
    "Cảm ơn đồng chí đã chia sẻ; phần liên hệ với công việc rất gần gũi, dễ làm theo.",
    "Tôi đồng tình. Đề nghị chi ủy phân công {một đồng chí|đồng chí tổ trưởng} nhắc nhở, giúp đỡ đồng chí thực hiện lời hứa.",
    "Đồng chí đã chọn được lời Bác rất hợp với công việc của mình. Tôi đề nghị chi bộ biểu dương tinh thần tự phê bình của đồng chí.",
    "Góp ý thêm: thời hạn “[correction]” hơi dài, đồng chí nên rút ngắn lại.",
]
REPLIES_BY_AUTHOR = [
    "Cảm ơn đồng chí đã góp ý, tôi xin tiếp thu và {bổ sung kết quả cụ thể|báo cáo lại} trong kỳ sinh hoạt tới.",
    "Tôi xin tiếp thu ý kiến của đồng chí.",
    "Cảm ơn đồng chí, tôi sẽ cố gắng thực hiện đúng thời hạn.",
]
REPLIES_BY_OTHER = ["Tôi thống nhất với ý kiến của đồng chí.", "Đồng ý, chi bộ nên theo dõi thêm việc này."]
CONCLUSIONS = [
    "Chi bộ thống nhất: bài viết của đồng chí {có liên hệ thực tế công việc|gắn với nhiệm vụ được giao}, tự nhận {đúng|thẳng thắn} hạn chế về "
    "[labels]. Đề nghị đồng chí thực hiện đúng các hướng khắc phục đã nêu, báo cáo kết quả trong sinh hoạt chi bộ tháng [next].",
    "Chi bộ ghi nhận tinh thần tự phê bình nghiêm túc của đồng chí. {Đề nghị|Yêu cầu} đồng chí khắc phục hạn chế về [labels] "
    "đúng thời hạn đã hứa; chi ủy theo dõi, nhắc nhở.",
    "Bài viết đạt yêu cầu, có liên hệ bản thân. Chi bộ đề nghị đồng chí nêu kết quả cụ thể hơn khi báo cáo việc khắc phục hạn chế về [labels].",
    "Chi bộ đồng tình với những hạn chế đồng chí tự nhận ([labels]) và các hướng khắc phục đề ra. Giao chi ủy theo dõi, "
    "đánh giá cùng kiểm điểm cuối năm.",
]

NOTE_STUDIED = [
    "Đọc [source]. Ghi lại: [lesson]",
    "Sinh hoạt chi bộ tháng [month]: học tập [source]. [lesson]",
    "Đọc văn bản trên Sổ tay đảng viên điện tử: [source]. [lesson]",
]
NOTE_DID = ["Thực hiện việc đã đăng ký “[deed]”: {đã làm được khoảng [n:30-80]%|đúng tiến độ|làm được một phần, còn chậm}.",
            "[relate]"]
NOTE_REMARKS = [
    "Đồng chí ghi sổ tay {đều đặn|khá đều}, nội dung có liên hệ công việc; {nên ghi rõ hơn kết quả việc làm theo|nên ghi thêm việc sẽ sửa và thời hạn}.",
    "Sổ tay ghi chép cụ thể, có việc làm theo gắn với đăng ký đầu năm. Chi ủy ghi nhận.",
    "Đồng chí cần ghi thường xuyên hơn, mỗi tháng ít nhất hai lần; phần “sẽ sửa” nên có thời hạn.",
    "Nội dung học tập ghi chép tốt; phần làm theo còn ít, đề nghị bổ sung những việc cụ thể đã làm.",
]


# ---------------------------------------------------------------------------------------------
# Dates.


def _month_end(year, month, offset=0):
    index = year * 12 + month - 1 + offset
    return default_due_on(index // 12, index % 12 + 1)


def _months_back(today, count):
    """(year, month) of the `count` months up to and including today's, oldest first."""
    index = today.year * 12 + today.month - 1
    return [((i // 12), i % 12 + 1) for i in range(index - count + 1, index + 1)]


def _month_label(day):
    return f"{day.month}/{day.year}"


def _date_text(day):
    return f"{day:%d/%m/%Y}"


def _lower_first(text):
    return text[:1].lower() + text[1:]


@dataclass
class DemoJournal:
    assigned: Counter  # by year
    written: Counter
    read: Counter
    comments: int = 0
    entries: int = 0
    keepers: int = 0
    shared: int = 0
    remarks: int = 0


class _Builder:
    def __init__(self, ward, seed, now):
        self.ward, self.now = ward, now
        self.today = timezone.localdate(now)
        self.rng = random.Random(f"hocbac-journal-{seed}-{ward.code}")
        self.committee, self.secretaries = ward_staff(ward)
        self.cells = list(Organization.objects.filter(path__startswith=ward.path, kind__in=MEMBER_HOLDING_KINDS,
                                                      dissolved_on__isnull=True).order_by("code"))
        self.cell_by_id = {c.pk: c for c in self.cells}
        self.members = {m.pk: m for m in Member.objects.in_subtree(ward).select_related("user").order_by("pk")
                        if m.org_id in self.cell_by_id}
        self.duty = {pk: duty_of(m, self.cell_by_id[m.org_id]) for pk, m in self.members.items()}
        self.meetings = Meetings(self.rng, ward, self.cells)
        self.manifestations = {(m.group, m.number): m for m in Manifestation.objects.filter(sub=0)}
        self.deeds = {}  # (member id, year) → (registration id, [deed texts])
        for pk, member_id, year, deeds in Registration.objects.in_subtree(ward).values_list("pk", "member_id", "year", "deeds"):
            self.deeds[(member_id, year)] = (pk, [d["text"] for d in deeds if d.get("text")])
        self.documents = {d.number_symbol: d for d in Document.objects.unscoped().filter(
            org__isnull=True, number_symbol__in=[s.symbol for s in SOURCES if s.symbol])}
        self.sessions = {}  # (cell id, year, month) → session id
        for pk, org_id, starts_at in (StudySession.objects.in_subtree(ward).filter(kind=SessionKind.REGULAR)
                                      .order_by("starts_at").values_list("pk", "org_id", "starts_at")):
            day = timezone.localdate(starts_at)
            self.sessions.setdefault((org_id, day.year, day.month), (pk, day))
        self.demo_member = next((m for m in self.members.values() if m.user_id and m.user.username == "dangvien"), None)

    # --- small helpers -------------------------------------------------------------------------

    def actor(self, cell):
        return self.secretaries.get(cell.pk, self.committee)

    def clamp(self, moment):
        return min(moment, self.now - datetime.timedelta(minutes=5))

    def moment(self, day, low=7, high=21):
        return local_time(day, self.rng.randint(low, high), self.rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50]))

    def evening(self, cell, day):
        """When the cell's meeting on `day` ends."""
        return local_time(day, 21, self.rng.choice([0, 10, 15, 30])) if cell.sector == Sector.COMMUNE else local_time(day, 16, self.rng.choice([0, 15, 30]))

    def eligible_by_month(self, months):
        """{(year, month): {cell id: [member ids]}}: members eligible mid-month (or today), in their cell then."""
        result = {}
        for year, month in months:
            day = min(datetime.date(year, month, 15), self.today)
            rows = (MemberPeriod.objects.in_subtree(self.ward).filter(eligible_on(day))
                    .order_by("member_id").values_list("member_id", "org_id"))
            by_cell = {}
            for member_id, org_id in rows:
                if member_id in self.members and org_id in self.cell_by_id:
                    by_cell.setdefault(org_id, []).append(member_id)
            result[(year, month)] = by_cell
        return result

    def slots(self, member, year, month):
        rng = self.rng
        deeds = self.deeds.get((member.pk, year), (None, []))[1]
        return {
            "year": str(year), "month": f"{month}/{year}", "next": _month_label(_month_end(year, month, 1)),
            "deed": short_deed(rng.choice(deeds)).replace("“", "").replace("”", "") if deeds else "việc làm theo đã đăng ký đầu năm",
            "work": lambda r: r.choice(["Sửa đổi lối làm việc", "Đạo đức cách mạng", "Cần kiệm liêm chính", "Dân vận",
                                     "Nâng cao đạo đức cách mạng, quét sạch chủ nghĩa cá nhân"]),
        }

    # --- the rota ------------------------------------------------------------------------------

    def rota(self, months, eligible):
        """[(cell, year, month, [member ids])]: who writes each month, round the cell."""
        rng, today = self.rng, self.today
        turns = {}  # member id → index of the month they last wrote (lower = longer ago)
        rows = []
        for index, (year, month) in enumerate(months):
            current = (year, month) == (today.year, today.month)
            for cell in self.cells:
                ids = eligible[(year, month)].get(cell.pk, [])
                if not ids:
                    continue
                size = len(ids)
                two = rng.random() < (0.85 if size >= 40 else 0.6 if size >= 12 else 0.25 if size >= 5 else 0)
                if current and cell.pk in self.secretaries and size >= 3:
                    two = True  # one written and waiting, and the demo member's to write

                def key(member_id):
                    member = self.members[member_id]
                    # The very old and those without a phone come round half as often.
                    slow = age_on(member, today) >= 80 or not member.phone
                    last = turns.get(member_id, -30 + rng.random() * 12)
                    return last + (6 if slow else 0) + rng.random()

                chosen = sorted(ids, key=key)[:2 if two else 1]
                forced = self.forced_writer(cell, index, len(months), ids)
                if forced and forced not in chosen:
                    chosen = [forced, *chosen[:1 if two else 0]]
                for member_id in chosen:
                    turns[member_id] = index
                rows.append((cell, year, month, chosen))
        return rows

    def forced_writer(self, cell, index, count, ids):
        """The demo member writes this month and two months ago."""
        member = self.demo_member
        if member is None or member.org_id != cell.pk or member.pk not in ids:
            return None
        return member.pk if index in (count - 1, count - 3) else None

    # --- reflections ---------------------------------------------------------------------------

    def cite(self, member):
        rng = self.rng
        pairs = [(code, HEAD_CITED.get(code, weight) if is_head(member) else weight) for code, weight in CITED]
        codes, weights = zip(*pairs, strict=True)
        wanted = rng.choices([1, 2, 3], weights=[45, 40, 15])[0]
        chosen = []
        while len(chosen) < wanted:
            code = rng.choices(codes, weights=weights)[0]
            if code not in chosen:
                chosen.append(code)
        return sorted(chosen)

    def write(self, member, cell, year, month, codes):
        """(title, body, corrections) in the member's words."""
        rng = self.rng
        duty = self.duty[member.pk]
        slots = self.slots(member, year, month)
        sources = [rng.choice(SOURCES)]
        if duty in DUTY_SOURCES and rng.random() < 0.35:
            sources = [DUTY_SOURCES[duty]]
        elif rng.random() < 0.3:
            sources.append(rng.choice([s for s in SOURCES if s is not sources[0]]))
        source_names = " và ".join(s.name for s in sources)
        first = sources[0]
        title = fill_template(rng, rng.choice(TITLES), {"short": first.short})
        studied = [fill_template(rng, rng.choice(HOW_STUDIED), {**slots, "source": source_names})]
        learned = [fill_template(rng, rng.choice(s.lessons), slots) for s in sources]
        if first.quotes and rng.random() < 0.75:
            learned.insert(0 if rng.random() < 0.5 else len(learned), rng.choice(first.quotes))
        opener = (f"Trên cương vị {_lower_first(member.position)}" if is_head(member) and member.position
                  else OPENERS[duty])
        relate = [f"{opener}, {fill_template(rng, rng.choice(RELATE[duty]), slots)}"]
        if (member.pk, year) in self.deeds and self.deeds[(member.pk, year)][1] and rng.random() < 0.6:
            relate.append(fill_template(rng, DEED_PROGRESS, slots))
        faults = [fill_template(rng, rng.choice(SELF_CRITIC), slots)]
        for i, code in enumerate(codes):
            own = DUTY_SHORTCOMINGS.get(duty, {}).get(code)
            text = fill_template(rng, own if own and rng.random() < 0.7 else rng.choice(SHORTCOMINGS[code]), slots)
            lead = rng.choice(FIRST_OF if i == 0 else THEN_OF[min(i, 2) - 1])
            faults.append(f"{lead} {text}.")
        if rng.random() < 0.5:
            faults.append(fill_template(rng, "{Nguyên nhân chủ yếu là do bản thân chưa tự giác, còn ngại khó|Nguyên nhân là tôi chưa sắp xếp công việc "
                                     "hợp lý|Nguyên nhân chính là do chủ quan, chưa thường xuyên tự kiểm tra mình}.", slots))
        corrections = self.corrections(member, year, month, codes, slots)
        promised = "; ".join(f"{_lower_first(c['text'])} (trước ngày {_date_text(datetime.date.fromisoformat(c['by']))})"
                             for c in corrections)
        closing = fill_template(rng, rng.choice(CLOSING), {**slots, "corrections": promised})
        body = "\n\n".join([" ".join(studied + learned), " ".join(relate), " ".join(faults), closing])
        return title[:200], body, corrections

    def corrections(self, member, year, month, codes, slots):
        rng = self.rng
        duty = self.duty[member.pk]
        chosen = []
        for code in codes:
            own = DUTY_CORRECTIONS.get(duty, {}).get(code)
            chosen.append(own if own and rng.random() < 0.7 else rng.choice(CORRECTIONS[code]))
        if len(codes) == 1 and rng.random() < 0.35:
            extra = rng.choice(CORRECTIONS[(1, 3)] + CORRECTIONS[(1, 5)])
            if extra not in chosen:
                chosen.append(extra)
        result = []
        for text, months in chosen[:3]:
            by = datetime.date(year, 12, 31) if months == 12 else _month_end(year, month, months)
            if months == 12 and month >= 11:
                by = _month_end(year, month, 3)
            result.append({"text": fill_template(rng, text, slots), "by": by.isoformat()})
        return result

    def reflections(self, rota):
        """Plan and write the reflections of the rota with their citations and comments."""
        rng, today = self.rng, self.today
        rows, citations, threads = [], [], []
        for cell, year, month, writers in rota:
            actor = self.actor(cell)
            current = (year, month) == (today.year, today.month)
            meeting = self.meetings.on(cell, year, month)
            previous = self.meetings.on(cell, *_previous(year, month))
            assigned_at = self.clamp(self.evening(cell, previous))
            waiting_here = current and cell.pk in self.secretaries
            for position, member_id in enumerate(writers):
                member = self.members[member_id]
                reflection = Reflection(org=cell, member=member, year=year, month=month, due_on=default_due_on(year, month),
                                        assigned_by=actor, state=State.ASSIGNED, corrections=[])
                reflection.created_at = reflection.updated_at = assigned_at
                is_demo = member.user_id is not None
                if waiting_here:
                    kind = "assigned" if member == self.demo_member or (self.demo_member is None and position == 1) else "submitted"
                elif current and meeting > today:
                    kind = rng.choices(["assigned", "draft", "submitted"], weights=[35, 30, 35])[0]
                    if member == self.demo_member:
                        kind = "assigned"
                elif is_demo or rng.random() < WRITTEN_SHARE:
                    kind = "read"
                else:
                    kind = rng.choice(["assigned", "assigned", "draft"])
                rows.append((reflection, kind, meeting))
        for reflection, kind, meeting in rows:
            cell, member = reflection.org, reflection.member
            if kind == "assigned":
                continue
            codes = self.cite(member)
            title, body, corrections = self.write(member, cell, reflection.year, reflection.month, codes)
            reflection.title = title
            if kind == "draft":
                reflection.state = State.DRAFT
                reflection.body = body.split("\n\n")[0]
                started = reflection.created_at + datetime.timedelta(days=rng.randint(2, 12))
                reflection.updated_at = self.clamp(max(self.moment(started.date()), reflection.created_at))
                continue
            reflection.body, reflection.corrections = body, corrections
            if kind == "submitted":
                day = self.today - datetime.timedelta(days=rng.randint(0, 3))
            else:
                day = meeting - datetime.timedelta(days=rng.randint(1, 6))
            submitted = self.clamp(max(self.moment(day), reflection.created_at + datetime.timedelta(hours=20)))
            reflection.state, reflection.submitted_at, reflection.updated_at = State.SUBMITTED, submitted, submitted
            if kind == "read":
                read_on = meeting
                later = self.meetings.on(cell, *_next(reflection.year, reflection.month))
                if rng.random() < 0.08 and later <= today:
                    read_on = later  # the agenda ran over: read at the next meeting
                read_on = max(read_on, timezone.localtime(submitted).date())
                concluded = self.clamp(self.evening(cell, read_on) + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 2, 4])))
                labels = ", ".join(f"“{_lower_first(self.manifestations[c].label)}”" for c in codes)
                reflection.state, reflection.read_on = State.READ, read_on
                reflection.read_recorded_by = reflection.concluded_by = self.actor(cell)
                reflection.conclusion = fill_template(rng, rng.choice(CONCLUSIONS), {
                    "next": _month_label(_month_end(read_on.year, read_on.month, 1)), "labels": labels})
                reflection.concluded_at = reflection.updated_at = concluded
            threads.append((reflection, kind, codes))
            citations.extend((reflection, self.manifestations[c]) for c in codes)
        bulk_create_dated(Reflection, [r for r, _, _ in rows], ["created_at", "updated_at"])
        Citation.objects.bulk_create([Citation(reflection=r, manifestation=m, version=m.version, label=m.label, text=m.text)
                                      for r, m in citations], batch_size=1000)
        comments = self.comments(threads)
        return [r for r, _, _ in rows], comments

    def comments(self, threads):
        """One to four comments on each reflection read (none to one on one waiting), from other
        members of the cell with a phone; some replies."""
        rng = self.rng
        cell_members = {}
        for member in self.members.values():
            if member.is_eligible and member.phone:
                cell_members.setdefault(member.org_id, []).append(member)
        top, replies = [], []
        for reflection, kind, codes in threads:
            others = [m for m in cell_members.get(reflection.org_id, []) if m.pk != reflection.member_id]
            if not others:
                continue
            if kind == "read":
                count = rng.choices([1, 2, 3, 4], weights=[25, 35, 25, 15])[0]
                if reflection.member == self.demo_member:
                    count = max(count, 2)
                start, end = reflection.submitted_at, self.evening(reflection.org, reflection.read_on) + datetime.timedelta(days=3)
            else:
                count = rng.choice([0, 1])
                start, end = reflection.submitted_at, self.now
            demo_writers = [m for m in others if m.user_id]
            authors = rng.sample(others, min(count, len(others)))
            if demo_writers and rng.random() < 0.5 and demo_writers[0] not in authors and authors:
                authors[-1] = demo_writers[0]  # the demo logins speak in their cell now and then
            slots = {"next": _month_label(_month_end(reflection.year, reflection.month, 1)),
                     "correction": _lower_first(rng.choice(reflection.corrections)["text"]) if reflection.corrections else "",
                     "label": _lower_first(self.manifestations[rng.choice(codes)].label)}
            span = max(60, int((self.clamp(end) - start).total_seconds()))
            for author, text in zip(authors, rng.sample(COMMENTS, len(authors)), strict=False):
                at = self.clamp(start + datetime.timedelta(seconds=rng.randint(60, span)))
                comment = Comment(reflection=reflection, author_id=author.user_id, author_name=author.full_name,
                                  body=fill_template(rng, text, slots), client_key=f"demo-{rng.getrandbits(48):012x}", created_at=at)
                top.append(comment)
                if rng.random() < 0.3:
                    by_author = rng.random() < 0.7
                    who = reflection.member if by_author else rng.choice([m for m in others if m is not author] or [author])
                    replies.append((comment, Comment(
                        reflection=reflection, author_id=who.user_id, author_name=who.full_name,
                        body=fill_template(rng, rng.choice(REPLIES_BY_AUTHOR if by_author else REPLIES_BY_OTHER), slots),
                        client_key=f"demo-{rng.getrandbits(48):012x}",
                        created_at=self.clamp(at + datetime.timedelta(minutes=rng.randint(20, 2 * 24 * 60))))))
        Comment.objects.bulk_create(top, batch_size=1000)
        for parent, reply in replies:
            reply.parent = parent
        Comment.objects.bulk_create([reply for _, reply in replies], batch_size=1000)
        return len(top) + len(replies)

    # --- notebooks -----------------------------------------------------------------------------

    def notebooks(self):
        """Entries of about three members in ten over the last twelve months; remarks per quarter."""
        rng, today = self.rng, self.today
        keepers = [m for m in self.members.values()
                   if m.is_eligible and m.phone and (m.user_id or rng.random() < 0.3 * (0.5 if age_on(m, today) >= 75 else 1.1))]
        months = _months_back(today, 12)
        entries = []
        for member in keepers:
            cell = self.cell_by_id[member.org_id]
            sharing = 1.0 if member.user_id else rng.choice([0.0, 0.0, 0.3, 0.9, 1.0])
            steady = member.user_id is not None or rng.random() < 0.5
            for year, month in months:
                if rng.random() > (0.9 if steady else 0.4):
                    continue
                for _ in range(rng.choice([1, 1, 2]) if steady else 1):
                    entry = self.entry(member, cell, year, month)
                    if entry is None:
                        continue
                    if rng.random() < sharing:
                        entry.shared_at = self.clamp(self.moment(entry.written_on + datetime.timedelta(days=rng.choice([0, 0, 1, 3]))))
                    entries.append(entry)
        bulk_create_dated(NotebookEntry, entries, ["created_at", "updated_at"])
        remarks = self.remarks(entries)
        return entries, keepers, remarks

    def entry(self, member, cell, year, month):
        rng, today = self.rng, self.today
        first = datetime.date(year, month, 1)
        last = min(_month_end(year, month), today)
        if last < first:
            return None
        session = self.sessions.get((cell.pk, year, month))
        slots = self.slots(member, year, month)
        source = rng.choice(SOURCES)
        template = rng.choice(NOTE_STUDIED)
        document = self.documents.get(source.symbol)
        session_id = None
        if template.startswith("Sinh hoạt") and session and session[1] <= today:
            written_on = min(session[1] + datetime.timedelta(days=rng.choice([0, 0, 1, 2])), last)
            session_id = session[0]
        else:
            if template.startswith("Sinh hoạt"):
                template = NOTE_STUDIED[0]
            written_on = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
        lesson = rng.choice(source.quotes) if source.quotes and rng.random() < 0.5 else fill_template(rng, rng.choice(source.lessons), slots)
        studied = fill_template(rng, template, {**slots, "source": source.name, "lesson": lesson})
        registration_id, deeds = self.deeds.get((member.pk, year), (None, []))
        did = ""
        if deeds and rng.random() < 0.5:
            did = fill_template(rng, NOTE_DID[0], slots)
        elif rng.random() < 0.6:
            did = fill_template(rng, rng.choice(RELATE[self.duty[member.pk]]), slots)
            did = did[:1].upper() + did[1:]
        else:
            registration_id = None
        if not did:
            registration_id = None
        will = ""
        if rng.random() < 0.45:
            code = rng.choice([(1, 3), (1, 4), (1, 5), (2, 6), (2, 5)])
            will = fill_template(rng, rng.choice(CORRECTIONS[code])[0], slots) + "."
        at = self.clamp(local_time(written_on, rng.randint(19, 22), rng.choice([0, 15, 30, 45])))
        entry = NotebookEntry(member=member, org=cell, written_on=written_on, studied=studied, did=did, will_correct=will,
                              document=document if rng.random() < 0.7 else None, session_id=session_id,
                              registration_id=registration_id)
        entry.created_at = entry.updated_at = at
        return entry

    def remarks(self, entries):
        """The committee remarks on some members' shared entries each quarter (the demo member's
        of the last full quarter always)."""
        rng = self.rng
        shared = {}
        for entry in entries:
            if entry.shared_at:
                period = f"{entry.written_on.year}-Q{(entry.written_on.month - 1) // 3 + 1}"
                shared.setdefault((entry.member.pk, period), entry)
        this_quarter = f"{self.today.year}-Q{(self.today.month - 1) // 3 + 1}"
        remarks = []
        for (member_id, period), entry in sorted(shared.items()):
            member = self.members[member_id]
            if not (member == self.demo_member and period != this_quarter) and rng.random() >= 0.12:
                continue
            year, quarter = int(period[:4]), int(period[-1])
            written = _month_end(year, 3 * quarter, 0) + datetime.timedelta(days=rng.randint(3, 20))
            if period == this_quarter or written > self.today:
                written = self.today - datetime.timedelta(days=rng.randint(0, 3))
            remark = NotebookRemark(member=member, org=entry.org, period=period, text=fill_template(rng, rng.choice(NOTE_REMARKS), {}),
                                    written_by=self.actor(entry.org))
            remark.updated_at = self.clamp(self.moment(written))
            remarks.append(remark)
        bulk_create_dated(NotebookRemark, remarks, ["updated_at"])
        return remarks



def _previous(year, month):
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _next(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


@transaction.atomic
def build_year(ward, *, seed=7, stdout=None, now=None):
    """Add last year's and this year's reflections (up to this month) and a year of notebooks
    to `ward` (see the module docstring). Returns DemoJournal."""
    started = time.monotonic()
    builder = _Builder(ward, seed, now or timezone.now())
    result = DemoJournal(assigned=Counter(), written=Counter(), read=Counter())
    if builder.committee is None:
        return result
    today = builder.today
    months = [(today.year - 1, m) for m in range(1, 13)] + [(today.year, m) for m in range(1, today.month + 1)]
    rota = builder.rota(months, builder.eligible_by_month(months))
    reflections, result.comments = builder.reflections(rota)
    for r in reflections:
        result.assigned[r.year] += 1
        result.written[r.year] += r.is_written
        result.read[r.year] += r.state == State.READ
    entries, keepers, remarks = builder.notebooks()
    result.entries, result.keepers, result.remarks = len(entries), len(keepers), len(remarks)
    result.shared = sum(1 for e in entries if e.shared_at)
    past = sum(1 for r in reflections if (r.year, r.month) != (today.year, today.month))
    past_written = sum(1 for r in reflections if (r.year, r.month) != (today.year, today.month) and r.is_written)
    summary = (f"{format_number(len(reflections))} lượt phân công viết bài cảm nhận (năm {today.year - 1}: "
               f"{format_number(result.assigned[today.year - 1])}, năm {today.year}: {format_number(result.assigned[today.year])}), "
               f"các tháng trước đã viết {format_percent(past_written, past)}; {format_number(result.comments)} góp ý; "
               f"{format_number(result.entries)} trang sổ tay của {format_number(result.keepers)} đảng viên "
               f"({format_percent(result.shared, result.entries, 0)} chia sẻ với chi ủy), {format_number(result.remarks)} nhận xét")
    log_action("demo.build", by=builder.committee, org=ward, obj=ward, summary=f"Dữ liệu mẫu sổ tay, bài cảm nhận: {summary}"[:300],
               after={"seed": seed, "reflections": len(reflections), "comments": result.comments, "entries": result.entries,
                      "remarks": result.remarks})
    _say(stdout, f"{ward.name} — sổ tay, bài cảm nhận: {summary} ({format_number(time.monotonic() - started, 1)} giây).\n")
    return result
