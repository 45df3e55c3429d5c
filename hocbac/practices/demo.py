"""Models of studying and following (mô hình) for a demo ward (`hocbac demo`), after the study
year: what the ward committee launched for its whole subtree, the cells' own models, their
replication, status histories with recognitions, periodic reviews, evidence and a published page.

Launched by the ward committee (origin "phat_dong"), over the last two to three years: "Mỗi đảng
viên gắn bó, giúp đỡ 10 hộ dân" (dân vận khéo), "Chi bộ 6 tốt, đảng viên 6 tốt" (seed 004: tried
first at the Chi bộ Quân sự, then replicated), "Tuyến hẻm xanh, sạch, đẹp, có đèn chiếu sáng",
"Người đứng đầu nói đi đôi với làm" and, a few months ago, "Tiết kiệm một ngày lương vì người
nghèo". A small ward (the sibling) launches three of them.

Cells' own models (origin "riêng"), matched to the cells that would run them: "Khắc sâu tư
tưởng đảng viên" of a primary school cell (seed 004: a quiz at every monthly meeting; recognised
by the ward early this year, published, and adopted three months ago by the secretary's cell,
whose cell contests the contests demo holds), "Hồ sơ đúng hẹn, người dân hài lòng" of the public
service centre (recognised typical by the former Thành ủy before the 2025 reform, excellent
by the Tỉnh ủy a year later), the police's security cameras, the health station's home visits, the market, the
water company, residential cells' bookshelf, charity meals, a vegetable cooperative and a
"zero-đồng market" that stopped, a few individual models of members (a retired member telling
stories of Bác to the children, a community police officer, a teacher, a cooperative's
engineer).

Replication: each launched model is taken up by a good share of the cells it suits (residential
ones for dân vận and the lanes, agencies, schools and the armed forces for "6 tốt" and the
leaders' example), at a cell meeting one to eighteen months after the launch; those older than
six months report a result. One adoption stopped when its lane was cleared for a road.

Reviews: every half year (owners at their July and December meetings; the ward a few weeks
later for its cells' own models and some adoptions), a verdict, a short assessment and a
proposal. Proposals to recognise are decided at the ward's yearly review in January: a cell's
model by the ward ("Đảng ủy phường …", one decision a year, posted in the library and linked as
evidence), a model the ward launched, or an excellent one, by the level above ("Thành ủy …"
before 1/7/2025, "Tỉnh ủy …" after); what the last reviews propose is still awaiting. A model
proposed for stopping stops with its reason.

Rows are written in bulk (the services check and audit every step), as the services would have
written them: the search text, the first "running" step of every model, adoptions linked to
the original with its field, origin, goals and description, recognitions with body, decision and
date, evidence among the sessions the model's cell held and documents its users may read. One
"demo.build" audit entry per ward says what was added. Deterministic for a seed and a moment:
every draw comes from one `random.Random`; nothing is dated after `now`.
"""

import datetime
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from hocbac.commitments.demo import Meetings, bulk_create_dated, fill_template, write_columns
from hocbac.core.audit import log_action
from hocbac.core.text import fold, format_number
from hocbac.library import services as library_services
from hocbac.library.models import Document, DocumentKind
from hocbac.orgs.demo import age_on, local_time, ward_staff, working_day
from hocbac.orgs.models import MEMBER_HOLDING_KINDS, Member, MemberStatus, Organization, Sector
from hocbac.study.models import SessionKind, StudySession

from . import selectors
from .models import (
    Evidence,
    EvidenceKind,
    Field,
    Holder,
    Origin,
    Period,
    Practice,
    Proposal,
    Review,
    Reviewer,
    Status,
    StatusChange,
    Verdict,
)

REFORM_DAY = datetime.date(2025, 7, 1)  # no district level after this day (Quy định 294-QĐ/TW)

# ---------------------------------------------------------------------------------------------
# What the ward launches. "adopters": {cell kind: share of those cells that replicate it}.
# "results": what an adoption reports after six months ("{a|b}" a choice, "[n:a-b]" a number).


@dataclass(frozen=True)
class Launch:
    key: str
    name: str
    field: str
    months_back: int
    goals: str
    description: str
    adopters: dict
    results: tuple
    documents: tuple = ()
    pilot: str = ""  # the cell kind that tries it first


