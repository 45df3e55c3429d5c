"""A year of commitments for a demo ward (`hocbac demo`): last year's registrations through to the
cell's evaluation, this year's as they stand in late autumn, the organisations' plans and the
ward committee's template, written through the commitments services.

Last year (today's year − 1): nearly every member eligible all year registered, the registrations
were read out at a cell meeting in February or March, most members checked in at mid-year, all
assessed themselves in December and the cell evaluated them (≈87% thực hiện tốt, ≈11% hoàn
thành, a few chưa hoàn thành); the ward committee reopened a couple of evaluations in January,
with a reason, and the cell evaluated them again.

This year: each step is taken only once its date has come, so the picture follows the day the
demo is built. In late November about nine members in ten have registered and had it disclosed,
about six in ten have checked in, a quarter have already assessed themselves, a few drafts wait,
a few members have not registered (new members register after their admission). The demo
secretary's cell has members not registered, drafts and registrations waiting for the next
meeting; the demo member has a self-assessment due (a draft to finish before November).

Members of the demo ward have no sign-in accounts (only the printed logins do), so the
committee's account takes the members' own steps through the services and the registrations are
then marked as the members' own; those of elderly members without a phone stay marked "chi ủy
nhập thay". Timestamps are set afterwards to the dates the steps were taken.

Texts are drawn per member from phrase pools tied to the member's position (teacher, police
officer, retiree, ward official, trader…), with a few planted near-copies: a colleague's
registration lightly edited, and one member's own of last year handed in again.

Deterministic for a seed and a day: every draw comes from one `random.Random`.
"""

import datetime
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from hocbac.core.text import expand_choices, format_number, format_percent
from hocbac.orgs.demo import age_on, local_time, make_name, ward_staff, working_day
from hocbac.orgs.models import (
    MEMBER_HOLDING_KINDS,
    Member,
    MemberPeriod,
    Organization,
    Sector,
)
from hocbac.orgs.selectors import eligible_on
from hocbac.study.models import SessionKind, StudySession

from . import selectors, services
from .models import OrgPlan, Registration, Result, State, YearTemplate
from .selectors import PLANNING_KINDS
from .todo import SELF_ASSESSMENT_FROM_MONTH

GOOD, DONE, NOT_DONE = Result.GOOD, Result.DONE, Result.NOT_DONE

# ---------------------------------------------------------------------------------------------
# Phrase pools. "{a|b}" is a choice (nested choices allowed), "[n:3-12]" a number, "[slot]" a
# value of the member's context (see _Texts.slots).

DOCUMENTS = [
    ("Chỉ thị 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", 0),
    ("Chỉ thị 05-CT/TW của Bộ Chính trị", 0),
    ("Kết luận 01-KL/TW của Bộ Chính trị về tiếp tục thực hiện Chỉ thị 05-CT/TW", 0),
    ("Kết luận 01-KL/TW", 0),
    ("Quy định 144-QĐ/TW về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới", 0),
    ("Quy định 37-QĐ/TW về những điều đảng viên không được làm", 0),
    ("Quy định 08-QĐi/TW về trách nhiệm nêu gương của cán bộ, đảng viên", 0),
    ("Nghị quyết Trung ương 4 khóa XII về tăng cường xây dựng, chỉnh đốn Đảng", 0),
    ("Nghị quyết 21-NQ/TW về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên", 0),
    ("Nghị quyết Đại hội Đảng bộ phường nhiệm kỳ 2025 - 2030", 2026),
    ("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng", 2026),
]
WORKS = ["Sửa đổi lối làm việc", "Dân vận", "Đạo đức cách mạng", "Cần, kiệm, liêm, chính", "Di chúc",
         "Nâng cao đạo đức cách mạng, quét sạch chủ nghĩa cá nhân", "Thường thức chính trị"]
# The 27 manifestations of degradation (Nghị quyết 04-NQ/TW), as members write them.
MANIFESTATIONS = [
    "phai nhạt lý tưởng, giảm sút niềm tin", "lười học tập lý luận chính trị, nghị quyết, pháp luật",
    "né tránh tự phê bình và phê bình, nể nang, ngại va chạm", "nói không đi đôi với làm",
    "thiếu trách nhiệm, làm việc qua loa, đại khái", "chủ nghĩa cá nhân, ích kỷ, cơ hội, vụ lợi",
    "quan liêu, xa dân, vô cảm trước khó khăn của nhân dân", "lãng phí tiền của, thời gian, công sức",
    "che giấu khuyết điểm, chạy theo thành tích, phô trương", "tham ô, tham nhũng, lạm dụng chức quyền",
    "lối sống buông thả, vi phạm đạo đức gia đình", "cục bộ, bè phái, gây mất đoàn kết nội bộ",
    "độc đoán, gia trưởng, bảo thủ", "kén chọn việc, tránh việc khó, đùn đẩy trách nhiệm",
    "nói, viết, làm trái quan điểm, đường lối của Đảng", "kích động tâm lý bất mãn, gây chia rẽ nội bộ",
]

STUDY = [
    "{Nghiêm túc|Tích cực|Chủ động} {học tập, nghiên cứu|nghiên cứu, học tập} [document]{ và [document]|}; "
    "{nắm vững|hiểu rõ|quán triệt} {nội dung cốt lõi|tinh thần} để {vận dụng vào công việc hằng ngày|liên hệ với bản thân}.",
    "Học tập [topic]{ trong sinh hoạt chi bộ|; tham gia đầy đủ buổi sinh hoạt chuyên đề của chi bộ|, viết bài thu hoạch sau khi học}.",
    "{Đọc và ghi chép|Đọc, ghi chép|Đọc kỹ} {ít nhất|mỗi quý} [n:1-2] tác phẩm của Bác{ trong năm|}, {trước hết là|trong đó có} “[work]”{ và “[work]”|}.",
    "Tham gia đầy đủ {sinh hoạt chi bộ hằng tháng|các kỳ sinh hoạt chi bộ} và {hội nghị học tập, quán triệt nghị quyết|các lớp bồi dưỡng chính trị} do Đảng ủy [ward] tổ chức.",
    "{Ghi sổ tay học tập và làm theo Bác|Ghi chép lời dạy của Bác vào sổ tay} {và tự kiểm điểm hằng tháng|để đối chiếu với việc làm của bản thân}.",
    "Đọc {văn bản, tài liệu mới|tin tức, văn bản của Đảng} trên ứng dụng Sổ tay đảng viên điện tử {hằng tuần|ít nhất [n:2-3] lần mỗi tuần}.",
    "Tham gia cuộc thi {trực tuyến |}tìm hiểu {về Đảng, về Bác|lịch sử Đảng bộ [ward]|pháp luật} do {Đảng ủy [ward]|Ban Tuyên giáo và Dân vận Tỉnh ủy} tổ chức.",
    "{Viết|Chuẩn bị} bài cảm nhận về {tấm gương đạo đức Hồ Chí Minh|một việc làm theo Bác của bản thân} để đọc trong sinh hoạt chi bộ{ khi được phân công|}.",
]
STUDY_BY_DUTY = {
    "teacher": "Học tập {“Thư gửi các học sinh” nhân ngày khai trường năm 1945|“Năm điều Bác Hồ dạy thiếu niên, nhi đồng”|tư tưởng Hồ Chí Minh về giáo dục} để giáo dục đạo đức cho học sinh {qua từng tiết dạy|trong giờ sinh hoạt lớp}.",
    "preschool": "Thấm nhuần lời Bác dạy “Làm mẫu giáo tức là thay mẹ dạy trẻ”{; học tập tư tưởng Hồ Chí Minh về giáo dục|} để {yêu thương, chăm sóc trẻ|làm tốt việc nuôi dạy trẻ}.",
    "health": "Học tập {thư Bác gửi Hội nghị cán bộ y tế năm 1955|lời Bác dạy “Lương y phải như từ mẫu”} và {Quy tắc ứng xử của viên chức ngành y tế|các quy định về y đức}.",
    "police": "Học tập và thực hiện “Sáu điều Bác Hồ dạy Công an nhân dân”{ gắn với điều lệnh Công an nhân dân|; rèn luyện lễ tiết, tác phong}.",
    "military": "Học tập “Mười lời thề danh dự của quân nhân” và lời Bác dạy “Trung với nước, hiếu với dân”{ trong sinh hoạt của đơn vị|}.",
    "official": "Học tập tác phẩm {“Dân vận”|“Sửa đổi lối làm việc”} của Bác để {gần dân, sát dân|phục vụ nhân dân tốt hơn|sửa đổi lề lối làm việc}.",
    "enterprise": "Tìm hiểu {tư tưởng Hồ Chí Minh về thi đua yêu nước|lời Bác dạy về cần, kiệm trong sản xuất} và {Bộ luật Lao động|các quy định về an toàn, vệ sinh lao động}.",
    "trader": "Tìm hiểu {“Thư gửi giới công thương Việt Nam” năm 1945|lời Bác dạy về giữ chữ tín} và {quy định mới về thuế, hóa đơn điện tử|pháp luật về an toàn thực phẩm}.",
    "market": "Tìm hiểu {pháp luật về an toàn thực phẩm|quy định về phát triển và quản lý chợ} để {hướng dẫn|giải thích cho} bà con tiểu thương.",
    "retiree": "Theo dõi thời sự qua {báo Nhân Dân|báo tỉnh|truyền hình, Đài Phát thanh} để {nắm chủ trương mới|trao đổi với bà con trong [home]}.",
    "neighbourhood": "Học tập tác phẩm “Dân vận” của Bác và Luật Thực hiện dân chủ ở cơ sở để {vận động bà con|làm tốt công tác dân vận ở khu dân cư}.",
    "resident": "Tìm hiểu {các thủ tục trên Cổng dịch vụ công quốc gia|pháp luật về đất đai, xây dựng nhà ở} để {hướng dẫn|giúp} bà con trong [home].",
}