LAUNCHES = [
    Launch(
        "dan_van", "Mỗi đảng viên gắn bó, giúp đỡ 10 hộ dân", "Dân vận khéo", 32,
        "100% đảng viên sinh hoạt ở khu dân cư nhận gắn bó với ít nhất 10 hộ gia đình gần nơi ở; nắm tình hình, tâm tư, "
        "nguyện vọng của các hộ và phản ánh kịp thời với chi bộ; vận động các hộ chấp hành chủ trương của Đảng, chính sách, "
        "pháp luật của Nhà nước và quy định của địa phương; không để phát sinh điểm nóng, khiếu kiện đông người.",
        "Chi bộ phân công mỗi đảng viên phụ trách khoảng 10 hộ liền kề theo tổ dân phố, lập danh sách và sổ theo dõi. "
        "Hằng tháng, đảng viên thăm hỏi, nắm tình hình các hộ được phân công và báo cáo tại sinh hoạt chi bộ thường kỳ; "
        "việc vượt khả năng thì chi ủy báo cáo Đảng ủy, Ủy ban nhân dân phường xem xét, giải quyết. Đảng viên cao tuổi, "
        "sức yếu nhận ít hộ hơn và được ghép cặp với đảng viên trẻ.\n\n"
        "Cuối năm, chi bộ lấy ý kiến các hộ về đảng viên phụ trách, làm một căn cứ đánh giá, xếp loại chất lượng đảng viên. "
        "“Dân vận kém thì việc gì cũng kém. Dân vận khéo thì việc gì cũng thành công.”",
        {"residential": 0.8},
        ("Đảng viên chi bộ nhận gắn bó với [n:150-420] hộ; trong năm vận động [n:3-12] hộ hiến đất, tháo dỡ vật kiến trúc "
         "để mở rộng hẻm; hòa giải thành [n:2-6] vụ mâu thuẫn trong khu dân cư; không có đơn thư vượt cấp.",
         "[n:85-100]% đảng viên trong độ tuổi nhận phụ trách hộ; giúp [n:2-5] hộ cận nghèo vay vốn, tìm việc làm; phản ánh "
         "[n:6-20] ý kiến của người dân lên Đảng ủy, Ủy ban nhân dân phường, phần lớn đã được giải quyết.",
         "Qua các hộ được phân công, chi bộ vận động [n:92-100]% hộ đóng góp quỹ khuyến học, quỹ vì người nghèo; tỷ lệ hộ "
         "đạt danh hiệu gia đình văn hóa đạt [n:92-98]%; {không có|chỉ còn [n:1-2]} hộ có người vi phạm pháp luật."),
        documents=("01-KL/TW",),
    ),
    Launch(
        "sau_tot", "Chi bộ 6 tốt, đảng viên 6 tốt", "Xây dựng tổ chức cơ sở đảng", 33,
        "Chi bộ đạt “6 tốt”: lãnh đạo tốt công tác giáo dục chính trị, tư tưởng và phòng, chống suy thoái, “tự diễn biến”, "
        "“tự chuyển hóa”; lãnh đạo chấp hành tốt chủ trương, nghị quyết của Đảng, chính sách, pháp luật của Nhà nước; xây "
        "dựng tốt đoàn kết nội bộ, tập trung dân chủ; hoàn thành tốt nhiệm vụ chính trị được giao; thực hiện tốt công tác "
        "kiểm tra, giám sát; khắc phục tốt hạn chế, khuyết điểm đã được chỉ ra. Đảng viên đạt “6 tốt” tương ứng với "
        "chức trách, nhiệm vụ của mình.",
        "Đảng ủy phường phát động, thực hiện điểm tại Chi bộ Quân sự phường rồi nhân rộng ra các chi bộ. Hằng tháng, chi "
        "bộ căn cứ 6 tiêu chí để phân loại chi bộ và từng đảng viên ngay trong sinh hoạt thường kỳ; kết quả phân loại "
        "hằng tháng là cơ sở đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên cuối năm. Mỗi đảng viên có bản cam kết "
        "khắc phục hạn chế, khuyết điểm đã được góp ý chỉ ra.\n\n"
        "Xác định rõ: “Đảng viên tốt thì chi bộ mới tốt, chi bộ tốt là do các đảng viên đều tốt”.",
        {"military": 1.0, "police": 1.0, "agency": 0.5, "school": 0.35, "health": 1.0, "residential": 0.08},
        ("Chi bộ duy trì phân loại “6 tốt” hằng tháng; [n:80-100]% đảng viên đạt “đảng viên 6 tốt”; trong sinh hoạt không "
         "còn nể nang, ngại va chạm khi tự phê bình và phê bình.",
         "Nghị quyết tháng của chi bộ ngắn gọn, sát nhiệm vụ; tỷ lệ đảng viên dự sinh hoạt đạt [n:95-100]%; các hạn chế "
         "được chỉ ra qua kiểm điểm năm trước đã khắc phục xong.",
         "Chi bộ được đánh giá hoàn thành tốt nhiệm vụ; [n:1-3] đảng viên được đề nghị biểu dương; {không có|chỉ có 1} "
         "đảng viên bị nhắc nhở vì vắng sinh hoạt."),
        documents=("21-NQ/TW",), pilot="military",
    ),
    Launch(
        "hem_xanh", "Tuyến hẻm xanh, sạch, đẹp, có đèn chiếu sáng", "Văn hóa, xã hội", 20,
        "Mỗi chi bộ khu phố, ấp xây dựng ít nhất một tuyến hẻm xanh, sạch, đẹp, có đèn chiếu sáng về đêm; đảng viên gương "
        "mẫu đi đầu, vận động các hộ tự nguyện đóng góp; không để rác thải, lấn chiếm lòng hẻm.",
        "Chi bộ chọn tuyến hẻm, giao đảng viên ở tuyến hẻm làm nòng cốt; vận động các hộ trồng cây xanh, đặt chậu hoa "
        "trước nhà, lắp đèn chiếu sáng nối điện từ nhà dân, phân loại rác tại nguồn. Mỗi quý một ngày “Chủ nhật xanh” "
        "dọn vệ sinh, khơi thông cống rãnh. Kinh phí do nhân dân đóng góp, phường hỗ trợ một phần bóng đèn.",
        {"residential": 0.45},
        ("Hoàn thành [n:1-3] tuyến hẻm dài khoảng [n:150-600] m; lắp [n:12-40] bóng đèn, trồng [n:40-150] cây xanh và "
         "chậu hoa; nhân dân đóng góp khoảng [n:15-80] triệu đồng và [n:100-400] ngày công.",
         "Tuyến hẻm được Ủy ban nhân dân phường công nhận đạt chuẩn văn minh đô thị; [n:90-100]% hộ phân loại rác tại "
         "nguồn; {không còn|giảm hẳn} tình trạng đổ rác, lấn chiếm lòng hẻm."),
    ),
    Launch(
        "nguoi_dung_dau", "Người đứng đầu nói đi đôi với làm, gương mẫu đi trước", "Trách nhiệm người đứng đầu", 17,
        "Bí thư chi bộ, thủ trưởng cơ quan, đơn vị đăng ký công khai ít nhất 3 việc làm nêu gương trước chi bộ; giải quyết "
        "dứt điểm những việc khó, việc tồn đọng thuộc thẩm quyền; tiếp và đối thoại với người dân, người lao động theo "
        "lịch định kỳ.",
        "Người đứng đầu công khai bản đăng ký nêu gương tại sinh hoạt chi bộ đầu năm, báo cáo kết quả mỗi quý; chi bộ và "
        "đảng viên góp ý trực tiếp. Kết quả thực hiện là một tiêu chí đánh giá, xếp loại người đứng đầu cuối năm, theo "
        "tinh thần “trên trước, dưới sau”, “trong trước, ngoài sau”.",
        {"agency": 0.6, "school": 0.6, "health": 1.0, "police": 1.0, "market": 1.0, "enterprise": 0.5},
        ("Người đứng đầu hoàn thành [n:3-5] việc đăng ký nêu gương; cơ quan không có đơn thư phản ánh, không có việc trễ "
         "hạn do lỗi chủ quan.",
         "Thủ trưởng đơn vị tiếp, đối thoại định kỳ [n:4-12] lần trong năm; giải quyết xong [n:2-6] việc tồn đọng từ năm "
         "trước; {đơn vị|tập thể} được đánh giá hoàn thành tốt nhiệm vụ."),
        documents=("05-CT/TW",),
    ),
    Launch(
        "ngay_luong", "Tiết kiệm một ngày lương vì người nghèo, vì an sinh xã hội", "Tiết kiệm và đoàn kết", 4,
        "Mỗi cán bộ, đảng viên tiết kiệm, đóng góp ít nhất một ngày lương hoặc thu nhập mỗi năm cho Quỹ “Vì người nghèo” "
        "của phường; mỗi chi bộ giúp đỡ ít nhất một hộ nghèo, hộ cận nghèo thoát nghèo bền vững.",
        "Chi bộ phổ biến trong sinh hoạt thường kỳ, đảng viên tự nguyện đăng ký mức đóng góp; chi ủy tập hợp, nộp về Ủy "
        "ban Mặt trận Tổ quốc phường và công khai danh sách tại nhà văn hóa. Chi bộ cùng chi hội phụ nữ, chi hội cựu chiến "
        "binh chọn hộ giúp đỡ, theo dõi đến khi thoát nghèo.",
        {"residential": 0.25, "agency": 0.4, "school": 0.3, "police": 1.0, "enterprise": 0.5},
        ("Đảng viên đóng góp [n:8-45] triệu đồng; chi bộ giúp [n:1-2] hộ sửa nhà, mua con giống.",),
    ),
]
SMALL_WARD_LAUNCHES = ("dan_van", "hem_xanh", "ngay_luong")
LAUNCH_OF_STOPPED_ADOPTION = "hem_xanh"
STOPPED_ADOPTION_REASON = (
    "Tuyến hẻm nằm trong phạm vi dự án nâng cấp, mở rộng đường của phường, đang giải tỏa; chi bộ tạm ngừng mô hình, sẽ "
    "thực hiện lại trên tuyến hẻm khác khi thi công xong."
)


@dataclass(frozen=True)
class Own:
    """A cell's own model: `where` picks the cell ("residential" or a word of its name), `who` a
    member's position for an individual model."""

    key: str
    where: str
    name: str
    field: str
    months_back: int
    goals: str
    description: str
    who: tuple = ()
    quality: str = ""
    fast: bool = False  # proposed for recognition at its first yearly review
    excellent: bool = False  # proposed excellent once typical
    stop_reason: str = ""
    public: bool = False