# (deed, measure) by duty: what the member will do, and what the cell checks at the end of the year.
DEEDS = {
    "teacher": [
        ("Đổi mới phương pháp dạy học theo Chương trình giáo dục phổ thông 2018{, ứng dụng công nghệ thông tin trong soạn giảng|, tăng cường hoạt động trải nghiệm}",
         "{Ít nhất|Tối thiểu} [n:8-16] tiết dạy có ứng dụng công nghệ thông tin mỗi học kỳ"),
        ("Phụ đạo miễn phí cho học sinh {chưa hoàn thành chương trình|học lực yếu} của [grade]",
         "[n:3-9] em được phụ đạo; {100%|ít nhất [n:90-98]%} lên lớp"),
        ("Bồi dưỡng học sinh {năng khiếu|giỏi} môn {Toán|Tiếng Việt|Tiếng Anh|Ngữ văn|Lịch sử|Tin học}",
         "[n:2-6] em đạt giải cấp {phường|tỉnh}"),
        ("Không dạy thêm, học thêm trái quy định; không {lạm thu|thu các khoản ngoài quy định}",
         "Không có phản ánh của cha mẹ học sinh"),
        ("Vận động {quỹ khuyến học|học bổng “Nâng bước em đến trường”} cho học sinh có hoàn cảnh khó khăn",
         "[n:3-12] suất học bổng, [n:10-40] bộ sách giáo khoa"),
        ("Phối hợp với cha mẹ học sinh {qua nhóm Zalo của lớp|qua sổ liên lạc điện tử} giáo dục đạo đức, kỹ năng sống cho các em",
         "Liên hệ {hằng tuần|ít nhất [n:2-4] lần mỗi tháng}; không có học sinh vi phạm nội quy"),
        ("Viết sáng kiến kinh nghiệm về {dạy học phân hóa|giáo dục kỹ năng sống|chuyển đổi số trong dạy học|phát triển văn hóa đọc}",
         "[n:1-2] sáng kiến được công nhận cấp {trường|phường}"),
        ("Xây dựng lớp học {thân thiện, an toàn|xanh, sạch, đẹp}; duy trì {tủ sách lớp học|góc đọc sách}",
         "{Lớp đạt|[grade] đạt} tập thể lớp tiên tiến; tủ sách trên [n:60-150] cuốn"),
        ("Kèm cặp giáo viên mới về {chuyên môn, nghiệp vụ|soạn giảng, đánh giá học sinh}",
         "Dự giờ, góp ý [n:6-14] tiết"),
        ("Tổ chức cho học sinh tìm hiểu {di tích lịch sử địa phương|truyền thống của [ward]|cuộc đời, sự nghiệp của Bác} {trong giờ sinh hoạt lớp|qua hoạt động trải nghiệm}",
         "[n:2-4] buổi, [n:60-200] lượt học sinh tham gia"),
        ("Tự học nâng cao trình độ {tin học|ngoại ngữ|chuyên môn}", "Hoàn thành {bồi dưỡng thường xuyên|khóa học} đạt loại {khá|tốt}"),
        ("Làm tốt {công tác chủ nhiệm [grade]|công tác Tổng phụ trách Đội|công tác thư viện của trường}",
         "Được xếp loại {tốt|xuất sắc} cuối năm học"),
    ],
    "preschool": [
        ("Chăm sóc, nuôi dưỡng trẻ {chu đáo, an toàn|như con em trong nhà}; tuyệt đối không để xảy ra bạo hành trẻ",
         "100% trẻ an toàn; không có phản ánh của phụ huynh"),
        ("Phối hợp với phụ huynh {cải thiện dinh dưỡng|giảm suy dinh dưỡng} cho trẻ {suy dinh dưỡng, thấp còi|thừa cân} của lớp",
         "Giảm [n:2-5] cháu suy dinh dưỡng, thấp còi"),
        ("Làm đồ dùng, đồ chơi tự tạo từ {nguyên liệu tái chế|vật liệu sẵn có ở địa phương}", "[n:8-20] đồ dùng, đồ chơi mới mỗi năm học"),
        ("Xây dựng {góc đọc sách|góc thiên nhiên|góc trải nghiệm} cho lớp {Chồi|Lá|Mầm}", "Lớp được công nhận lớp học thân thiện cuối năm"),
        ("Ứng dụng công nghệ thông tin trong {thiết kế bài giảng|tổ chức hoạt động} cho trẻ", "[n:6-15] bài giảng điện tử"),
        ("Hướng dẫn phụ huynh chăm sóc trẻ tại nhà {qua nhóm Zalo lớp|qua bảng tin của lớp}", "[n:2-4] bản tin mỗi tháng"),
        ("Vận động trẻ trong độ tuổi ra lớp ở khu phố được phân công", "Huy động [n:95-100]% trẻ 5 tuổi ra lớp"),
        ("Bảo đảm vệ sinh an toàn thực phẩm trong {bếp ăn|bữa ăn bán trú} của trường", "Không để xảy ra ngộ độc thực phẩm"),
        ("Tham gia hội thi giáo viên dạy giỏi cấp {trường|phường}", "Đạt giải {khuyến khích|ba|nhì} trở lên"),
        ("Dạy trẻ {lễ giáo, biết chào hỏi, cảm ơn, xin lỗi|giữ gìn vệ sinh cá nhân, tiết kiệm điện, nước} theo lời Bác dạy",
         "[n:90-100]% trẻ có nề nếp, thói quen tốt"),
    ],
    "health": [
        ("Thực hiện lời Bác dạy “Lương y phải như từ mẫu”, tận tình {chăm sóc|khám, tư vấn cho} người bệnh",
         "Người bệnh hài lòng trên [n:90-98]%; không có phản ánh về thái độ"),
        ("Quản lý, theo dõi người bệnh {tăng huyết áp|đái tháo đường|mắc bệnh mạn tính} tại trạm", "Quản lý [n:60-250] người bệnh, khám định kỳ hằng tháng"),
        ("Tổ chức tiêm chủng mở rộng an toàn, đúng lịch cho trẻ em trên địa bàn", "Tỷ lệ tiêm chủng đầy đủ đạt [n:95-99]%"),
        ("Khám sức khỏe, tư vấn miễn phí cho {người cao tuổi|gia đình chính sách|hộ nghèo}", "[n:2-5] đợt, [n:150-500] lượt người"),
        ("Tuyên truyền phòng, chống {sốt xuất huyết|bệnh tay chân miệng|bệnh không lây nhiễm} tại {các khu phố|trường học}",
         "[n:4-12] buổi; không để dịch lan rộng"),
        ("Không {gợi ý, nhận|nhận} tiền, quà biếu của người bệnh {và người nhà|dưới mọi hình thức}", "Không có phản ánh; cam kết công khai tại trạm"),
        ("Cập nhật {hồ sơ sức khỏe điện tử|sổ sức khỏe điện tử} cho người dân", "Cập nhật [n:1000-4000] hồ sơ"),
        ("Sử dụng thuốc, vật tư y tế {hợp lý, tiết kiệm|đúng quy định}", "Không để thuốc quá hạn; giảm [n:3-8]% chi phí vật tư"),
        ("Trực trạm đúng quy định, xử trí kịp thời {các ca cấp cứu ban đầu|người bệnh đến khám ngoài giờ}",
         "[n:4-8] ca trực mỗi tháng; không để xảy ra sai sót chuyên môn"),
        ("Theo dõi thai kỳ cho phụ nữ mang thai {trên địa bàn|ở các khu phố được phân công}", "[n:90-100]% phụ nữ mang thai được khám ít nhất 4 lần"),
        ("Hướng dẫn {điều dưỡng mới|sinh viên thực tập} về chuyên môn và y đức", "Kèm cặp [n:1-4] người"),
    ],
    "police": [
        ("Xây dựng mô hình {“Camera an ninh”|“Khu phố an toàn về an ninh, trật tự”|“Tổ liên gia an toàn”} tại [area]",
         "Lắp [n:8-40] camera; giảm phạm pháp hình sự trên địa bàn"),
        ("Hướng dẫn người dân kích hoạt tài khoản định danh điện tử và sử dụng ứng dụng VNeID", "Kích hoạt cho [n:150-600] người"),
        ("Giải quyết hồ sơ {cư trú|căn cước|đăng ký tạm trú} đúng hạn, không gây phiền hà", "100% hồ sơ đúng hạn; không có đơn thư phản ánh"),
        ("Tuyên truyền phòng, chống lừa đảo qua mạng {cho người cao tuổi|cho tiểu thương|tại các khu phố}", "[n:3-10] buổi với [n:150-600] lượt người dự"),
        ("Tuần tra, giữ gìn an ninh, trật tự {trên địa bàn được phân công|tại [area]}", "[n:8-16] buổi tuần tra mỗi tháng; không để hình thành điểm nóng"),
        ("Kiểm tra phòng cháy, chữa cháy tại {nhà trọ|hộ kinh doanh|nhà ở kết hợp kinh doanh}", "Kiểm tra [n:20-80] cơ sở; hướng dẫn [n:10-40] hộ trang bị bình chữa cháy"),
        ("Thực hiện “Sáu điều Bác Hồ dạy Công an nhân dân”{, đối với dân phải kính trọng, lễ phép|}", "Không vi phạm điều lệnh; không có phản ánh về thái độ"),
        ("Nắm chắc tình hình {nhân khẩu|người lưu trú|cơ sở kinh doanh có điều kiện} tại [area]", "Rà soát, cập nhật thông tin [n:80-300] hộ, cơ sở"),
        ("Giúp đỡ người {chấp hành xong án phạt tù|sau cai nghiện} tái hòa nhập cộng đồng", "Theo dõi, giúp đỡ [n:1-3] trường hợp có việc làm ổn định"),
        ("Bảo đảm trật tự an toàn giao thông {giờ tan trường|tại khu vực chợ|trên các tuyến đường chính}", "[n:2-6] ca mỗi tuần; không để ùn tắc kéo dài"),
        ("Phối hợp với tổ bảo vệ an ninh, trật tự ở cơ sở hòa giải mâu thuẫn ngay từ đầu", "Hòa giải thành [n:3-10] vụ việc"),
    ],
    "military": [
        ("Huấn luyện dân quân {đúng nội dung, đủ thời gian|theo kế hoạch năm}", "[n:95-100]% dân quân tham gia; kiểm tra đạt loại {khá|giỏi}"),
        ("Làm tốt công tác tuyển quân năm [year]", "Giao đủ [n:8-20] thanh niên, đạt 100% chỉ tiêu"),
        ("Duy trì trực sẵn sàng chiến đấu, phối hợp tuần tra bảo vệ {địa bàn|các mục tiêu trọng điểm}", "[n:6-12] buổi mỗi tháng; không để bị động, bất ngờ"),
        ("Tham gia phòng, chống thiên tai, {tìm kiếm cứu nạn|ứng cứu khi ngập úng}", "Sẵn sàng 100% lực lượng khi có lệnh"),
        ("Quản lý, bảo quản vũ khí, trang bị {chặt chẽ, an toàn|đúng quy định}", "Không để mất mát, hư hỏng"),
        ("Chấp hành nghiêm điều lệnh, điều lệ{ và quy định của Ban Chỉ huy|}", "Không vi phạm kỷ luật"),
        ("Giáo dục quốc phòng và an ninh cho {đối tượng 4|thanh niên trong độ tuổi nhập ngũ}", "[n:2-4] lớp, [n:40-150] người học"),
        ("Vệ sinh {khu di tích|nghĩa trang liệt sĩ}, tham gia hoạt động đền ơn đáp nghĩa", "[n:2-6] buổi trong năm"),
        ("Thăm hỏi gia đình {quân nhân đang tại ngũ|có hoàn cảnh khó khăn} trên địa bàn", "[n:4-12] lượt thăm hỏi"),
    ],
    "official": [
        ("Giải quyết thủ tục hành chính {thuộc lĩnh vực được phân công|tại Trung tâm Phục vụ hành chính công} {đúng hạn, đúng quy định|nhanh chóng, chính xác}",
         "[n:97-100]% hồ sơ đúng và trước hạn"),
        ("Hướng dẫn người dân nộp hồ sơ trực tuyến{ toàn trình| và thanh toán không dùng tiền mặt}", "Tỷ lệ hồ sơ trực tuyến trên [n:60-90]%"),
        ("Tham mưu {Đảng ủy|Ủy ban nhân dân} phường {thực hiện|triển khai} {chuyển đổi số|cải cách hành chính|công tác an sinh xã hội|chỉnh trang đô thị}",
         "[n:3-8] văn bản tham mưu đúng hạn, được lãnh đạo đánh giá tốt"),
        ("Số hóa {hồ sơ, kết quả giải quyết thủ tục hành chính|hồ sơ lưu trữ} của {bộ phận|phường}", "Số hóa [n:500-3000] hồ sơ"),
        ("Xuống {khu phố, ấp|cơ sở} nắm tình hình, lắng nghe ý kiến của nhân dân", "[n:2-4] lần mỗi tháng"),
        ("Giữ mối liên hệ với chi ủy và nhân dân nơi cư trú theo Quy định 213-QĐ/TW", "Được chi ủy nơi cư trú nhận xét tốt"),
        ("Thực hành tiết kiệm {điện, nước, văn phòng phẩm|trong hội họp, sử dụng tài sản công}", "Giảm [n:5-15]% chi phí so với năm trước"),
        ("Tiếp nhận, {trả lời|giải quyết} kiến nghị của người dân {đúng thời hạn|kịp thời}", "100% kiến nghị được trả lời đúng hạn"),
        ("Rà soát, cập nhật dữ liệu {hộ nghèo, hộ cận nghèo|người có công|đất đai|dân cư} trên phần mềm", "Cập nhật [n:100-500] hồ sơ, không sai sót"),
        ("Học tập nâng cao trình độ {quản lý nhà nước|kỹ năng số|chuyên môn, nghiệp vụ}", "Hoàn thành lớp bồi dưỡng trong quý [n:2-4]"),
        ("Giao tiếp với nhân dân {niềm nở, tận tình|văn minh, lịch sự}; không để người dân đi lại nhiều lần", "Người dân hài lòng trên [n:92-99]%"),
    ],
    "enterprise": [
        ("Thực hiện đúng {quy trình sản xuất|định mức công việc} được giao, bảo đảm chất lượng sản phẩm", "Vượt [n:3-12]% định mức; không có sản phẩm phải làm lại"),
        ("Nghiên cứu cải tiến {quy trình|kỹ thuật|thao tác} để tiết kiệm {nguyên vật liệu|điện năng|thời gian}", "[n:1-2] sáng kiến được công nhận, làm lợi [n:20-150] triệu đồng"),
        ("Chấp hành nghiêm quy định an toàn, vệ sinh lao động{, phòng cháy, chữa cháy|}", "Không để xảy ra tai nạn lao động"),
        ("Kèm cặp {công nhân mới|người lao động mới vào nghề}", "Kèm cặp [n:2-6] người đạt yêu cầu tay nghề"),
        ("Vận động người lao động tham gia {phong trào thi đua lao động giỏi|hiến máu tình nguyện|hoạt động Công đoàn}", "[n:10-60] người tham gia"),
        ("Giảm {hao hụt|hàng tồn kho|thất thoát} {trong khâu phụ trách|của bộ phận}", "Giảm [n:1-5]% so với năm trước"),
        ("Thăm hỏi {người lao động ốm đau|gia đình công nhân khó khăn}", "[n:6-20] lượt thăm hỏi"),
        ("Giới thiệu quần chúng ưu tú để chi bộ bồi dưỡng, kết nạp", "Giới thiệu [n:1-2] quần chúng học lớp nhận thức về Đảng"),
        ("Phục vụ khách hàng tận tình, giải quyết {sự cố|phản ánh} của khách hàng trong ngày", "[n:95-100]% phản ánh được giải quyết trong 24 giờ"),
        ("Bảo đảm chế độ cho người lao động: {đóng bảo hiểm xã hội đầy đủ|trả lương đúng hạn}", "Không có khiếu nại của người lao động"),
    ],
    "trader": [
        ("Kinh doanh đúng pháp luật, kê khai và nộp thuế đầy đủ", "Nộp thuế đúng hạn 4/4 quý"),
        ("Niêm yết giá công khai, bán đúng giá niêm yết {tại sạp hàng|tại cửa hàng}", "Không có phản ánh của khách hàng"),
        ("Không kinh doanh hàng giả, hàng không rõ nguồn gốc", "100% hàng hóa có hóa đơn, chứng từ"),
        ("Vận động các hộ kinh doanh {trong chợ|cùng dãy ki-ốt|trong khu phố} thực hiện văn minh thương mại", "[n:5-20] hộ ký cam kết"),
        ("Áp dụng thanh toán không dùng tiền mặt{ và hóa đơn điện tử|}", "Trên [n:50-85]% giao dịch qua ngân hàng"),
        ("Bảo đảm an toàn phòng cháy, chữa cháy tại {sạp hàng|cửa hàng|kho hàng}", "Trang bị [n:1-3] bình chữa cháy; không để xảy ra cháy nổ"),
        ("Ủng hộ {Quỹ Vì người nghèo|học sinh nghèo vượt khó|hộ khó khăn} của {khu phố|phường}", "Ủng hộ [n:1-10] triệu đồng"),
        ("Giữ gìn vệ sinh, {phân loại rác|không lấn chiếm lối đi} {tại chợ|trước cửa hàng}", "Không bị nhắc nhở trong năm"),
        ("Hướng dẫn bà con tiểu thương {sử dụng hóa đơn điện tử|mở tài khoản thanh toán|bán hàng qua mạng}", "Hướng dẫn [n:5-20] hộ"),
        ("Tạo việc làm cho {lao động địa phương|lao động nữ}", "[n:1-5] lao động có việc làm ổn định"),
    ],
    "market": [
        ("Kiểm tra an toàn thực phẩm tại các sạp {thịt, cá|rau, quả|hàng ăn uống}", "[n:2-4] đợt mỗi quý; không để xảy ra ngộ độc thực phẩm"),
        ("Quản lý trật tự, vệ sinh chợ; sắp xếp lại các ngành hàng", "Chợ đạt chợ văn minh thương mại cuối năm"),
        ("Thu phí đúng quy định, công khai", "Không có phản ánh của tiểu thương"),
        ("Kiểm tra phòng cháy, chữa cháy trong chợ", "[n:4-12] lần kiểm tra; không để xảy ra cháy"),
        ("Hướng dẫn tiểu thương thanh toán không dùng tiền mặt", "[n:40-90]% sạp có mã QR thanh toán"),
        ("Giải quyết kịp thời phản ánh của người mua và tiểu thương", "100% phản ánh được trả lời trong tuần"),
    ],
    "retiree": [
        ("Tham gia {Ban Thanh tra nhân dân của phường|Ban giám sát đầu tư của cộng đồng|tổ hòa giải của [home]}", "Tham gia [n:2-6] cuộc giám sát, hòa giải"),
        ("{Giúp đỡ gia đình bà [woman] vượt khó|Giúp đỡ một hộ cận nghèo trong tổ có thêm sinh kế|Giúp đỡ một cháu học sinh nghèo đến trường đầy đủ}", "Hỗ trợ [n:1-5] triệu đồng và ngày công"),
        ("Tham gia sinh hoạt chi bộ đầy đủ, đóng đảng phí đúng hạn", "Dự [n:10-12]/12 buổi sinh hoạt"),
        ("Vận động con cháu chấp hành pháp luật, không tham gia tệ nạn xã hội", "Gia đình đạt gia đình văn hóa năm [year]"),
        ("Tham gia {Hội Người cao tuổi|Hội Cựu chiến binh|câu lạc bộ dưỡng sinh|câu lạc bộ thơ ca} của {[home]|phường}", "Tham gia [n:8-24] buổi sinh hoạt"),
        ("Trồng và chăm sóc cây xanh, giữ gìn vệ sinh {tuyến hẻm|trước nhà|đường làng, ngõ xóm}", "Trồng [n:2-10] cây; gia đình phân loại rác tại nguồn"),
        ("Góp ý xây dựng Đảng, chính quyền qua sinh hoạt chi bộ{ và hội nghị lấy ý kiến nhân dân|}", "[n:2-6] ý kiến đóng góp"),
        ("Kể chuyện về Bác, về truyền thống cách mạng cho {thiếu nhi|đoàn viên, thanh niên} {dịp hè|trong khu phố}", "[n:1-4] buổi nói chuyện"),
        ("Ủng hộ {Quỹ Vì người nghèo|Quỹ Đền ơn đáp nghĩa|Quỹ Khuyến học} của phường", "Ủng hộ [n:2-9]00.000 đồng"),
        ("Thăm hỏi {hội viên ốm đau|gia đình chính sách|người già neo đơn} trong [home]", "[n:3-12] lượt thăm hỏi"),
        ("Phản ánh với chi bộ {tình hình an ninh, trật tự|tâm tư, nguyện vọng của bà con} trong tổ dân phố", "[n:2-6] lần phản ánh kịp thời"),
        ("Rèn luyện sức khỏe, {tập dưỡng sinh|đi bộ} hằng ngày để tiếp tục tham gia công tác ở khu dân cư", "[n:4-7] buổi mỗi tuần"),
    ],
    "neighbourhood": [
        ("Xây dựng {tuyến hẻm xanh, sạch, đẹp, có đèn chiếu sáng|mô hình “Tổ dân phố tự quản”|mô hình “Khu dân cư không rác”} ở {tổ [n:1-12]|[home]}",
         "[n:1-3] {tuyến hẻm|mô hình} được phường công nhận"),
        ("Hòa giải mâu thuẫn giữa các hộ ngay tại cơ sở", "Hòa giải thành [n:2-8] vụ việc, không có đơn thư vượt cấp"),
        ("Vận động nhân dân {hiến đất mở rộng hẻm|lắp camera an ninh|lắp đèn chiếu sáng}", "[n:5-30] hộ tham gia"),
        ("Nắm chắc tình hình hộ dân, nhân khẩu trong [home]", "Nắm [n:120-400] hộ, [n:400-1500] nhân khẩu"),
        ("Tiếp nhận, phản ánh kịp thời ý kiến của bà con tới Đảng ủy, Ủy ban nhân dân phường", "[n:6-30] ý kiến được chuyển và trả lời"),
        ("Vận động đóng góp {Quỹ Vì người nghèo|quỹ khuyến học|xây dựng nhà tình thương}", "Vận động được [n:10-80] triệu đồng"),
        ("Tổ chức {tổng vệ sinh|“Ngày Chủ nhật xanh”} hằng tháng{, phân loại rác tại nguồn|}", "[n:10-12] đợt; [n:70-95]% hộ tham gia"),
        ("Vận động thanh niên thực hiện nghĩa vụ quân sự", "Giao đủ [n:1-4] thanh niên"),
        ("Thăm hỏi gia đình chính sách, hộ nghèo, người già neo đơn {dịp lễ, Tết|khi ốm đau}", "[n:10-30] lượt thăm hỏi"),
        ("Vận động các hộ xây dựng gia đình văn hóa", "[n:90-98]% hộ đạt gia đình văn hóa"),
        ("Tổ chức họp dân {định kỳ|hằng quý} để lấy ý kiến của bà con", "[n:4-12] cuộc họp"),
    ],
    "resident": [
        ("Hoàn thành tốt công việc ở nơi làm việc", "Được cơ quan nhận xét hoàn thành tốt nhiệm vụ"),
        ("Tham gia sinh hoạt chi bộ nơi cư trú đầy đủ", "Dự [n:10-12]/12 buổi sinh hoạt"),
        ("Tham gia các hoạt động của {tổ dân phố|khu phố}: tổng vệ sinh, trồng cây, {hiến máu|văn nghệ}", "[n:4-10] lần trong năm"),
        ("Hướng dẫn bà con {sử dụng dịch vụ công trực tuyến|cài đặt VNeID|thanh toán không dùng tiền mặt}", "[n:5-30] người được hướng dẫn"),
        ("Tham gia tổ {tự quản|bảo vệ an ninh, trật tự} của [home]", "[n:6-12] ca trực trong năm"),
        ("Giúp đỡ {gia đình ông [man]|một hộ khó khăn trong tổ} {sửa nhà|tìm việc làm|vượt khó}", "Hỗ trợ [n:1-5] triệu đồng và ngày công"),
        ("Vận động gia đình {phân loại rác tại nguồn|tiết kiệm điện, nước}", "Gia đình thực hiện hằng ngày"),
    ],
}
# Deeds any member may add.
DEEDS_ANY = [
    ("Tham gia hiến máu tình nguyện", "[n:1-2] lần trong năm"),
    ("Ủng hộ đồng bào bị thiên tai{, lũ lụt|} theo phát động của Mặt trận", "[n:2-9]00.000 đồng"),
    ("Giới thiệu bài viết hay về gương người tốt, việc tốt trên mạng xã hội", "[n:6-12] bài trong năm"),
]
# Heads of a unit (secretary, director, principal, chairman…) add one of these: (deed, measure,
# words one of which the position must contain, or none).
DEEDS_HEAD = [
    ("Lãnh đạo {chi bộ|đơn vị} {hoàn thành|hoàn thành tốt} nhiệm vụ chính trị năm [year]", "{Chi bộ|Đơn vị} được xếp loại hoàn thành tốt nhiệm vụ trở lên", ()),
    ("Duy trì sinh hoạt chi bộ đúng kỳ, nâng cao chất lượng sinh hoạt theo Nghị quyết 21-NQ/TW", "12/12 kỳ sinh hoạt; [n:2-4] kỳ sinh hoạt chuyên đề", ("Bí thư chi bộ",)),
    ("Đối thoại trực tiếp với {người lao động|cán bộ, nhân viên} {định kỳ|hằng quý}", "[n:2-6] buổi đối thoại", ()),
    ("Chỉ đạo xây dựng {mô hình học tập và làm theo Bác|mô hình “Dân vận khéo”} của {chi bộ|đơn vị}", "[n:1-2] mô hình được Đảng ủy phường công nhận", ()),
    ("Tiếp công dân định kỳ, chỉ đạo giải quyết dứt điểm {đơn thư|vụ việc tồn đọng} thuộc thẩm quyền", "100% đơn thư được giải quyết đúng hạn",
     ("Ủy ban nhân dân phường", "Hội đồng nhân dân phường", "Công an phường", "Bí thư Đảng ủy")),
]