OWN_MODELS = [
    Own("khac_sau", "Trường Tiểu học", "Khắc sâu tư tưởng đảng viên", "Học tập, nghiên cứu lý luận", 14,
        "Mỗi đảng viên nắm vững, nhớ lâu nội dung cốt lõi của các chỉ thị, nghị quyết, quy định của Đảng và chuyên đề học "
        "tập và làm theo Bác hằng năm; vận dụng vào công việc chuyên môn và đời sống hằng ngày.",
        "Trong buổi sinh hoạt thường kỳ hằng tháng, chi bộ tổ chức thi trắc nghiệm trực tuyến tìm hiểu chỉ thị, nghị quyết "
        "của Đảng. Mỗi kỳ từ 5 đến 10 câu hỏi tùy nội dung, điểm tối đa là 10; đảng viên dùng điện thoại thông minh truy "
        "cập đường liên kết để trả lời, bình quân 30 giây mỗi câu. Đảng viên có điểm cao nhất và nộp bài sớm nhất về nhất "
        "kỳ thi tháng, được tuyên dương và tặng quà lưu niệm.\n\n"
        "Chi ủy chuẩn bị bộ câu hỏi từ các văn bản vừa học tập; cuối năm tổng kết mô hình.",
        quality="good", fast=True, public=True),
    Own("ho_so", "hành chính công", "Hồ sơ đúng hẹn, người dân hài lòng", "Cải cách hành chính", 31,
        "Không để hồ sơ trễ hạn do lỗi chủ quan; tỷ lệ người dân hài lòng đạt trên 95%; 100% thủ tục đủ điều kiện được "
        "hướng dẫn nộp trực tuyến.",
        "Mỗi đảng viên của Trung tâm đăng ký chỉ tiêu về số hồ sơ giải quyết đúng hạn; công khai số điện thoại đường dây "
        "nóng, hộp thư góp ý và mã QR đánh giá sự hài lòng tại từng quầy. Hồ sơ có nguy cơ trễ hạn được báo cáo hằng ngày "
        "để lãnh đạo xử lý; hồ sơ trễ hạn phải có thư xin lỗi người dân. Sáng thứ Bảy có đảng viên trực hướng dẫn người "
        "cao tuổi, người lao động làm thủ tục trực tuyến.",
        quality="good", fast=True, excellent=True),
    Own("camera", "Công an", "Camera an ninh – “mắt thần” khu dân cư", "Quốc phòng, an ninh", 27,
        "Phủ camera giám sát tại các tuyến đường, hẻm chính và điểm phức tạp về an ninh, trật tự; kéo giảm phạm pháp hình "
        "sự, trộm cắp tài sản trên địa bàn.",
        "Đảng viên Công an phường phối hợp các chi bộ khu phố, ấp vận động hộ kinh doanh, hộ dân tự nguyện lắp camera "
        "hướng ra đường và chia sẻ hình ảnh cho Công an phường; cảnh sát khu vực hướng dẫn kỹ thuật và trích xuất hình ảnh "
        "khi có vụ việc. Mỗi quý chi bộ đánh giá, biểu dương các hộ đóng góp hình ảnh giúp làm rõ vụ việc.",
        quality="good"),
    Own("kham_tai_nha", "Y tế", "Khám, chăm sóc tại nhà cho người cao tuổi neo đơn, người khuyết tật",
        "Văn hóa, xã hội", 21,
        "Mỗi tháng đến tận nhà khám, theo dõi sức khỏe cho người cao tuổi neo đơn, người khuyết tật nặng không tự đến "
        "trạm được; 100% người bệnh tăng huyết áp, đái tháo đường trong danh sách được quản lý, cấp thuốc đều đặn.",
        "Chi bộ phân công mỗi đảng viên của Trạm phụ trách một số khu phố, ấp; phối hợp chi hội người cao tuổi, chi hội "
        "phụ nữ lập danh sách và đến khám vào chiều thứ Năm tuần cuối tháng. Kết quả khám được ghi vào hồ sơ sức khỏe "
        "điện tử; trường hợp cần chuyển tuyến, trạm liên hệ bệnh viện và vận động nhà hảo tâm hỗ trợ chi phí đi lại.",
        quality="good"),
    Own("cho_van_minh", "chợ", "Chợ văn minh, tiểu thương thân thiện", "Văn hóa, xã hội", 18,
        "Tiểu thương niêm yết giá và bán đúng giá niêm yết, cân đúng, không bán hàng giả, hàng không rõ nguồn gốc; giảm "
        "túi ni lông khó phân hủy; không để xảy ra cháy nổ trong chợ.",
        "Đảng viên Ban Quản lý chợ phụ trách từng dãy sạp, vận động tiểu thương ký cam kết; đặt cân đối chứng ở cổng chợ; "
        "mỗi tháng kiểm tra việc niêm yết giá và phòng cháy, chữa cháy. Tiểu thương thực hiện tốt được biểu dương tại hội "
        "nghị tiểu thương cuối năm."),
    Own("chong_that_thoat", "Cấp nước", "Tiết kiệm điện, vật tư; chống thất thoát nước sạch", "Tiết kiệm và đoàn kết", 29,
        "Giảm tỷ lệ thất thoát nước sạch mỗi năm ít nhất 1%; tiết kiệm 5% chi phí điện năng và vật tư so với định mức.",
        "Mỗi đảng viên, tổ sản xuất đăng ký một sáng kiến tiết kiệm; đảng viên phụ trách tuyến ống kiểm tra, phát hiện rò "
        "rỉ và sửa chữa trong 24 giờ; chỉ số tiêu thụ điện, nước của từng bộ phận được công khai hằng tháng trên bảng tin.",
        quality="good"),
    Own("tu_sach", "residential", "Tủ sách “Học tập và làm theo Bác” tại nhà văn hóa [place]", "Học tập, nghiên cứu lý luận",
        16,
        "Có ít nhất 200 đầu sách về Bác Hồ, về Đảng và sách pháp luật phục vụ đảng viên, nhân dân và thiếu nhi; mỗi quý một "
        "buổi giới thiệu sách.",
        "Đảng viên và nhân dân quyên góp sách; đảng viên hưu trí thay nhau trực tủ sách các tối thứ Ba, thứ Năm và sáng "
        "Chủ nhật, ghi sổ mượn trả. Mỗi quý chi bộ phối hợp chi đoàn, chi hội phụ nữ giới thiệu một cuốn sách về Bác cho "
        "thiếu nhi trong [place]."),
    Own("bua_com", "residential", "Bữa cơm nghĩa tình cho người cao tuổi neo đơn", "Tiết kiệm và đoàn kết", 26,
        "Mỗi tuần một bữa cơm miễn phí cho người cao tuổi neo đơn, người thuộc hộ nghèo trong [place]; đảng viên đóng góp "
        "từ tiết kiệm và vận động nhà hảo tâm.",
        "Đảng viên tiết kiệm, đóng góp mỗi tháng một khoản nhỏ tùy điều kiện, vận động các hộ kinh doanh ủng hộ gạo, rau, "
        "thực phẩm; chi hội phụ nữ nấu, đảng viên trẻ mang cơm đến tận nhà các cụ không đi lại được vào trưa thứ Bảy. Chi "
        "bộ công khai thu chi mỗi quý trong sinh hoạt.",
        quality="good"),
    Own("rau_an_toan", "Ấp", "Tổ hợp tác trồng rau an toàn giúp hộ cận nghèo", "Phát triển kinh tế, giảm nghèo", 19,
        "Giúp 10 hộ cận nghèo có việc làm ổn định, thu nhập tăng ít nhất 20%; không có hộ tái nghèo.",
        "Đảng viên có kinh nghiệm sản xuất hướng dẫn kỹ thuật trồng rau theo hướng an toàn, cho mượn đất và vốn giống ban "
        "đầu; chi bộ phối hợp Hội Nông dân, Hợp tác xã liên hệ đầu ra với bếp ăn các trường học và chợ trên địa bàn."),
    Own("cho_0_dong", "residential", "Chợ phiên 0 đồng cho hộ nghèo, hộ khó khăn", "Tiết kiệm và đoàn kết", 24,
        "Mỗi tháng một phiên chợ 0 đồng tại nhà văn hóa [place] cho hộ nghèo, hộ cận nghèo, người lao động tự do khó khăn.",
        "Đảng viên vận động các hộ kinh doanh, nhà hảo tâm ủng hộ gạo, nhu yếu phẩm, quần áo; chi ủy phát phiếu cho các "
        "hộ theo danh sách đã bình xét công khai để tránh trùng lặp.",
        quality="weak",
        stop_reason="Nhà tài trợ chính ngừng hỗ trợ, nguồn hàng không còn ổn định; chi bộ thống nhất ngừng phiên chợ, chuyển "
                    "sang trao quà trực tiếp cho các hộ qua mô hình “Mỗi đảng viên gắn bó, giúp đỡ 10 hộ dân”."),
    Own("loi_bac_day", "Cơ quan Đảng", "Mỗi tháng một lời Bác dạy", "Xây dựng tổ chức cơ sở đảng", 22,
        "Mỗi kỳ sinh hoạt chi bộ dành 15 phút để một đảng viên trình bày một lời dạy của Bác và liên hệ với công việc của "
        "mình; nâng cao chất lượng sinh hoạt chi bộ.",
        "Chi ủy phân công trước một tháng; đảng viên chọn một lời dạy của Bác phù hợp chuyên đề năm, trình bày ngắn gọn và "
        "nêu việc làm cụ thể của bản thân; chi bộ thảo luận, chi ủy kết luận và đưa việc làm theo vào nghị quyết tháng.",
        quality="good"),
    Own("ke_chuyen", "residential", "Kể chuyện Bác Hồ cho thiếu nhi [place]", "Văn hóa, xã hội", 28,
        "Mỗi tháng một buổi kể chuyện về Bác cho thiếu nhi trong [place]; dịp hè tổ chức cho các em thi kể chuyện, vẽ "
        "tranh về Bác.",
        "Đồng chí đảng viên lớn tuổi tự sưu tầm sách, chuẩn bị chuyện kể; kể vào tối thứ Bảy cuối tháng tại nhà văn hóa, "
        "phối hợp chi đoàn tổ chức sinh hoạt hè cho thiếu nhi.",
        who=("Hưu trí", "Cựu chiến binh"), quality="good", fast=True),
    Own("lua_dao", "Công an", "Mỗi tháng một buổi tuyên truyền phòng, chống lừa đảo qua mạng", "Quốc phòng, an ninh", 15,
        "Mỗi tháng tuyên truyền tại một khu phố, ấp hoặc trường học về các thủ đoạn lừa đảo qua mạng; không để người dân "
        "trên địa bàn phụ trách bị lừa đảo mất tiền.",
        "Đồng chí cảnh sát khu vực tận dụng các buổi sinh hoạt khu phố, họp phụ huynh, sinh hoạt chi hội để tuyên truyền; "
        "lập nhóm Zalo với các tổ trưởng tổ dân phố để cảnh báo kịp thời thủ đoạn mới; trực tiếp hướng dẫn người cao tuổi "
        "cài đặt, sử dụng định danh điện tử an toàn.",
        who=("Cảnh sát khu vực", "Cán bộ Công an phường")),
    Own("lop_tinh_thuong", "Trường T", "Lớp học tình thương: phụ đạo miễn phí cho học sinh có hoàn cảnh khó khăn",
        "Văn hóa, xã hội", 13,
        "Phụ đạo miễn phí mỗi tuần 2 buổi cho học sinh có hoàn cảnh khó khăn, học sinh chưa theo kịp bài; không để học sinh "
        "bỏ học giữa chừng.",
        "Đồng chí dạy vào chiều thứ Ba, thứ Năm tại phòng học của trường, phối hợp giáo viên chủ nhiệm chọn học sinh; vận "
        "động mạnh thường quân tặng tập vở, xe đạp cho các em.",
        who=("Giáo viên",)),
    Own("ky_thuat_lua", "Hợp tác xã", "Chuyển giao kỹ thuật giảm giá thành sản xuất lúa cho xã viên",
        "Phát triển kinh tế, giảm nghèo", 8,
        "Giúp xã viên giảm 10% chi phí sản xuất lúa mỗi vụ nhờ giảm lượng giống, phân bón và thuốc bảo vệ thực vật.",
        "Đồng chí trực tiếp làm ruộng trình diễn, hướng dẫn xã viên sạ thưa, bón phân theo bảng so màu lá, ghi sổ nhật ký "
        "đồng ruộng; mỗi vụ tổ chức hội thảo đầu bờ.",
        who=("Kỹ sư", "Giám đốc Hợp tác xã", "Tổ trưởng sản xuất")),
]
SMALL_WARD_RESIDENTIAL = 2  # own models of residential cells in a ward of fewer than ten cells

# ---------------------------------------------------------------------------------------------
# Reviews: (verdict) → assessments by the owner and by the ward.

OWNER_TEXTS = {
    Verdict.GOOD: [
        "Mô hình duy trì đều đặn, {100% đảng viên tham gia|đảng viên tham gia đầy đủ}; {kết quả cụ thể, đo được|được "
        "[people] đồng tình, hưởng ứng}. Chi ủy đưa kết quả thực hiện vào nghị quyết tháng.",
        "Thực hiện đúng kế hoạch{, vượt chỉ tiêu đề ra|}; {đảng viên gương mẫu đi đầu|có cách làm mới, dễ làm}. "
        "{[People] ghi nhận|Được [partners] phối hợp tốt}.",
    ],
    Verdict.FAIR: [
        "Mô hình được duy trì nhưng {chưa đều giữa các tháng|một số đảng viên tham gia chưa thường xuyên}; "
        "{kết quả chưa được ghi chép đầy đủ|cần có số liệu cụ thể hơn}.",
        "Có kết quả bước đầu; {kinh phí còn hạn chế|chưa huy động được nhiều [people] tham gia}, chi bộ sẽ {điều chỉnh "
        "cách làm|phân công lại đảng viên phụ trách} trong kỳ tới.",
    ],
    Verdict.WEAK: [
        "Mô hình {duy trì chưa thường xuyên|thực hiện còn hình thức}, {nguồn lực hạn chế|chưa có người phụ trách ổn định}; "
        "chi bộ {xem xét lại cách làm|cần kiện toàn người phụ trách}.",
    ],
}
ABOVE_TEXTS = {
    Verdict.GOOD: [
        "Đảng ủy đánh giá mô hình {thiết thực, hiệu quả|có cách làm hay, dễ nhân rộng}; đề nghị {chi bộ tiếp tục duy trì, "
        "bổ sung minh chứng|các chi bộ học tập cách làm}.",
        "Mô hình {có sức lan tỏa [where]|gắn với nhiệm vụ chính trị của [unit]}, kết quả rõ, {đo được|có minh chứng}.",
    ],
    Verdict.FAIR: [
        "Mô hình có kết quả bước đầu; đề nghị chi bộ {cụ thể hóa chỉ tiêu|bổ sung minh chứng, số liệu} và báo cáo trong "
        "kỳ sơ kết tới.",
    ],
    Verdict.WEAK: [
        "Mô hình chưa phát huy hiệu quả; đề nghị chi bộ {đánh giá lại, điều chỉnh cách làm|báo cáo Đảng ủy phương án tiếp "
        "tục hay ngừng}.",
    ],
}
LAUNCHED_TEXTS = [
    "Đến [end] có [adopted] chi bộ nhân rộng mô hình; [good] nơi được đánh giá hiệu quả tốt. {Một số chi bộ còn chậm "
    "triển khai|Cần thêm minh chứng, số liệu ở một số chi bộ}.",
    "Sơ kết đến [end]: [adopted] chi bộ thực hiện, [good] nơi có kết quả tốt; {Ban Thường vụ chỉ đạo các chi bộ còn lại "
    "đăng ký thực hiện|cách làm được các chi bộ đánh giá dễ làm, dễ nhân rộng}.",
]
SESSION_CAPTIONS = [
    "Chi bộ đánh giá kết quả thực hiện mô hình trong sinh hoạt thường kỳ",
    "Chi bộ phân công đảng viên phụ trách, công khai kết quả thực hiện mô hình",
    "Đảng viên báo cáo việc làm theo gắn với mô hình; chi ủy kết luận",
]
QUIZ_CAPTION = "Thi trắc nghiệm “Khắc sâu tư tưởng đảng viên” ngay tại buổi sinh hoạt chi bộ"