EXEMPLARY = [
    "Gương mẫu chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước và {quy định của địa phương|quy ước của khu phố|nội quy, quy chế của cơ quan}.",
    "Thực hiện “nói đi đôi với làm”{; “trên trước, dưới sau”, “trong trước, ngoài sau”|}.",
    "Trong gia đình, {nhắc nhở|giáo dục} {con cháu|vợ, con|chồng, con} {sống giản dị, tiết kiệm|chấp hành pháp luật|không tham gia tệ nạn xã hội}{, xây dựng gia đình văn hóa|}.",
    "Ở nơi cư trú, {tham gia đầy đủ|tích cực tham gia} các hoạt động của {khu phố|tổ dân phố}{, giữ mối quan hệ tốt với hàng xóm|, đoàn kết với hàng xóm}.",
    "Giữ gìn {đạo đức, lối sống|phẩm chất đạo đức cách mạng}; {cần, kiệm, liêm, chính, chí công vô tư|sống trung thực, giản dị, khiêm tốn}.",
    "{Thẳng thắn|Chân thành} góp ý với đồng chí, {đồng nghiệp|bà con} {trên tinh thần xây dựng|để cùng tiến bộ}; {không nói xấu, không gây mất đoàn kết|giữ gìn sự đoàn kết trong chi bộ}.",
    "Đi đầu trong {các phong trào thi đua|phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa”|thực hiện chuyển đổi số} {ở địa phương|của cơ quan}{, vận động người thân cùng tham gia|}.",
    "{Vận động gia đình|Cùng gia đình} phân loại rác tại nguồn, {tiết kiệm điện, nước|hạn chế dùng túi ni lông}.",
]
EXEMPLARY_BY_DUTY = {
    "teacher": "{Là tấm gương|Làm gương} về đạo đức, tự học và sáng tạo cho học sinh noi theo; ứng xử mực thước với {học sinh, đồng nghiệp|cha mẹ học sinh}.",
    "preschool": "Yêu thương, tôn trọng trẻ; {ân cần|nhẹ nhàng, cởi mở} với phụ huynh; {giữ gìn|làm gương về} tác phong, lời nói trước trẻ.",
    "health": "Nêu gương về y đức, {tận tụy với người bệnh|coi người bệnh như người thân}; không phân biệt đối xử với người bệnh.",
    "police": "Gương mẫu về điều lệnh, tác phong; {“vì nước quên thân, vì dân phục vụ”|kính trọng, lễ phép với nhân dân}.",
    "military": "Giữ vững phẩm chất “Bộ đội Cụ Hồ”{; gần dân, giúp dân|}; chấp hành nghiêm mệnh lệnh của cấp trên.",
    "official": "Gần dân, {trọng dân|hiểu dân}; {giải quyết việc của dân như việc của gia đình mình|coi sự hài lòng của người dân là thước đo}.",
    "enterprise": "{Đi đầu|Gương mẫu} trong {lao động, sản xuất|chấp hành nội quy lao động}; {chia sẻ kinh nghiệm với|giúp đỡ} {đồng nghiệp|công nhân mới}.",
    "trader": "Kinh doanh trung thực, giữ chữ tín với khách hàng{ và bạn hàng|}; {vận động bà con tiểu thương cùng làm theo|là chỗ dựa cho bà con trong chợ}.",
    "market": "Công tâm, minh bạch khi làm việc với tiểu thương; {không gây khó dễ|không phân biệt} với bất kỳ hộ kinh doanh nào.",
    "retiree": "Dù đã nghỉ hưu, vẫn giữ vững phẩm chất người đảng viên{, “tuổi cao, gương sáng”|}; làm gương cho con cháu{ và bà con khu phố|}.",
    "neighbourhood": "Gương mẫu đi đầu để bà con làm theo{, “đảng viên đi trước, làng nước theo sau”|}; công tâm, {khách quan|minh bạch} trong mọi việc của [home].",
    "resident": "Gương mẫu ở nơi làm việc và nơi cư trú; {sẵn sàng giúp đỡ bà con|tham gia đầy đủ các hoạt động của khu phố}.",
}
EXEMPLARY_HEAD = ("Là người đứng đầu, {nêu gương “trên trước, dưới sau”|gương mẫu đi đầu}; {chịu trách nhiệm|không né tránh trách nhiệm} "
                  "về kết quả {của chi bộ|của đơn vị}; không để người thân lợi dụng chức vụ của mình.")

ANTI_MAIN = ("{Cam kết|Tôi cam kết|Bản thân cam kết|Tôi xin cam kết} {không vi phạm|không để mắc phải|kiên quyết phòng, chống} {27 biểu hiện|các biểu hiện|những biểu hiện} "
             "{suy thoái về tư tưởng chính trị, đạo đức, lối sống, “tự diễn biến”, “tự chuyển hóa”|suy thoái tư tưởng chính trị, đạo đức, lối sống và “tự diễn biến”, “tự chuyển hóa” trong nội bộ|suy thoái, “tự diễn biến”, “tự chuyển hóa”} "
             "{theo Nghị quyết Trung ương 4 khóa XII|được nêu trong Nghị quyết Trung ương 4 khóa XII|theo tinh thần Nghị quyết Trung ương 4 (khóa XII, XIII)|mà Nghị quyết Trung ương 4 khóa XII đã chỉ ra}"
             "{, nhất là|; trong đó chú trọng không|, đặc biệt là|. Với công việc của mình, tôi chú ý không để}"
             " [manifestation], [manifestation]{ và [manifestation]|}.")
ANTI = [
    "{Không vi phạm|Thực hiện nghiêm} {những điều đảng viên không được làm|19 điều đảng viên không được làm} {theo Quy định 37-QĐ/TW|của Ban Chấp hành Trung ương}.",
    "{Kiên quyết|Tích cực} đấu tranh, phản bác các quan điểm sai trái, thù địch{ trên không gian mạng|}; không {chia sẻ|đăng tải, bình luận} thông tin {sai sự thật|chưa được kiểm chứng} trên mạng xã hội.",
    "Thường xuyên tự soi, tự sửa{; kịp thời khắc phục khuyết điểm khi chi bộ góp ý|, tự phê bình và phê bình nghiêm túc}.",
    "Không {tham gia|để người thân tham gia} {cờ bạc, tín dụng đen|tệ nạn xã hội}{ dưới mọi hình thức|}.",
]
ANTI_BY_DUTY = {
    "teacher": "Không {lạm thu|thu các khoản trái quy định}, không xúc phạm học sinh dưới mọi hình thức.",
    "preschool": "Không để xảy ra bạo hành trẻ; không nhận quà biếu của phụ huynh.",
    "health": "Không lạm dụng xét nghiệm, thuốc để trục lợi; không thờ ơ trước nỗi đau của người bệnh.",
    "police": "Không lợi dụng chức vụ, quyền hạn để sách nhiễu nhân dân; không bao che sai phạm.",
    "military": "Không vi phạm kỷ luật quân đội; không uống rượu, bia trong giờ trực.",
    "official": "Không nhũng nhiễu, gây phiền hà khi giải quyết công việc của người dân, doanh nghiệp{; không nhận quà biếu|}.",
    "enterprise": "Không {gian lận|làm trái quy trình} {trong sản xuất|trong thanh toán}; không lợi dụng vị trí công tác để vụ lợi.",
    "trader": "Không trốn thuế, gian lận thương mại; không lợi dụng danh nghĩa đảng viên để trục lợi.",
    "market": "Không nhận tiền, quà của tiểu thương để bố trí sạp hàng; không thu sai quy định.",
    "retiree": "Không nghe, không tin, không lan truyền {thông tin xấu độc|luận điệu xuyên tạc}; không tham gia khiếu kiện đông người.",
    "neighbourhood": "Không thiên vị, {bao che|né tránh} khi giải quyết việc của bà con; công khai các khoản đóng góp.",
    "resident": "Không {xây dựng sai phép|lấn chiếm lòng lề đường}; không tham gia {tín dụng đen|cờ bạc}.",
}