# ---------------------------------------------------------------------------------------------


@dataclass
class _Draft:
    practice: Practice
    cell_kind: str
    quality: str
    spec: object = None
    actor: object = None
    original: "_Draft | None" = None  # for an adoption
    fast: bool = False  # proposed for recognition at its first review
    changes: list = field(default_factory=list)
    reviews: list = field(default_factory=list)
    evidence: list = field(default_factory=list)
    proposal: str = ""  # the standing proposal to recognise, until decided
    typical_since: datetime.date | None = None
    stop_on: datetime.date | None = None
    stop_reason: str = ""


@dataclass
class DemoPractices:
    launched: list = field(default_factory=list)
    own: list = field(default_factory=list)
    adoptions: list = field(default_factory=list)
    reviews: int = 0
    evidence: int = 0
    recognitions: int = 0
    decisions: list = field(default_factory=list)
    published: list = field(default_factory=list)
    awaiting: int = 0
    figures: Counter = field(default_factory=Counter)

    @property
    def practices(self):
        return self.launched + self.own + self.adoptions


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _cell_kind(cell):
    name = cell.name
    for word, kind in [("Mầm non", "school"), ("Trường", "school"), ("Y tế", "health"), ("Công an", "police"),
                       ("Quân sự", "military"), ("Công ty", "enterprise"), ("Hợp tác xã", "enterprise"),
                       ("chợ", "market")]:
        if word in name:
            return kind
    return "residential" if cell.sector == Sector.COMMUNE else "agency"