# Mid-year progress of a deed, a good and a weak member.
PROGRESS = {
    "good": ["Đạt khoảng [n:45-70]% kế hoạch", "Đúng tiến độ", "Đã thực hiện được khoảng một nửa", "Đã hoàn thành",
             "Đang thực hiện, đạt [n:40-65]%", "Đạt [n:50-60]% chỉ tiêu năm"],
    "weak": ["Mới đạt khoảng [n:15-35]%", "Chưa triển khai, sẽ thực hiện trong 6 tháng cuối năm", "Chậm so với kế hoạch",
             "Đạt khoảng [n:30-45]%"],
}
MIDYEAR_NOTE = {
    "good": ["Các việc đã đăng ký đang thực hiện đúng tiến độ.", "Cơ bản đúng tiến độ; 6 tháng cuối năm tập trung vào việc “[deed]”.",
             "Đúng tiến độ. Đã báo cáo với chi bộ trong sinh hoạt tháng [n:6-7].", "Thực hiện tốt; sẽ duy trì đến cuối năm.", ""],
    "weak": ["Một số việc còn chậm do {công việc gia đình|sức khỏe không tốt|công việc chuyên môn nhiều}; sẽ khắc phục trong 6 tháng cuối năm.",
             "Việc “[deed]” chưa làm được, đề nghị chi bộ giúp đỡ."],
}
ASSESS_INTRO = {
    GOOD: ["Năm [year], bản thân {đã thực hiện đầy đủ|thực hiện nghiêm túc, đầy đủ} các nội dung đã đăng ký{ và cam kết trước chi bộ|}.",
           "Qua một năm thực hiện, các việc đã đăng ký đều hoàn thành{, có việc vượt chỉ tiêu|}."],
    DONE: ["Năm [year], bản thân đã thực hiện {phần lớn|được đa số} nội dung đã đăng ký; còn {một việc|một số việc} chưa đạt như mong muốn.",
           "Các việc đã đăng ký cơ bản được thực hiện, {tuy nhiên|nhưng} có việc chưa đạt chỉ tiêu."],
    NOT_DONE: ["Năm [year], bản thân chưa thực hiện được {nhiều|phần lớn} nội dung đã đăng ký.",
               "Bản thân nhận thấy chưa hoàn thành các việc đã đăng ký với chi bộ."],
}
ASSESS_END = {
    GOOD: ["Tham gia đầy đủ sinh hoạt chi bộ; học tập chuyên đề năm [year]. Tự nhận mức: thực hiện tốt.",
           "Giữ gìn đạo đức, lối sống; không vi phạm các điều đảng viên không được làm. Tự nhận mức: thực hiện tốt."],
    DONE: ["Hạn chế: {chưa sắp xếp được thời gian để làm hết các việc|sức khỏe không tốt nên chưa làm hết các việc}. Tự nhận mức: hoàn thành.",
           "Năm tới sẽ đăng ký ít việc hơn nhưng làm đến nơi đến chốn. Tự nhận mức: hoàn thành."],
    NOT_DONE: ["Vắng [absent] kỳ sinh hoạt chi bộ. Bản thân xin nhận khuyết điểm và sẽ khắc phục trong năm tới.",
               "Do {hoàn cảnh gia đình|công việc làm ăn xa} nên chưa tham gia đầy đủ; xin chi bộ giúp đỡ để khắc phục."],
}
EVALUATION = {
    GOOD: ["Thực hiện đầy đủ, có kết quả cụ thể các việc đã đăng ký{; được nhân dân ghi nhận|}.", "Gương mẫu ở nơi làm việc và nơi cư trú; thực hiện tốt các việc đã đăng ký.",
           "Có việc làm cụ thể, thiết thực{, lan tỏa trong khu dân cư|, được đồng nghiệp ghi nhận}.", "Thực hiện tốt; đề nghị biểu dương trong sinh hoạt chi bộ.",
           "Hoàn thành các việc đã đăng ký đúng tiến độ.", ""],
    DONE: ["Thực hiện được phần lớn nội dung; việc “[deed]” chưa đạt như đăng ký.", "Hoàn thành các việc chính; cần có kết quả đo được rõ hơn trong năm tới.",
           "Thực hiện được các việc đã đăng ký nhưng chưa đều; tham gia sinh hoạt chưa đầy đủ."],
    NOT_DONE: ["Chưa thực hiện được các việc đã đăng ký; vắng sinh hoạt chi bộ [absent] kỳ. Chi bộ đề nghị đồng chí khắc phục trong năm tới.",
               "Không thực hiện việc “[deed]” như đã cam kết; chi bộ đã góp ý trong sinh hoạt."],
}
REOPEN_REASONS = [
    ("Đồng chí có đơn đề nghị xem xét lại; chi bộ chưa căn cứ kết quả tự kiểm tra giữa năm và minh chứng đã nộp.", GOOD,
     "Đánh giá lại theo ý kiến của Đảng ủy phường: đã thực hiện đầy đủ các việc đăng ký, có minh chứng."),
    ("Kiểm tra của Đảng ủy phường cho thấy việc “[deed]” chưa thực hiện như báo cáo; đề nghị chi bộ đánh giá lại.", DONE,
     "Đánh giá lại theo kết luận kiểm tra của Đảng ủy phường: việc “[deed]” chưa đạt như đăng ký."),
]

# Swaps a member makes to "make it their own" when copying.
SYNONYMS = [
    ("tích cực", "chủ động"), ("nhân dân", "người dân"), ("đúng hạn", "đúng thời hạn"), ("gương mẫu", "mẫu mực"),
    ("kịp thời", "nhanh chóng"), ("tham gia", "tham dự"), ("giúp đỡ", "hỗ trợ"), ("hằng tháng", "hàng tháng"),
    ("bà con", "bà con nhân dân"), ("vận động", "tuyên truyền, vận động"), ("thường xuyên", "luôn luôn"),
    ("kiên quyết", "quyết tâm"), ("đầy đủ", "đủ"), ("nắm vững", "nắm chắc"), ("học sinh", "các em học sinh"),
]

_SLOT = re.compile(r"\[(\w+)(?::(\d+)-(\d+))?\]")


def fill_template(rng, template, slots):
    """Expand the choices, then the slots."""
    template = expand_choices(rng, template)
    used = set()

    def slot(match):
        name, low, high = match.groups()
        if name == "n":
            return str(rng.randint(int(low), int(high)))
        value = slots[name]
        if callable(value):
            for _ in range(4):  # distinct picks within one sentence
                picked = value(rng)
                if picked not in used:
                    break
            used.add(picked)
            return picked
        return value

    return _SLOT.sub(slot, template)


def _capital(text):
    return text[:1].upper() + text[1:]


def _lower_first(text):
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


# ---------------------------------------------------------------------------------------------
# Who writes what.

HEAD_WORDS = ("Bí thư", "Trưởng", "Giám đốc", "Hiệu trưởng", "Chủ tịch", "Chỉ huy trưởng", "Chánh Văn phòng")


def duty_of(member, cell):
    """The phrase pool for a member: from the position first, then from the cell."""
    position, unit = member.position, cell.name
    if "Hưu trí" in position or position == "Cựu chiến binh":
        return "retiree"
    if any(word in position for word in ("Tổ trưởng tổ dân phố", "Trưởng khu phố", "Trưởng ấp", "Mặt trận khu phố",
                                         "Mặt trận ấp", "Chi hội")):
        return "neighbourhood"
    if any(word in position for word in ("Tiểu thương", "Buôn bán", "Kinh doanh")) and "Nhân viên" not in position:
        return "trader"
    if "Mầm non" in unit:
        return "preschool" if "Kế toán" not in position and "y tế" not in position else "official"
    if "Trường" in unit:
        return "teacher" if "Kế toán" not in position and "văn phòng" not in position else "official"
    if "Y tế" in unit:
        return "health"
    if "Công an" in unit:
        return "police"
    if "Quân sự" in unit:
        return "military"
    if "chợ" in unit:
        return "market"
    if "Công ty" in unit or "Hợp tác xã" in unit:
        return "enterprise"
    if cell.sector == Sector.COMMUNE:
        return "enterprise" if position in ("Công nhân", "Kỹ sư") else "resident"
    return "official"


def is_head(member):
    return member.is_key_leader or any(member.position.startswith(word) for word in HEAD_WORDS)


class _Texts:
    """Draws the texts of one ward's registrations, plans and template."""

    def __init__(self, rng, ward, areas):
        self.rng = rng
        self.ward_place = ward.name.removeprefix("Đảng bộ ")
        self.areas = areas or ["khu phố 1"]

    def slots(self, year, cell=None, deed=""):
        unit = cell.name.removeprefix("Chi bộ ") if cell else ""
        residential = cell is not None and cell.sector == Sector.COMMUNE
        home = unit if residential else None
        grades = range(6, 10) if "Trung học cơ sở" in unit else range(1, 6)
        documents = [text for text, since in DOCUMENTS if year >= since]
        topic = f"chuyên đề năm {year}"
        return {
            "year": str(year), "ward": self.ward_place, "deed": deed,
            "topic": topic, "document": lambda rng: rng.choice(documents), "work": lambda rng: rng.choice(WORKS),
            "manifestation": lambda rng: rng.choice(MANIFESTATIONS), "area": lambda rng: rng.choice(self.areas),
            "home": home or self.rng.choice(self.areas),
            "grade": lambda rng: f"lớp {rng.choice(grades)}{rng.choice('ABCD')}",
            "man": lambda rng: make_name(rng, "nam", rng.randint(1945, 1975)),
            "woman": lambda rng: make_name(rng, "nu", rng.randint(1945, 1975)),
        }

    def parts(self, member, cell, year, duty):
        """study_plan, deeds ([{"text", "measure"}], 2–4), exemplary, anti_degradation."""
        rng = self.rng
        slots = self.slots(year, cell)

        def sentences(templates):
            return " ".join(fill_template(rng, t, slots) for t in templates)

        study = [STUDY[0], *rng.sample(STUDY[1:], rng.randint(1, 2))]
        if rng.random() < 0.6:
            study.insert(rng.randint(1, len(study)), STUDY_BY_DUTY[duty])
        count = rng.choice([2, 3, 3, 3, 4, 4])
        own = DEEDS[duty]
        deeds = []
        if is_head(member):
            text, measure, _ = rng.choice([d for d in DEEDS_HEAD if not d[2] or any(w in member.position for w in d[2])])
            deeds.append((text, measure))
        if duty == "enterprise" and cell.sector == Sector.COMMUNE:  # a worker living in a residential cell
            deeds += rng.sample(DEEDS["resident"], 1)
        if rng.random() < 0.25:
            deeds.append(rng.choice(DEEDS_ANY))
        deeds += rng.sample(own, max(1, min(count - len(deeds), len(own))))
        rng.shuffle(deeds)
        exemplary = rng.sample(EXEMPLARY, rng.randint(1, 2))
        exemplary.insert(rng.randint(0, len(exemplary)), EXEMPLARY_BY_DUTY[duty])
        if is_head(member) and rng.random() < 0.7:
            exemplary.insert(0, EXEMPLARY_HEAD)
        anti = [ANTI_MAIN, *rng.sample(ANTI, rng.randint(0, 2))]
        if rng.random() < 0.65:
            anti.insert(rng.randint(1, len(anti)), ANTI_BY_DUTY[duty])
        return {
            "study_plan": sentences(study),
            "deeds": [{"text": fill_template(rng, text, slots), "measure": fill_template(rng, measure, slots)} for text, measure in deeds[:4]],
            "exemplary": sentences(exemplary),
            "anti_degradation": sentences(anti),
        }

    def progress(self, parts, tier, weak):
        """Mid-year progress per deed and a note; a member doing less well is behind on the
        deed `weak` (on every deed when not doing it at all)."""
        rng = self.rng
        kind = "good" if tier == GOOD else "weak"
        progress = []
        for i, _ in enumerate(parts["deeds"]):
            behind = tier == NOT_DONE or (tier == DONE and i == weak)
            progress.append(fill_template(rng, rng.choice(PROGRESS["weak" if behind else "good"]), {}))
        deed = short_deed(parts["deeds"][weak if kind == "weak" else rng.randrange(len(parts["deeds"]))]["text"])
        note = fill_template(rng, rng.choice(MIDYEAR_NOTE[kind]), {"deed": deed})
        return progress, note

    def self_assessment(self, parts, tier, year, weak, absent):
        rng = self.rng
        slots = {**self.slots(year), "absent": str(absent)}
        lines = [fill_template(rng, rng.choice(ASSESS_INTRO[tier]), slots)]
        for i, deed in enumerate(parts["deeds"]):
            if tier == GOOD or (tier == DONE and i != weak):
                outcome = rng.choice(["đạt, ", "kết quả ", "đã thực hiện, ", ""]) + _lower_first(deed["measure"])
            elif tier == DONE:
                outcome = fill_template(rng, "{mới đạt khoảng [n:50-75]% so với đăng ký|chưa đạt như đăng ký}", slots)
            else:
                outcome = fill_template(rng, "{chưa thực hiện được|mới đạt khoảng [n:10-40]%}", slots)
            lines.append(f"- {deed['text']} — {outcome}.")
        lines.append(fill_template(rng, rng.choice(ASSESS_END[tier]), slots))
        return "\n".join(lines), short_deed(parts["deeds"][weak]["text"])

    def evaluation(self, tier, weak_deed, absent):
        return fill_template(self.rng, self.rng.choice(EVALUATION[tier]), {"deed": weak_deed, "absent": str(absent)})

    def edited(self, parts, *, year_from=None, year_to=None):
        """A lightly edited copy: a few words swapped, two deeds swapped, a number changed."""
        rng = self.rng
        parts = {"study_plan": parts["study_plan"], "exemplary": parts["exemplary"],
                 "anti_degradation": parts["anti_degradation"], "deeds": [dict(d) for d in parts["deeds"]]}
        if year_from:
            for key in ("study_plan", "exemplary", "anti_degradation"):
                parts[key] = parts[key].replace(str(year_from), str(year_to))
            for deed in parts["deeds"]:
                deed["text"] = deed["text"].replace(str(year_from), str(year_to))
        for key in ("study_plan", "exemplary", "anti_degradation"):
            parts[key] = _swap(rng, parts[key], 1)
        if len(parts["deeds"]) >= 2:
            i, j = rng.sample(range(len(parts["deeds"])), 2)
            parts["deeds"][i], parts["deeds"][j] = parts["deeds"][j], parts["deeds"][i]
        deed = rng.choice(parts["deeds"])
        deed["measure"] = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.choice([1, 2, 3])), deed["measure"], count=1)
        deed["text"] = _swap(rng, deed["text"], 1)
        for deed in parts["deeds"]:
            deed.pop("progress", None)
        return parts

    def org_plan(self, org, year, is_ward):
        rng = self.rng
        name = org.name.removeprefix("Chi bộ ").removeprefix("Đảng bộ ")
        if is_ward:
            lines = [
                f"Kế hoạch thực hiện Kết luận 01-KL/TW và chuyên đề năm {year} của Đảng ủy {self.ward_place}",
                f"1. Tổ chức học tập chuyên đề năm {year} cho 100% cán bộ, đảng viên; các chi bộ hoàn thành trước ngày 30/6/{year}.",
                "2. 100% đảng viên đăng ký làm theo và cam kết nêu gương; công khai trước chi bộ trong sinh hoạt tháng 2 hoặc tháng 3.",
                f"3. Mỗi chi bộ xây dựng ít nhất 1 mô hình học tập và làm theo Bác; Đảng ủy chọn {rng.randint(3, 6)} mô hình tiêu biểu để nhân rộng.",
                "4. Đưa nội dung học tập và làm theo Bác vào sinh hoạt chi bộ thường kỳ, ít nhất mỗi quý một lần.",
                f"5. Kiểm tra, giám sát việc thực hiện tại {rng.randint(6, 12)} chi bộ; sơ kết 6 tháng trong tháng 7, đánh giá cùng kiểm điểm cuối năm.",
                "6. Biểu dương, khen thưởng tập thể, cá nhân tiêu biểu nhân kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh 19/5.",
            ]
            return "\n".join(lines)
        model = fill_template(rng, rng.choice(PLAN_MODELS.get(_plan_kind(org), PLAN_MODELS["agency"])), {})
        lines = [
            f"Kế hoạch học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {year} của chi bộ {name}",
            f"1. Học tập chuyên đề năm {year} trong sinh hoạt chi bộ tháng {rng.randint(3, 6)}; 100% đảng viên tham dự.",
            "2. 100% đảng viên đăng ký việc làm theo cụ thể, có kết quả đo được; chi bộ công khai trong sinh hoạt tháng 2 hoặc tháng 3.",
            f"3. Xây dựng mô hình “{model}”.",
            fill_template(rng, "4. {Mỗi quý một kỳ sinh hoạt chuyên đề về làm theo Bác|Dành 15 phút mỗi kỳ sinh hoạt để đảng viên kể việc làm theo Bác}; "
                       "chi ủy theo dõi tiến độ {hằng quý|giữa năm}.", {}),
            "5. Đánh giá kết quả thực hiện cùng kiểm điểm, xếp loại đảng viên cuối năm.",
        ]
        return "\n".join(lines)


PLAN_MODELS = {
    "residential": ["Tuyến hẻm xanh, sạch, đẹp, có đèn chiếu sáng", "Camera an ninh khu phố", "Khu dân cư không rác thải nhựa",
                    "Mỗi đảng viên giúp đỡ một hộ khó khăn", "Tổ dân phố tự quản về an ninh, trật tự"],
    "school": ["Mỗi thầy cô giáo là một tấm gương đạo đức, tự học và sáng tạo", "Trường học hạnh phúc", "Mỗi lớp một tủ sách"],
    "health": ["Trạm y tế thân thiện, người bệnh hài lòng", "Lương y như từ mẫu"],
    "police": ["Công an phường vì nhân dân phục vụ", "Khu phố an toàn về an ninh, trật tự"],
    "military": ["Chi bộ bốn tốt, đơn vị vững mạnh toàn diện", "Dân quân tự vệ giúp dân"],
    "enterprise": ["Mỗi đảng viên một sáng kiến", "Tiết kiệm chi phí, nâng cao năng suất lao động"],
    "agency": ["Dân vận khéo trong giải quyết thủ tục hành chính", "Cán bộ, công chức trọng dân, gần dân, hiểu dân, giúp dân",
               "Ngày thứ Bảy vì dân"],
    "market": ["Chợ văn minh thương mại", "Tiểu thương nói không với hàng giả"],
}


def _plan_kind(org):
    name = org.name
    for word, kind in [("Trường", "school"), ("Y tế", "health"), ("Công an", "police"), ("Quân sự", "military"),
                       ("Công ty", "enterprise"), ("Hợp tác xã", "enterprise"), ("chợ", "market")]:
        if word in name:
            return kind
    return "residential" if org.sector == Sector.COMMUNE else "agency"


def short_deed(text):
    """A deed as the cell quotes it: its first clause, lower-cased."""
    return _lower_first(re.split(r"[;,:]", text)[0].strip())


def _swap(rng, text, count):
    pairs = [(a, b) if rng.random() < 0.5 else (b, a) for a, b in SYNONYMS]
    rng.shuffle(pairs)
    done = 0
    for old, new in pairs:
        if done == count:
            break
        spots = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(old)}(?!\w)", text, flags=re.IGNORECASE)]
        if spots:
            at = rng.choice(spots)
            replacement = _capital(new) if text[at].isupper() else new
            text = text[:at] + replacement + text[at + len(old):]
            done += 1
    return text


def template_sections(year):
    """The ward committee's guidance and examples for `year` (YearTemplate.sections)."""
    return {
        "study_plan": {
            "guidance": f"Ghi rõ chuyên đề năm {year}, các văn bản sẽ học (Kết luận 01-KL/TW, Quy định 144-QĐ/TW…) và cách học: "
                        "sinh hoạt chi bộ, Sổ tay đảng viên điện tử, đọc tác phẩm của Bác.",
            "example": f"Học tập chuyên đề năm {year} trong sinh hoạt chi bộ; đọc tác phẩm “Dân vận”; đọc tài liệu trên Sổ tay đảng viên điện tử mỗi tuần.",
        },
        "deeds": {
            "guidance": "Từ 2 đến 4 việc gắn với nhiệm vụ ở nơi làm việc hoặc nơi cư trú; mỗi việc ghi kết quả đo được để chi bộ đánh giá cuối năm. "
                        "Không ghi chung chung như “hoàn thành tốt nhiệm vụ”.",
            "example": "Hướng dẫn người dân nộp hồ sơ trực tuyến | tỷ lệ hồ sơ trực tuyến trên 80%",
        },
        "exemplary": {
            "guidance": "Nêu gương ở nơi làm việc, nơi cư trú và trong gia đình; cán bộ chủ chốt nêu rõ trách nhiệm của người đứng đầu.",
            "example": "Gương mẫu chấp hành quy ước khu phố; vận động gia đình phân loại rác tại nguồn.",
        },
        "anti_degradation": {
            "guidance": "Chọn những biểu hiện suy thoái (Nghị quyết Trung ương 4 khóa XII) dễ mắc với công việc của đồng chí và cam kết cụ thể.",
            "example": "Không nhũng nhiễu, gây phiền hà khi giải quyết công việc của người dân; không nói không đi đôi với làm.",
        },
    }


# ---------------------------------------------------------------------------------------------
# The plan of one registration, then the build.


@dataclass
class _Reg:
    member: Member
    cell: Organization
    year: int
    tier: str
    by_member: object  # the user who takes the member's steps
    on_behalf: bool
    parts: dict | None = None
    draft_at: datetime.datetime | None = None
    submit_at: datetime.datetime | None = None
    disclose_on: datetime.date | None = None
    checkin_at: datetime.datetime | None = None
    assess_at: datetime.datetime | None = None
    evaluate_on: datetime.date | None = None
    reopen: tuple | None = None  # (reopen at, reason, new result, comment, evaluated again at)
    registration: Registration | None = None
    weak: int = 0  # the deed a member doing less well is behind on (modulo the number of deeds)
    absent: int = 0  # meetings missed, said alike by the member and the cell
    weak_deed: str = ""


@dataclass
class DemoCommitments:
    year: int
    states: dict = field(default_factory=dict)  # {year: Counter(state; "" for not registered)}
    results: Counter = field(default_factory=Counter)  # last year's
    on_behalf: int = 0
    plans: dict = field(default_factory=dict)  # {year: number of org plans}
    reopened: list = field(default_factory=list)  # Registrations
    copies: list = field(default_factory=list)  # (copy, original, own last year) Registrations


def write_columns(model, objects, names):
    """Save `names` of `objects` in one prepared UPDATE run many times: the dates of steps the
    services stamped with the time the demo was built. (bulk_update builds a CASE per field
    and row, several times slower for a few thousand rows.)"""
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sql = (f"UPDATE {quote(model._meta.db_table)} SET {', '.join(f'{quote(f.column)} = %s' for f in fields)} "
           f"WHERE {quote(model._meta.pk.column)} = %s")
    rows = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def bulk_create_dated(model, objects, stamps):
    """bulk_create, then give back the dates of `stamps` that auto_now and auto_now_add set to
    the time of the build."""
    kept = [[getattr(obj, name) for name in stamps] for obj in objects]
    model.objects.bulk_create(objects, batch_size=500)
    for obj, values in zip(objects, kept, strict=True):
        for name, value in zip(stamps, values, strict=True):
            setattr(obj, name, value)
    write_columns(model, objects, stamps)


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)