class _Builder:
    def __init__(self, ward, seed, now):
        self.ward, self.now = ward, now
        self.today = timezone.localdate(now)
        self.rng = random.Random(f"hocbac-practices-{seed}-{ward.code}")
        self.committee, self.secretaries = ward_staff(ward)
        self.cells = list(Organization.objects.filter(path__startswith=ward.path, kind__in=MEMBER_HOLDING_KINDS,
                                                      dissolved_on__isnull=True).order_by("code"))
        self.small = len(self.cells) < 10
        self.kinds = {c.pk: _cell_kind(c) for c in self.cells}
        self.members = {}
        for member in Member.objects.in_subtree(ward).eligible().select_related("user").order_by("pk"):
            self.members.setdefault(member.org_id, []).append(member)
        self.fields = {f.name: f for f in Field.objects.all()}
        self.meetings = Meetings(self.rng, ward, self.cells)
        self.sessions = {}  # cell id → [(session id, starts_at, ends_at)], oldest first
        rows = (StudySession.objects.in_subtree(ward).filter(kind=SessionKind.REGULAR, ends_at__lt=now)
                .order_by("starts_at", "pk").values_list("org_id", "pk", "starts_at", "ends_at"))
        for org_id, pk, starts_at, ends_at in rows:
            self.sessions.setdefault(org_id, []).append((pk, starts_at, ends_at))
        province = Organization.objects.get(pk=ward.ancestor_ids()[0])
        province_place = province.name.removeprefix("Đảng bộ ").removeprefix("tỉnh ").removeprefix("thành phố ")
        self.ward_place = ward.name.removeprefix("Đảng bộ ")
        self.ward_body = f"Đảng ủy {self.ward_place}"
        self.province_body = f"Tỉnh ủy {province_place}"
        # Before the 2025 reform the ward was under the city of the same name as the province.
        self.city_body = f"Thành ủy {province_place}"
        self.references = {d.number_symbol: d for d in Document.objects.unscoped().filter(org__isnull=True)
                           .exclude(number_symbol="")}
        self.plans = list(Document.objects.in_orgs([ward.pk]).filter(kind=DocumentKind.PLAN).order_by("issued_on", "pk"))
        self.drafts = []
        self.decisions = []  # the ward's decision documents

    # --- small helpers ---------------------------------------------------------------------------

    def actor(self, org):
        return self.secretaries.get(org.pk, self.committee)

    def clamp(self, moment):
        return min(moment, self.now)

    def moment(self, day, low=8, high=17):
        return self.clamp(local_time(day, self.rng.randint(low, high), self.rng.choice([0, 10, 20, 30, 40, 50])))

    def evening(self, cell, day):
        """After a cell meeting: residential cells meet in the evening, others in the afternoon."""
        hour = 21 if cell.sector == Sector.COMMUNE else 17
        return self.clamp(local_time(day, hour, self.rng.choice([0, 15, 30, 45])))

    def meeting(self, cell, month_start):
        return self.meetings.on(cell, month_start.year, month_start.month)

    def place(self, cell):
        return cell.name.removeprefix("Chi bộ ")

    def field_named(self, name):
        return self.fields.get(name) or self.fields.get("Khác") or next(iter(self.fields.values()))

    # --- the registry ------------------------------------------------------------------------------

    def new_draft(self, *, org, name, field_name, started_on, origin, holder=Holder.COLLECTIVE, member=None, goals="",
                  description="", adopted_from=None, quality="", spec=None, created_at=None):
        rng = self.rng
        actor = self.committee if org.pk == self.ward.pk else self.actor(org)
        practice = Practice(org=org, name=name, origin=origin, holder=holder, member=member,
                            field=adopted_from.field if adopted_from else self.field_named(field_name),
                            started_on=started_on, description=description, goals=goals, status=Status.RUNNING,
                            status_since=started_on, adopted_from=adopted_from, created_by=actor)
        # As services._set_search_text.
        practice.search_text = fold(" ".join([practice.name, practice.description, practice.goals, org.name]))
        practice.created_at = created_at or self.moment(started_on)
        if not quality:
            weights = [45, 42, 13] if adopted_from else [60, 35, 5]
            quality = rng.choices(["good", "fair", "weak"], weights=weights)[0]
        draft = _Draft(practice=practice, cell_kind=self.kinds.get(org.pk, "ward"), quality=quality, spec=spec, actor=actor)
        note = f"Nhân rộng từ mô hình của {adopted_from.org.name}" if adopted_from else "Bắt đầu thực hiện"
        draft.changes.append(StatusChange(status=Status.RUNNING, changed_on=started_on, note=note, by=actor,
                                          at=practice.created_at))
        self.drafts.append(draft)
        return draft

    def launches(self):
        chosen = [launch for launch in LAUNCHES if not self.small or launch.key in SMALL_WARD_LAUNCHES]
        drafts = []
        for launch in chosen:
            first = _add_months(self.today, -launch.months_back)
            day = working_day(first + datetime.timedelta(days=self.rng.randint(2, 20)))
            if day >= self.today:
                continue
            draft = self.new_draft(org=self.ward, name=launch.name, field_name=launch.field, started_on=day,
                                   origin=Origin.LAUNCHED, goals=launch.goals, description=launch.description,
                                   quality="good" if launch.key in ("dan_van", "sau_tot") else "",
                                   spec=launch)
            draft.fast = launch.key == "dan_van"
            drafts.append(draft)
        return drafts

    def pick_member(self, cell, positions):
        people = [m for m in self.members.get(cell.pk, []) if m.status == MemberStatus.FULL and m.user_id is None
                  and any(p in m.position for p in positions) and 30 <= age_on(m, self.today) <= 80]
        return self.rng.choice(people) if people else None

    def own_models(self):
        rng = self.rng
        residential = [c for c in self.cells if self.kinds[c.pk] == "residential" and not c.name.startswith("Chi bộ Ấp")]
        residential = rng.sample(residential, len(residential))
        used_residential = 0
        drafts = []
        for spec in OWN_MODELS:
            if spec.where == "residential":
                if not residential or (self.small and used_residential >= SMALL_WARD_RESIDENTIAL):
                    continue
                cell = residential.pop()
                used_residential += 1
            else:
                cell = next((c for c in self.cells if spec.where in c.name), None)
                if cell is None:
                    continue
            member = None
            if spec.who:
                member = self.pick_member(cell, spec.who)
                if member is None:
                    continue
            first = _add_months(self.today, -spec.months_back)
            day = self.meeting(cell, first)
            if day >= self.today:
                continue
            place = self.place(cell)
            slots = {"place": place}
            name = fill_template(rng, spec.name, slots)
            draft = self.new_draft(
                org=cell, name=name, field_name=spec.field, started_on=day, origin=Origin.OWN,
                holder=Holder.INDIVIDUAL if member else Holder.COLLECTIVE, member=member,
                goals=fill_template(rng, spec.goals, slots), description=fill_template(rng, spec.description, slots),
                quality=spec.quality, spec=spec, created_at=self.evening(cell, day))
            draft.fast = spec.fast
            # A model given up stops after a yearly review that proposes it.
            draft.stop_reason = spec.stop_reason
            drafts.append(draft)
        return drafts

    def adoptions(self, launched, own):
        """Cells take up the ward's models at a meeting 1–18 months after the launch; the
        secretary's cell adopts the school's published quiz model three months ago."""
        rng = self.rng
        drafts = []
        for original in launched:
            launch = original.spec
            start = _add_months(original.practice.started_on, 0)
            for cell in self.cells:
                kind = self.kinds[cell.pk]
                share = launch.adopters.get(kind, 0)
                if not share or rng.random() >= share:
                    continue
                if launch.pilot and kind == launch.pilot:
                    months = 1
                else:
                    months = rng.choices([1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 18],
                                         weights=[14, 16, 14, 10, 8, 7, 7, 6, 6, 6, 6])[0]
                day = self.meeting(cell, _add_months(start, months))
                if day >= self.today or day < original.practice.started_on:
                    continue
                drafts.append(self.adopt(original, cell, day))
        quiz = next((d for d in own if d.spec.key == "khac_sau"), None)
        home = next((c for c in self.cells if c.pk in self.secretaries), None)
        if quiz is not None and home is not None and home.pk != quiz.practice.org_id:
            day = self.meeting(home, _add_months(self.today, -3))
            if quiz.practice.started_on <= day < self.today:
                drafts.append(self.adopt(quiz, home, day))
        return drafts

    def adopt(self, original, cell, day):
        source = original.practice
        draft = self.new_draft(org=cell, name=source.name, field_name="", started_on=day, origin=source.origin,
                               goals=source.goals, description=source.description, adopted_from=source,
                               created_at=self.evening(cell, day))
        draft.original = original
        return draft

    # --- reviews, recognitions, stops ----------------------------------------------------------

    def periods(self, first_year):
        """(year, period, end of period) for every half year from `first_year` that has ended."""
        result = []
        for year in range(first_year, self.today.year + 1):
            for period, end in ((Period.FIRST_HALF, datetime.date(year, 6, 30)), (Period.YEAR, datetime.date(year, 12, 31))):
                result.append((year, period, end))
        return result

    def owner_review_day(self, draft, year, period):
        org = draft.practice.org
        month = 7 if period == Period.FIRST_HALF else 12
        if org.pk == self.ward.pk:
            return working_day(datetime.date(year, month, 18 if month == 7 else 20))
        return self.meeting(org, datetime.date(year, month, 1))

    def above_review_day(self, year, period):
        if period == Period.FIRST_HALF:
            return working_day(datetime.date(year, 7, 28))
        return working_day(datetime.date(year + 1, 1, 8))

    def verdict(self, quality):
        weights = {"good": [80, 18, 2], "fair": [15, 75, 10], "weak": [5, 35, 60]}[quality]
        return self.rng.choices([Verdict.GOOD, Verdict.FAIR, Verdict.WEAK], weights=weights)[0]

    def review_text(self, draft, reviewer, verdict, end, adopted, good):
        rng = self.rng
        if reviewer == Reviewer.OWNER and draft.practice.org_id == self.ward.pk:
            text = fill_template(rng, rng.choice(LAUNCHED_TEXTS),
                                 {"end": f"{end:%d/%m/%Y}", "adopted": str(adopted), "good": str(good)})
        else:
            texts = OWNER_TEXTS if reviewer == Reviewer.OWNER else ABOVE_TEXTS
            if draft.cell_kind == "residential":
                slots = {"people": "nhân dân", "People": "Nhân dân", "partners": "Mặt trận và các đoàn thể khu dân cư",
                         "where": "trong khu dân cư", "unit": "chi bộ"}
            else:
                slots = {"people": "quần chúng", "People": "Quần chúng, người lao động", "partners": "công đoàn, chi đoàn",
                         "where": "trong cơ quan, đơn vị", "unit": "đơn vị"}
            text = fill_template(rng, rng.choice(texts[verdict]), slots)
        return text  # the proposal is shown beside it

    def status_on(self, draft):
        return draft.changes[-1].status

    def proposal_for(self, draft, verdict, end, period, last_period):
        """What the owner proposes this period: recognition for a good model that ran long
        enough (a proposal stands until decided), excellence once typical, replication of a
        good own model, stopping a weak one that was given its chance."""
        rng = self.rng
        practice, spec = draft.practice, draft.spec
        status = self.status_on(draft)
        months = (end.year - practice.started_on.year) * 12 + end.month - practice.started_on.month
        fast = draft.fast
        if draft.stop_reason and period == Period.YEAR and months >= 12:
            return Proposal.STOP
        if draft.proposal and status not in (Status.TYPICAL, Status.EXCELLENT):
            return draft.proposal
        if status == Status.RUNNING and verdict == Verdict.GOOD and draft.quality == "good":
            if (fast and months >= 3) or (months >= 9 and rng.random() < (0.7 if not practice.adopted_from else 0.5)):
                return Proposal.RECOGNISE_TYPICAL
            if practice.origin == Origin.OWN and not practice.adopted_from and rng.random() < 0.2:
                return Proposal.REPLICATE
        if status == Status.TYPICAL and draft.typical_since and verdict == Verdict.GOOD:
            since = (end.year - draft.typical_since.year) * 12 + end.month - draft.typical_since.month
            if getattr(spec, "excellent", False) and (since >= 10 or last_period):
                return Proposal.RECOGNISE_EXCELLENT
        return Proposal.KEEP

    def review(self, draft, *, reviewer, reviewer_org, year, period, day, verdict, proposal, end, adopted=0, good=0):
        practice = draft.practice
        by = self.committee if reviewer_org.pk == self.ward.pk else self.actor(reviewer_org)
        row = Review(practice=practice, year=year, period=period, reviewer=reviewer, reviewer_org=reviewer_org,
                     verdict=verdict, proposal=proposal, by=by,
                     assessment=self.review_text(draft, reviewer, verdict, end, adopted, good))
        if reviewer_org.pk == self.ward.pk or reviewer_org.sector != Sector.COMMUNE:
            row.at = self.moment(day, 14, 17)
        else:
            row.at = self.evening(reviewer_org, day)
        draft.reviews.append(row)
        return row

    def simulate(self):
        """Half year after half year: reviews, then in January the ward's decisions on what the
        reviews propose, and stops."""
        rng, today = self.rng, self.today
        if not self.drafts:
            return
        first_year = min(d.practice.started_on.year for d in self.drafts)
        reviewed = [p for p in self.periods(first_year) if p[2] < today]
        last = reviewed[-1] if reviewed else None
        stopped_adoption = self.pick_stopped_adoption()
        for year, period, end in reviewed:
            is_last = (year, period) == (last[0], last[1])
            # Reviews of the period.
            above_day = self.above_review_day(year, period)
            for draft in self.drafts:
                practice = draft.practice
                if practice.started_on > end - datetime.timedelta(days=45):
                    continue
                if self.status_on(draft) == Status.STOPPED:
                    continue
                if draft is stopped_adoption and draft.stop_on is not None and draft.stop_on <= end:
                    continue
                owner_day = self.owner_review_day(draft, year, period)
                if owner_day >= today:
                    continue
                launched = practice.org_id == self.ward.pk
                # The models the demo tells a story with (seed 004) go the way the story goes.
                sure = draft.fast or getattr(draft.spec, "excellent", False)
                verdict = Verdict.GOOD if sure else self.verdict(draft.quality)
                if launched:
                    family = [d for d in self.drafts if d.practice.adopted_from is practice and d.practice.started_on <= end]
                    adopted = len(family)
                    good = sum(1 for d in family if d.quality == "good")
                else:
                    adopted = good = 0
                if not launched and not sure and rng.random() < 0.08 and not draft.proposal:
                    continue  # a cell that did not write its review this time
                proposal = self.proposal_for(draft, verdict, end, period, is_last)
                self.review(draft, reviewer=Reviewer.OWNER, reviewer_org=practice.org, year=year, period=period,
                            day=owner_day, verdict=verdict, proposal=proposal, end=end, adopted=adopted, good=good)
                final = proposal
                own_original = not launched and practice.adopted_from is None
                if not launched and above_day < today and (own_original or proposal != Proposal.KEEP or rng.random() < 0.3):
                    above = proposal if sure or rng.random() < 0.88 or proposal == Proposal.STOP else Proposal.KEEP
                    above_verdict = verdict if rng.random() < 0.8 else self.verdict(draft.quality)
                    if above in (Proposal.RECOGNISE_TYPICAL, Proposal.RECOGNISE_EXCELLENT):
                        above_verdict = Verdict.GOOD
                    self.review(draft, reviewer=Reviewer.ABOVE, reviewer_org=self.ward, year=year, period=period,
                                day=above_day, verdict=above_verdict, proposal=above, end=end)
                    final = above
                draft.proposal = final if final in (Proposal.RECOGNISE_TYPICAL, Proposal.RECOGNISE_EXCELLENT) else ""
                if final == Proposal.STOP:
                    reason_day = self.meeting(practice.org, datetime.date(year + 1, 1, 1))
                    if reason_day < today:
                        self.stop(draft, reason_day, draft.stop_reason)
            if stopped_adoption is not None and stopped_adoption.stop_on and end < stopped_adoption.stop_on <= \
                    end + datetime.timedelta(days=184) and self.status_on(stopped_adoption) != Status.STOPPED:
                self.stop(stopped_adoption, stopped_adoption.stop_on, STOPPED_ADOPTION_REASON)
            # The ward's yearly review in January decides on what stands proposed.
            if period == Period.YEAR:
                occasion = working_day(datetime.date(year + 1, 1, rng.randint(16, 24)))
                if occasion < today:
                    self.decide(occasion, year)
        if stopped_adoption is not None and stopped_adoption.stop_on and self.status_on(stopped_adoption) != Status.STOPPED:
            self.stop(stopped_adoption, stopped_adoption.stop_on, STOPPED_ADOPTION_REASON)

    def pick_stopped_adoption(self):
        """One adoption of the lanes model stops, at a cell meeting, when its lane is cleared
        for a road: five months after it started at the earliest, a month ago at the latest."""
        candidates = [d for d in self.drafts if d.original is not None
                      and getattr(d.original.spec, "key", "") == LAUNCH_OF_STOPPED_ADOPTION]
        for draft in self.rng.sample(candidates, len(candidates)):
            org, started_on = draft.practice.org, draft.practice.started_on
            low, high = started_on + datetime.timedelta(days=150), self.today - datetime.timedelta(days=30)
            days = [self.meeting(org, _add_months(low, k)) for k in range(0, 24)]
            days = [d for d in days if low <= d <= high]
            if days:
                draft.stop_on = self.rng.choice(days)
                draft.quality = "fair"
                return draft
        return None

    def stop(self, draft, day, reason):
        day = max(day, draft.changes[-1].changed_on)
        at = self.evening(draft.practice.org, day) if draft.practice.org.sector == Sector.COMMUNE else self.moment(day)
        draft.changes.append(StatusChange(status=Status.STOPPED, changed_on=day, note=reason, by=draft.actor, at=at))
        draft.proposal = ""

    def decide(self, occasion, year):
        """Recognitions of `year` (one ward decision for the cells' models, the level above for
        the ward's own models and for excellence), except a few the ward holds back."""
        rng = self.rng
        before_reform = occasion < REFORM_DAY
        above_body = self.city_body if before_reform else self.province_body
        ward_number = f"{rng.randint(60, 240)}-QĐ/ĐU"
        above_number = f"{rng.randint(1200, 4800)}-QĐ/TU"
        recorded = self.clamp(local_time(occasion + datetime.timedelta(days=rng.randint(1, 4)), rng.randint(8, 16)))
        recorded_day = timezone.localdate(recorded)
        if recorded_day >= self.today:
            return
        by_ward = []
        for draft in self.drafts:
            if not draft.proposal or self.status_on(draft) == Status.STOPPED or draft.stop_on is not None:
                continue
            sure = draft.fast or getattr(draft.spec, "excellent", False)
            if not sure and rng.random() < 0.12:
                continue  # held back: the ward asks for more evidence
            status = Status.EXCELLENT if draft.proposal == Proposal.RECOGNISE_EXCELLENT else Status.TYPICAL
            practice = draft.practice
            own_original = practice.adopted_from is None and practice.org_id != self.ward.pk
            if status == Status.EXCELLENT or practice.org_id == self.ward.pk or (before_reform and own_original):
                body, number = above_body, above_number
            else:
                body, number = self.ward_body, ward_number
                by_ward.append(draft)
            note = f"Công nhận tại Hội nghị tổng kết năm {year} thực hiện Kết luận 01-KL/TW"
            draft.changes.append(StatusChange(status=status, changed_on=occasion, note=note, recognised_by=body,
                                              decision=number, decided_on=occasion, by=self.committee, at=recorded))
            if status == Status.TYPICAL:
                draft.typical_since = occasion
            draft.proposal = ""
        if by_ward:
            self.decisions.append((occasion, ward_number, year, by_ward, recorded))

    # --- evidence ------------------------------------------------------------------------------

    def evidence(self):
        rng = self.rng
        for occasion, number, year, drafts, recorded in self.decisions:
            document = self.decision_document(occasion, number, year, drafts, recorded)
            for draft in drafts:
                draft.evidence.append(Evidence(kind=EvidenceKind.DOCUMENT, document=document, by=self.committee,
                                               caption=f"Quyết định công nhận mô hình tiêu biểu năm {year}",
                                               at=recorded + datetime.timedelta(minutes=rng.randint(5, 90))))
        for draft in self.drafts:
            practice = draft.practice
            if practice.org_id == self.ward.pk:
                symbols = list(draft.spec.documents)
                for symbol in symbols:
                    if symbol in self.references:
                        draft.evidence.append(Evidence(kind=EvidenceKind.DOCUMENT, document=self.references[symbol],
                                                       by=self.committee, caption="Căn cứ phát động mô hình",
                                                       at=practice.created_at + datetime.timedelta(minutes=20)))
                plan = next((p for p in reversed(self.plans) if p.issued_on and practice.started_on <= p.issued_on
                             < self.today), None)
                if plan is not None:
                    draft.evidence.append(Evidence(
                        kind=EvidenceKind.DOCUMENT, document=plan, by=self.committee,
                        caption=f"Kế hoạch năm {plan.issued_on.year}: tiếp tục duy trì, nhân rộng mô hình ở các chi bộ",
                        at=self.clamp(local_time(plan.issued_on, 15, 30))))
                continue
            sessions = [s for s in self.sessions.get(practice.org_id, [])
                        if timezone.localdate(s[1]) >= practice.started_on]
            if not sessions:
                continue
            quiz = getattr((draft.original or draft).spec, "key", "") == "khac_sau"
            sure = (draft.fast or getattr(draft.spec, "excellent", False)) and draft.original is None
            if quiz:
                chosen = sessions[-4:]
            elif sure or rng.random() < (0.9 if draft.original is None else 0.7):
                chosen = sorted(rng.sample(sessions, min(len(sessions), rng.choice([1, 1, 2, 3]))), key=lambda s: s[1])
            else:
                chosen = []
            for session_id, starts_at, ends_at in chosen:
                day = timezone.localdate(starts_at)
                caption = QUIZ_CAPTION if quiz else rng.choice(SESSION_CAPTIONS)
                draft.evidence.append(Evidence(kind=EvidenceKind.SESSION, session_id=session_id, by=draft.actor,
                                               caption=f"{caption} tháng {day.month}/{day.year}",
                                               at=self.clamp(ends_at + datetime.timedelta(hours=rng.randint(1, 40)))))

    def decision_document(self, occasion, number, year, drafts, recorded):
        """The ward's decision recognising its cells' typical models of `year`, in the library
        (the same one when the demo is built again)."""
        existing = Document.objects.in_orgs([self.ward.pk]).filter(number_symbol=number, issued_on=occasion).first()
        if existing:
            return existing
        names = "; ".join(f"“{d.practice.name}” ({d.practice.org.name})" for d in drafts)
        document = library_services.create_document(
            by=self.committee, org=self.ward, kind=DocumentKind.OTHER, number_symbol=number, issued_on=occasion,
            issuer=self.ward_body,
            title=f"Quyết định công nhận {len(drafts)} mô hình học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí "
                  f"Minh tiêu biểu năm {year}",
            summary=f"Công nhận các mô hình tiêu biểu: {names}."[:2000],
        )
        document.created_at = recorded
        write_columns(Document, [document], ["created_at"])
        return document

    # --- results and publication ---------------------------------------------------------------

    def results(self):
        rng = self.rng
        for draft in self.drafts:
            practice = draft.practice
            if practice.adopted_from is None or (self.today - practice.started_on).days < 180:
                continue
            spec = draft.original.spec
            if isinstance(spec, Launch):
                practice.result = fill_template(rng, rng.choice(spec.results), {})
            elif spec is not None and spec.key == "khac_sau":
                practice.result = ("Chi bộ tổ chức thi tại các kỳ sinh hoạt; [n:70-90]% đảng viên tham gia, điểm bình quân "
                                   "trên 8.")
                practice.result = fill_template(rng, practice.result, {})

    def publish(self):
        """The school's quiz model and the ward's dân vận model, when recognised; else the first
        recognised original."""
        chosen = []
        for draft in self.drafts:
            if self.status_on(draft) not in (Status.TYPICAL, Status.EXCELLENT) or draft.practice.adopted_from is not None:
                continue
            if getattr(draft.spec, "public", False) or getattr(draft.spec, "key", "") == "dan_van":
                chosen.append(draft)
        if not chosen:
            chosen = [d for d in self.drafts if d.practice.adopted_from is None
                      and self.status_on(d) in (Status.TYPICAL, Status.EXCELLENT)][:1]
        for draft in chosen:
            draft.practice.is_public = True
        return [d.practice for d in chosen]

    # --- writing -------------------------------------------------------------------------------

    def save(self):
        for draft in self.drafts:
            last = draft.changes[-1]
            draft.practice.status, draft.practice.status_since = last.status, last.changed_on
        originals = [d for d in self.drafts if d.practice.adopted_from is None]
        adoptions = [d for d in self.drafts if d.practice.adopted_from is not None]
        for group in (originals, adoptions):
            practices = [d.practice for d in group]
            bulk_create_dated(Practice, practices, ["created_at"])
        changes, reviews, evidence = [], [], []
        for draft in self.drafts:
            for change in draft.changes:
                change.practice = draft.practice
                changes.append(change)
            for row in draft.reviews:
                row.practice = draft.practice
                reviews.append(row)
            for row in draft.evidence:
                row.practice = draft.practice
                evidence.append(row)
        bulk_create_dated(StatusChange, changes, ["at"])
        bulk_create_dated(Review, reviews, ["at"])
        bulk_create_dated(Evidence, evidence, ["at"])
        return changes, reviews, evidence