class Meetings:
    """Each cell's monthly meeting: the study session when the demo has one, else the cell's
    usual day of the month."""

    def __init__(self, rng, ward, cells):
        self.dates = {}
        days = {}
        sessions = StudySession.objects.in_subtree(ward).filter(kind=SessionKind.REGULAR).values_list("org_id", "starts_at")
        for org_id, starts_at in sessions:
            day = timezone.localdate(starts_at)
            self.dates[(org_id, day.year, day.month)] = day
            days[org_id] = min(days.get(org_id, 31), day.day)
        self.day_of_month = {c.pk: days.get(c.pk) or rng.randint(3, 12) for c in cells}
        self.residential = {c.pk for c in cells if c.sector == Sector.COMMUNE}

    def on(self, cell, year, month):
        if (cell.pk, year, month) in self.dates:
            return self.dates[(cell.pk, year, month)]
        day = datetime.date(year, month, min(self.day_of_month[cell.pk], 28))
        return day if cell.pk in self.residential else working_day(day)

    def next_after(self, cell, day, *, first_month=2):
        """The first meeting after `day` (from `first_month` of its year), or None after December."""
        for month in range(max(first_month, day.month), 13):
            meeting = self.on(cell, day.year, month)
            if meeting > day:
                return meeting
        return None


class _Builder:
    def __init__(self, ward, seed, now):
        self.ward = ward
        self.now = now
        self.today = timezone.localdate(now)
        self.rng = random.Random(f"hocbac-commitments-{seed}-{ward.code}")
        self.committee, self.secretaries = ward_staff(ward)
        self.cells = list(Organization.objects.filter(path__startswith=ward.path, kind__in=MEMBER_HOLDING_KINDS,
                                                      dissolved_on__isnull=True).order_by("code"))
        self.cell_by_id = {c.pk: c for c in self.cells}
        self.members = [m for m in Member.objects.in_subtree(ward).select_related("user").order_by("pk")
                        if m.org_id in self.cell_by_id]
        areas = [c.name.removeprefix("Chi bộ ") for c in self.cells if c.sector == Sector.COMMUNE]
        self.texts = _Texts(self.rng, ward, areas)
        self.meetings = Meetings(self.rng, ward, self.cells)
        self.duty = {m.pk: duty_of(m, self.cell_by_id[m.org_id]) for m in self.members}
        self.result = DemoCommitments(year=self.today.year)
        self.waiting = set()  # this year's registrations submitted since the last meeting
        self.copies = []  # (copy, original, own last year) _Regs
        # Only a ward of some size gets planted near-copies and reopened evaluations.
        self.large = len(self.cells) >= 10

    def actor(self, cell):
        return self.secretaries.get(cell.pk, self.committee)

    def clamp(self, moment):
        return min(moment, self.now - datetime.timedelta(minutes=5))

    def moment(self, day, low=7, high=21):
        return local_time(day, self.rng.randint(low, high), self.rng.choice([0, 10, 15, 20, 30, 40, 45, 50]))

    def eligible_ids(self, day):
        return set(MemberPeriod.objects.in_subtree(self.ward).filter(eligible_on(day)).values_list("member_id", flat=True))

    # --- plans -----------------------------------------------------------------------------

    def tier(self, member, behind=False):
        r = self.rng.random()
        if member.is_key_leader:
            return GOOD if r < 0.97 else DONE
        good, done = (0.62, 0.33) if behind else (0.88, 0.112)
        return GOOD if r < good else DONE if r < good + done else NOT_DONE

    def on_behalf(self, member, day):
        age = age_on(member, day)
        if not member.phone:
            return True
        return self.rng.random() < (0.5 if age >= 80 else 0.15 if age >= 75 else 0.0)

    def plan(self, member, year, kind, *, start=None, checkin=0.85):
        """One registration of `year`: kind "normal" (registers in January–February), "late"
        (from `start`), "draft" (never submitted) or "none"."""
        rng, cell = self.rng, self.cell_by_id[member.org_id]
        jan = datetime.date(year, 1, 1)
        behind = kind == "late"
        reg = _Reg(member=member, cell=cell, year=year, tier=self.tier(member, behind),
                   by_member=member.user or self.actor(cell), on_behalf=False, weak=rng.randrange(12), absent=rng.randint(3, 4))
        if kind == "none":
            return reg
        reg.on_behalf = member.user is None and self.on_behalf(member, jan)
        if reg.on_behalf:
            reg.by_member = self.actor(cell)
        reg.parts = self.texts.parts(member, cell, year, self.duty[member.pk])
        if kind == "normal":
            draft = jan + datetime.timedelta(days=rng.randint(4, 50))
        else:
            start = start or datetime.date(year, 3, 10)
            # Last year's late ones registered by September; this year's until a couple of days ago.
            end = self.today - datetime.timedelta(days=2) if year == self.today.year else datetime.date(year, 9, 30)
            draft = start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))
        reg.draft_at = self.moment(draft)
        if kind == "draft":
            return reg
        submit = draft + datetime.timedelta(days=rng.choice([0, 0, 1, 2, 3, 5, 8]))
        reg.submit_at = self.moment(submit)
        reg.disclose_on = self.meetings.next_after(cell, submit)
        if reg.disclose_on is None:
            return reg
        if reg.disclose_on < datetime.date(year, 6, 1) and rng.random() < (checkin * (0.35 if reg.tier == NOT_DONE else 1)):
            reg.checkin_at = self.moment(datetime.date(year, 6, 10) + datetime.timedelta(days=rng.randint(0, 50)))
        evaluate_on = self.meetings.on(cell, year, 12)
        if evaluate_on < datetime.date(year, 12, 12):  # the year-end review meeting, later in December
            evaluate_on = working_day(datetime.date(year, 12, 12 + self.cell_day(cell)))
        reg.evaluate_on = evaluate_on
        span = (evaluate_on - datetime.date(year, 11, 1)).days - 2
        reg.assess_at = self.moment(datetime.date(year, 11, 1) + datetime.timedelta(days=round(rng.triangular(0, span, span * 0.8))))
        reg.assess_at = max(reg.assess_at, reg.checkin_at or reg.assess_at, self.moment(reg.disclose_on + datetime.timedelta(days=1)))
        return reg

    def cell_day(self, cell):
        return self.meetings.day_of_month[cell.pk] % 12

    # --- execution -------------------------------------------------------------------------

    def run(self, regs):
        """Take every step whose time has come, through the services, in the order of the
        year: drafts and submissions, disclosures per meeting, check-ins, self-assessments,
        evaluations, reopenings. Then date the steps."""
        now, today = self.now, self.today
        texts = self.texts
        for reg in regs:
            if reg.draft_at is None or reg.draft_at > now:
                continue
            reg.registration = services.save_draft(reg.member, reg.year, by=reg.by_member, **reg.parts)
            if reg.submit_at and reg.submit_at <= now:
                services.submit(reg.registration, by=reg.by_member)
        meetings = {}
        for reg in regs:
            if reg.registration and reg.registration.state == State.SUBMITTED and reg.disclose_on and reg.disclose_on <= today:
                meetings.setdefault((reg.cell.pk, reg.disclose_on), []).append(reg)
        for (cell_id, on), group in sorted(meetings.items(), key=lambda item: (item[0][1], item[0][0])):
            services.disclose([r.registration for r in group], on=on, by=self.actor(self.cell_by_id[cell_id]))
        for reg in regs:
            if reg.registration is None or reg.registration.state != State.DISCLOSED:
                continue
            if reg.checkin_at and reg.checkin_at <= now:
                progress, note = texts.progress(reg.parts, reg.tier, reg.weak % len(reg.parts["deeds"]))
                services.check_in(reg.registration, by=reg.by_member, progress=progress, note=note)
            else:
                reg.checkin_at = None
            if reg.assess_at and reg.assess_at <= now:
                text, reg.weak_deed = texts.self_assessment(reg.parts, reg.tier, reg.year, reg.weak % len(reg.parts["deeds"]),
                                                            reg.absent)
                services.self_assess(reg.registration, by=reg.by_member, text=text)
            else:
                reg.assess_at = None
        for reg in regs:
            if (reg.registration and reg.registration.state == State.SELF_ASSESSED and reg.evaluate_on
                    and reg.evaluate_on <= today):
                services.evaluate(reg.registration, by=self.actor(reg.cell), result=reg.tier,
                                  comment=texts.evaluation(reg.tier, reg.weak_deed, reg.absent))
            else:
                reg.evaluate_on = None
        for reg in regs:
            if reg.reopen and reg.registration and reg.registration.state == State.EVALUATED and reg.reopen[4] <= now:
                _, reason, result, comment, _ = reg.reopen
                services.reopen(reg.registration, by=self.committee, reason=fill_template(self.rng, reason, {"deed": reg.weak_deed}))
                services.evaluate(reg.registration, by=self.actor(reg.cell), result=result,
                                  comment=fill_template(self.rng, comment, {"deed": reg.weak_deed}))
                reg.tier = result
                self.result.reopened.append(reg.registration)
            else:
                reg.reopen = None
        self.date_steps(regs)

    def date_steps(self, regs):
        changed = []
        for reg in regs:
            registration = reg.registration
            if registration is None:
                continue
            registration.created_at = self.clamp(reg.draft_at)
            last = registration.created_at
            if registration.submitted_at:
                registration.submitted_at = last = self.clamp(max(reg.submit_at, last))
            if reg.disclose_on and registration.disclosed_on:
                last = max(last, self.clamp(local_time(reg.disclose_on, 21)))
            if registration.midyear_at and reg.checkin_at:
                registration.midyear_at = last = self.clamp(max(reg.checkin_at, last))
            if registration.self_assessed_at and reg.assess_at:
                registration.self_assessed_at = last = self.clamp(max(reg.assess_at, last))
            if registration.evaluated_at and reg.evaluate_on:
                evaluated = reg.reopen[4] if reg.reopen else local_time(reg.evaluate_on, 21, 30)
                registration.evaluated_at = last = self.clamp(max(evaluated, last))
            registration.updated_at = last
            if not reg.on_behalf and reg.member.user_id is None:
                registration.on_behalf, registration.entered_by = False, None
            changed.append(registration)
        write_columns(Registration, changed, ["created_at", "submitted_at", "midyear_at", "self_assessed_at", "evaluated_at",
                                       "updated_at", "on_behalf", "entered_by"])

    # --- the two years -----------------------------------------------------------------------

    def last_year(self):
        year = self.today.year - 1
        rng = self.rng
        through = self.eligible_ids(datetime.date(year, 2, 1)) & self.eligible_ids(datetime.date(year, 12, 31))
        regs = []
        for member in self.members:
            if member.pk not in through:
                continue
            age = age_on(member, datetime.date(year, 1, 1))
            r = rng.random()
            if not member.is_key_leader and member.user is None and r < (0.07 if age >= 80 else 0.022):
                kind = "none"
            elif r > 0.97 and not member.is_key_leader:
                kind = "late"
            else:
                kind = "normal"
            regs.append(self.plan(member, year, kind, start=datetime.date(year, 3, 1), checkin=0.86))
        if self.large:
            # The ward committee reopens a couple of evaluations in January, each in its own
            # cell: one evaluated "hoàn thành" becomes "thực hiện tốt", one the other way round.
            picked = []
            for reg in rng.sample(regs, len(regs)):
                if len(picked) == len(REOPEN_REASONS):
                    break
                if (reg.parts is None or reg.member.is_key_leader or reg.member.user_id or reg.evaluate_on is None
                        or reg.tier == NOT_DONE or any(p.cell.pk == reg.cell.pk for p in picked)):
                    continue
                picked.append(reg)
            for reg, (reason, result, comment) in zip(picked, REOPEN_REASONS, strict=False):
                reg.tier = DONE if result == GOOD else GOOD
                at = self.moment(datetime.date(year + 1, 1, rng.randint(6, 16)), 8, 16)
                again = self.meetings.next_after(reg.cell, at.date(), first_month=1) or at.date()
                reg.reopen = (at, reason, result, comment, local_time(again, 21))
        self.run(regs)
        return year, regs

    def this_year(self, last_regs):
        year, today, rng = self.today.year, self.today, self.rng
        eligible = self.eligible_ids(today)
        members = [m for m in self.members if m.pk in eligible]
        kinds = {}
        for member in members:
            admitted_this_year = member.admitted_on.year == year
            r = rng.random()
            if admitted_this_year:
                kinds[member.pk] = ("late", member.admitted_on + datetime.timedelta(days=rng.randint(10, 40)))
            elif member.user or member.is_key_leader:
                kinds[member.pk] = ("normal", None)
            elif r < (0.1 if age_on(member, today) >= 80 else 0.045):
                kinds[member.pk] = ("none", None)
            elif r < 0.075:
                kinds[member.pk] = ("draft", datetime.date(year, 1, 10))
            elif r < 0.11:
                kinds[member.pk] = ("late", datetime.date(year, 3, 1))
            else:
                kinds[member.pk] = ("normal", None)
        self.secretary_cell(members, kinds)
        regs = [self.plan(m, year, kinds[m.pk][0], start=kinds[m.pk][1], checkin=0.66) for m in members]
        by_member = {reg.member.pk: reg for reg in regs}
        self.personas(by_member)
        self.elderly_on_behalf(by_member)
        self.plant_copies(by_member, {reg.member.pk: reg for reg in last_regs})
        self.run(regs)
        return year, regs

    def secretary_cell(self, members, kinds):
        """In each cell with a secretary's account: a few not registered, a few drafts, a few
        submitted since the last meeting (waiting to be read out at the next one)."""
        for cell_id in self.secretaries:
            others = [m for m in members if m.org_id == cell_id and m.user is None and not m.is_key_leader
                      and not m.position.startswith(("Bí thư", "Phó Bí thư", "Chi ủy viên"))]
            chosen = self.rng.sample(others, min(len(others) // 2, 8))
            kinds_wanted = ["none", "waiting", "draft", "none", "waiting", "none", "draft", "waiting"]
            for member, kind in zip(chosen, kinds_wanted, strict=False):
                if kind == "waiting":
                    self.waiting.add(member.pk)
                kinds[member.pk] = ("normal" if kind == "waiting" else kind, datetime.date(self.today.year, 1, 10))

    def personas(self, by_member):
        today, rng = self.today, self.rng
        for reg in by_member.values():
            if reg.member.pk in self.waiting and reg.submit_at:
                # Submitted since the cell's last meeting: read out at the next one.
                last_meeting = max((d for (c, y, _), d in self.meetings.dates.items()
                                    if c == reg.cell.pk and d <= today), default=today - datetime.timedelta(days=20))
                day = last_meeting + datetime.timedelta(days=rng.randint(1, max(1, (today - last_meeting).days)))
                reg.draft_at = self.clamp(self.moment(min(day, today) - datetime.timedelta(days=1)))
                reg.submit_at = max(reg.draft_at, self.clamp(self.moment(min(day, today))))
                reg.disclose_on = reg.checkin_at = reg.assess_at = reg.evaluate_on = None
            if reg.member.user is None:
                continue
            if reg.cell.pk in self.secretaries and reg.member.user == self.secretaries[reg.cell.pk]:
                reg.tier = GOOD  # the secretary's own: assessed early in the season
                if reg.assess_at and reg.evaluate_on:
                    reg.assess_at = self.moment(max(datetime.date(reg.year, 11, 2), reg.disclose_on))
            elif today.month >= SELF_ASSESSMENT_FROM_MONTH:
                # The demo member: checked in, self-assessment due.
                reg.tier, reg.assess_at, reg.evaluate_on = GOOD, None, None
                if reg.disclose_on and reg.disclose_on < datetime.date(reg.year, 6, 1):
                    reg.checkin_at = self.moment(datetime.date(reg.year, 7, 2))
            else:
                # Before the review season, the demo member has a draft to finish.
                reg.submit_at = reg.disclose_on = reg.checkin_at = reg.assess_at = reg.evaluate_on = None

    def elderly_on_behalf(self, by_member):
        """In each cell with a secretary's account, at least two registrations the secretary
        entered for elderly members."""
        for cell_id, secretary in self.secretaries.items():
            regs = [r for r in by_member.values() if r.cell.pk == cell_id and r.parts is not None]
            entered = sum(1 for r in regs if r.on_behalf)
            candidates = sorted((r for r in regs if not r.on_behalf and r.member.user_id is None
                                 and r.member.pk not in self.waiting), key=lambda r: (r.member.birth_date, r.member.pk))
            for reg in candidates[:max(0, 2 - entered)]:
                reg.on_behalf, reg.by_member = True, secretary

    def plant_copies(self, by_member, last_by_member):
        """A colleague's registration lightly edited (in a school and in the secretary's cell),
        and one member's own of last year handed in again."""
        if not self.large:
            return
        rng = self.rng

        def ready(reg):
            return (reg.parts is not None and reg.submit_at is not None and reg.member.user_id is None
                    and reg.member.pk not in self.waiting and not reg.on_behalf and reg.disclose_on is not None)

        teachers = Counter(reg.cell.pk for reg in by_member.values() if self.duty[reg.member.pk] == "teacher" and ready(reg))
        cells = [cell_id for cell_id, _ in teachers.most_common(1)] + sorted(self.secretaries)
        used = set()
        for cell_id in cells:
            pool = [reg for reg in by_member.values() if reg.cell.pk == cell_id and ready(reg) and reg.member.pk not in used
                    and (self.duty[reg.member.pk] == "teacher" or cell_id in self.secretaries)]
            pool = [reg for reg in pool if not is_head(reg.member)]
            if len(pool) < 2:
                continue
            original, copy = rng.sample(pool, 2)
            if self.duty[copy.member.pk] != self.duty[original.member.pk]:
                same = [r for r in pool if r is not original and self.duty[r.member.pk] == self.duty[original.member.pk]]
                copy = same[0] if same else copy
            copy.parts = self.texts.edited(original.parts)
            copy.draft_at = max(copy.draft_at, original.submit_at + datetime.timedelta(days=2))
            copy.submit_at = max(copy.submit_at, copy.draft_at + datetime.timedelta(hours=3))
            copy.disclose_on = max(copy.disclose_on, self.meetings.next_after(copy.cell, copy.submit_at.date()) or copy.disclose_on)
            used |= {copy.member.pk, original.member.pk}
            self.copies.append((copy, original, False))
        officials = [reg for reg in by_member.values() if ready(reg) and self.duty[reg.member.pk] == "official"
                     and reg.member.pk in last_by_member and last_by_member[reg.member.pk].registration is not None
                     and last_by_member[reg.member.pk].parts is not None and not is_head(reg.member)]
        if officials:
            reg = rng.choice(officials)
            old = last_by_member[reg.member.pk]
            reg.parts = self.texts.edited(old.parts, year_from=old.year, year_to=reg.year)
            self.copies.append((reg, old, True))

    def plans_and_template(self):
        """The committee's template for this year; plans of last year (one missing) and of this
        year (a few missing, a few not yet in the cell's resolution)."""
        rng, year = self.rng, self.today.year
        if self.committee:
            template = services.save_template(
                self.ward, year, by=self.committee,
                intro=(f"Năm {year}, mỗi đồng chí đăng ký từ 2 đến 4 việc làm theo gắn với chuyên đề năm và Nghị quyết Đại hội "
                       f"Đảng bộ {self.texts.ward_place}; mỗi việc có kết quả đo được. Bản đăng ký được công khai trước chi bộ "
                       "trong sinh hoạt tháng 2 hoặc tháng 3, tự kiểm tra giữa năm và đánh giá cùng kiểm điểm cuối năm."),
                sections=template_sections(year))
            template.updated_at = local_time(datetime.date(year, 1, 8), 15)
            YearTemplate.objects.in_orgs([self.ward.pk]).bulk_update([template], ["updated_at"])
        planning = [self.ward] + [o for o in Organization.objects.filter(path__startswith=self.ward.path, kind__in=PLANNING_KINDS,
                                                                      dissolved_on__isnull=True).order_by("code")]
        plans = []
        for plan_year, missing, outside in [(year - 1, 1, 0.05), (year, max(1, len(planning) // 12), 0.12)]:
            skipped = set(rng.sample([o.pk for o in planning[1:]], min(missing, len(planning) - 1)))
            count = 0
            for org in planning:
                if org.pk in skipped:
                    continue
                by = self.committee if org.pk == self.ward.pk else self.actor(org)
                plan = services.save_org_plan(org, plan_year, by=by, content=self.texts.org_plan(org, plan_year, org.pk == self.ward.pk),
                                              in_resolution=rng.random() >= outside)
                plan.updated_at = self.clamp(self.moment(datetime.date(plan_year, 1, rng.randint(5, 28))))
                plans.append(plan)
                count += 1
            self.result.plans[plan_year] = count
        OrgPlan.objects.in_subtree(self.ward).bulk_update(plans, ["updated_at"])


@transaction.atomic
def build_year(ward, seed=7, stdout=None, now=None):
    """Add last year's and this year's commitments to `ward` (see the module docstring).
    Returns DemoCommitments."""
    started = time.monotonic()
    builder = _Builder(ward, seed, now or timezone.now())
    if builder.committee is None:
        return builder.result
    builder.plans_and_template()
    last_year, last_regs = builder.last_year()
    this_year, regs = builder.this_year(last_regs)
    result = builder.result
    for year, year_regs in [(last_year, last_regs), (this_year, regs)]:
        result.states[year] = Counter(r.registration.state if r.registration else "" for r in year_regs)
    result.results = Counter(r.registration.result for r in last_regs if r.registration and r.registration.result)
    result.on_behalf = sum(1 for r in regs if r.registration and r.on_behalf)
    result.copies = [(copy.registration, original.registration, own) for copy, original, own in builder.copies
                     if copy.registration and original.registration]
    registered_last = sum(1 for r in last_regs if r.registration)
    evaluated = sum(result.results.values())
    current, _ = selectors.figures(ward, this_year)
    this = [r.registration for r in regs if r.registration and r.registration.state != State.DRAFT]
    _say(stdout, (
        f"{ward.name} — làm theo năm {last_year}: {format_number(registered_last)}/{format_number(len(last_regs))} đảng viên "
        f"sinh hoạt cả năm đã đăng ký ({format_percent(registered_last, len(last_regs))}), "
        f"{format_percent(result.results[GOOD], evaluated, 0)} thực hiện tốt, {len(result.reopened)} bản mở lại; "
        f"năm {this_year}: {current.text}; {format_percent(sum(1 for r in this if r.midyear_at), len(this), 0)} đã tự kiểm tra "
        f"giữa năm, {format_percent(sum(1 for r in this if r.self_assessed_at), len(this), 0)} đã tự đánh giá; "
        f"{format_number(current.plans)}/{format_number(current.planning_orgs)} tổ chức có kế hoạch; "
        f"{len(result.copies)} bản gần trùng ({format_number(time.monotonic() - started, 1)} giây).\n"
    ))
    return result