@transaction.atomic
def build_year(ward, *, seed=7, stdout=None, now=None):
    """Add the models of `ward` with their replication, history, reviews and evidence (see the
    module docstring). Returns DemoPractices."""
    started = time.monotonic()
    builder = _Builder(ward, seed, now or timezone.now())
    result = DemoPractices()
    if builder.committee is None or not builder.fields:
        return result
    today = builder.today
    launched = builder.launches()
    own = builder.own_models()
    adoptions = builder.adoptions(launched, own)
    builder.simulate()
    builder.results()
    published = builder.publish()
    builder.evidence()
    changes, reviews, evidence = builder.save()

    result.launched = [d.practice for d in launched]
    result.own = [d.practice for d in own]
    result.adoptions = [d.practice for d in adoptions]
    result.reviews, result.evidence = len(reviews), len(evidence)
    result.recognitions = sum(1 for c in changes if c.recognised_by)
    result.decisions = [number for _, number, _, _, _ in builder.decisions]
    result.published = published
    result.awaiting = len(selectors.awaiting_recognition(ward))
    figures = selectors.figures(ward, datetime.date(today.year, 1, 1), today).total
    result.figures = figures
    summary = (f"{format_number(figures['launched'])} mô hình do Đảng ủy phát động, {format_number(figures['own'])} mô hình "
               f"riêng của chi bộ, {format_number(figures['replications'])} lượt nhân rộng; duy trì "
               f"{format_number(figures['typical'])} mô hình tiêu biểu (trong đó {format_number(figures['excellent'])} xuất "
               f"sắc), {format_number(figures['stopped'])} ngừng; năm {today.year}: {format_number(figures['new'])} mô hình "
               f"mới, {format_number(figures['new_replications'])} lượt nhân rộng mới, {format_number(figures['recognised'])} "
               f"mô hình được công nhận; {format_number(result.reviews)} lượt đánh giá, {format_number(result.awaiting)} mô "
               f"hình chờ công nhận; {format_number(len(published))} mô hình công bố")
    log_action("demo.build", by=builder.committee, org=ward, obj=ward, summary=f"Dữ liệu mẫu mô hình: {summary}"[:300],
               after={"seed": seed, "practices": len(result.practices), "reviews": result.reviews,
                      "evidence": result.evidence, "recognitions": result.recognitions, "figures": dict(figures)})
    _say(stdout, f"{ward.name} — mô hình: {summary} ({format_number(time.monotonic() - started, 1)} giây).\n")
    return result
