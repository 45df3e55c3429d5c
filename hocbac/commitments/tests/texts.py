"""Generated Vietnamese registrations (đăng ký làm theo, cam kết nêu gương) for tests and benches.

Real registrations are written from the same stock: the title of Chỉ thị 05-CT/TW, "thực hiện
tốt nhiệm vụ được giao", the labels of the 27 manifestations. Two members of the same cell share
many phrases, yet each writes their own deeds, with their own numbers, in their own words. The
generator does the same: every sentence comes from a template with alternatives (``{a|b|c}``,
nested) and slots (``[n:3-12]`` a number, ``[name]`` a person, ``[place]`` a quarter,
``[where]`` an address, ``[document]`` a party document, …); the study plan names real documents
and works of Hồ Chí Minh; the deeds and their measures depend on the member's job (`DUTIES`);
the exemplary and anti-degradation commitments draw on the 27 manifestations; each part takes a
varying number of sentences. Each member also has habits of wording kept throughout ("hằng
tháng" or "hàng tháng", "nhân dân" or "người dân"), now and then puts an adverb before a verb,
and may name last year's shortcoming and this year's focus. `lightly_edited` makes the copy a
careless member hands in.

    rng = random.Random(7)
    text = registration_text(rng, duties="teacher")       # one text, as Registration.full_text()
    parts = registration_parts(rng, duties="retiree")     # the four fields of a Registration
    copy = lightly_edited(rng, text)
"""

import re

from hocbac.core.text import expand_choices

DUTIES = ("teacher", "police", "retiree", "ward_official", "trader", "doctor", "neighbourhood_leader")

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
          "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lâm", "Mai"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Thị Kim", "Thị Thu", "Công", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương",
         "Khánh", "Lan", "Liên", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Nghĩa", "Phúc", "Phương",
         "Quang", "Sơn", "Tâm", "Thắng", "Thảo", "Thủy", "Trang", "Trung", "Tuấn", "Vân", "Yến"]
PLACE_FIRST = ["Tân", "Phú", "An", "Bình", "Hòa", "Long", "Thạnh", "Phước", "Mỹ", "Hưng", "Đông", "Tây",
               "Vĩnh", "Thuận", "Quang", "Trung", "Thái", "Xuân", "Kim", "Hiệp"]
PLACE_SECOND = ["Hòa", "Lợi", "Minh", "Bình", "Thạnh", "Phú", "Lập", "Hưng", "Mỹ", "Long", "An", "Thịnh",
                "Thắng", "Hiếu", "Sơn", "Điền", "Phước", "Khánh", "Tiến", "Quới"]
PLACES = [f"{a} {b}" for a in PLACE_FIRST for b in PLACE_SECOND if a != b]  # 380 hamlets and quarters
STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt", "Phan Chu Trinh",
           "Nguyễn Thị Minh Khai", "Võ Thị Sáu", "Điện Biên Phủ", "Cách Mạng Tháng Tám", "Quang Trung",
           "Lê Duẩn", "Hùng Vương", "Ngô Quyền", "Bạch Đằng", "Trần Phú", "Phạm Ngũ Lão", "Nguyễn Du",
           "Lê Hồng Phong", "Tôn Đức Thắng", "Nguyễn Văn Cừ", "Pasteur", "Hoàng Diệu", "Yersin"]
SCHOOLS = ["Tiểu học Nguyễn Trãi", "Tiểu học Lê Văn Tám", "THCS Trần Phú", "THCS Chu Văn An",
           "THPT Lê Quý Đôn", "Mầm non Hoa Sen", "Tiểu học Kim Đồng", "THCS Nguyễn Du"]
SUBJECTS = ["Toán", "Ngữ văn", "Tiếng Anh", "Vật lý", "Lịch sử", "Địa lý", "Tin học", "Sinh học"]
DEPARTMENTS = ["Nội tổng hợp", "Ngoại", "Nhi", "Sản", "Cấp cứu", "Y học cổ truyền", "Truyền nhiễm"]

# Documents a member names in the study plan; the long and short ways people write them.
DOCUMENTS = [
    "Chỉ thị 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Chỉ thị số 05-CT/TW của Bộ Chính trị",
    "Kết luận 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị 05-CT/TW",
    "Kết luận số 01-KL/TW của Bộ Chính trị",
    "chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm [year]",
    "chuyên đề năm [year]",
    "Nghị quyết Trung ương 4 khóa XII về tăng cường xây dựng, chỉnh đốn Đảng",
    "Kết luận 21-KL/TW của Hội nghị Trung ương 4 khóa XIII về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
    "Quy định 144-QĐ/TW ngày 9/5/2024 về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới",
    "Quy định 37-QĐ/TW về những điều đảng viên không được làm",
    "Nghị quyết 21-NQ/TW về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên",
    "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
    "Nghị quyết Đại hội Đảng bộ {phường|xã} nhiệm kỳ 2025 - 2030",
    "Quy định 08-QĐi/TW về trách nhiệm nêu gương của cán bộ, đảng viên",
]
WORKS = ["Sửa đổi lối làm việc", "Đạo đức cách mạng", "Dân vận", "Di chúc của Chủ tịch Hồ Chí Minh",
         "Nâng cao đạo đức cách mạng, quét sạch chủ nghĩa cá nhân", "Cần, kiệm, liêm, chính", "Đường Kách mệnh",
         "Thường thức chính trị"]

# Manifestations of degradation (Nghị quyết 04-NQ/TW) as members write them in prose.
MANIFESTATIONS = [
    "phai nhạt lý tưởng, giảm sút niềm tin vào mục tiêu độc lập dân tộc và chủ nghĩa xã hội",
    "lười học tập lý luận chính trị, nghị quyết của Đảng, chính sách, pháp luật của Nhà nước",
    "né tránh tự phê bình và phê bình, nể nang, ngại va chạm",
    "nói không đi đôi với làm",
    "thiếu trách nhiệm, làm việc qua loa, đại khái",
    "chủ nghĩa cá nhân, ích kỷ, cơ hội, vụ lợi",
    "quan liêu, xa dân, vô cảm trước khó khăn của nhân dân",
    "lãng phí tiền của, thời gian, công sức",
    "che giấu khuyết điểm, chạy theo thành tích, phô trương, hình thức",
    "lạm dụng chức vụ, quyền hạn để trục lợi",
    "lối sống buông thả, vi phạm đạo đức gia đình, tham gia tệ nạn xã hội",
    "cục bộ, bè phái, gây mất đoàn kết nội bộ",
    "kích động tâm lý bất mãn, gây chia rẽ nội bộ",
    "nói, viết, làm trái quan điểm, đường lối của Đảng",
    "phát ngôn tùy tiện, làm lộ thông tin nội bộ",
    "kê khai tài sản, thu nhập không trung thực",
    "độc đoán, gia trưởng, bảo thủ",
    "kén chọn việc, tránh việc khó, đùn đẩy trách nhiệm",
]

STUDY = [
    "{Tích cực|Nghiêm túc|Chủ động|Thường xuyên} {học tập, nghiên cứu|nghiên cứu, học tập|học tập, quán triệt|tự học, tự nghiên cứu} [document]{, [document]|}{ và [document]||}{; nắm vững|, hiểu rõ|; quán triệt sâu sắc} {nội dung cốt lõi|những nội dung cơ bản|tinh thần} {để vận dụng vào công việc|của các văn bản trên|để liên hệ với bản thân}.",
    "{Đọc|Đọc và ghi chép|Nghiên cứu} {ít nhất|tối thiểu|mỗi quý} [n:1-4] {tác phẩm|bài viết} của Bác{ trong năm|}, {trước hết là|trong đó có|nhất là} tác phẩm “[work]”{ và “[work]”|}.",
    "Tham gia {đầy đủ|đầy đủ, nghiêm túc} {các buổi sinh hoạt chi bộ|sinh hoạt chi bộ định kỳ {hằng tháng|hàng tháng}|sinh hoạt chuyên đề của chi bộ}{ và|,} {các hội nghị học tập, quán triệt nghị quyết|các lớp bồi dưỡng chính trị|hội nghị nghiên cứu chuyên đề} do cấp ủy tổ chức.",
    "{Ghi sổ tay học tập và làm theo Bác|Viết bài thu hoạch sau mỗi đợt học tập|Ghi chép những lời dạy của Bác vào sổ tay}{ và liên hệ với việc làm của bản thân| để tự kiểm điểm hằng tháng|, đọc lại trước mỗi kỳ sinh hoạt chi bộ}.",
    "Tìm hiểu {văn bản, tài liệu|các văn bản mới} trên ứng dụng Sổ tay đảng viên điện tử{ ít nhất [n:2-4] lần mỗi tuần| hằng tuần|}.",
    "Tham gia cuộc thi {trực tuyến |}tìm hiểu {về Đảng, về Bác|về Chỉ thị 05-CT/TW|lịch sử Đảng bộ địa phương} do {Ban Tuyên giáo và Dân vận Tỉnh ủy|Đảng ủy {phường|xã}|Mặt trận Tổ quốc {phường|xã}} tổ chức.",
]

STUDY_BY_DUTY = {
    "teacher": "Học tập {“Thư gửi các học sinh” (1945)|“Năm điều Bác Hồ dạy thiếu niên, nhi đồng”|tư tưởng Hồ Chí Minh về giáo dục} để {giáo dục đạo đức|rèn luyện} cho học sinh {qua từng tiết dạy|trong giờ sinh hoạt lớp}.",
    "police": "Học tập và thực hiện {nghiêm|đúng} “Sáu điều Bác Hồ dạy Công an nhân dân”{, gắn với|; thực hiện} {điều lệnh, lễ tiết tác phong|phong trào “Công an nhân dân học tập, thực hiện Sáu điều Bác Hồ dạy”}.",
    "retiree": "{Theo dõi thời sự|Tìm hiểu tình hình thời sự} qua {báo Nhân Dân|sách báo, truyền hình}{ và ứng dụng Sổ tay đảng viên điện tử|, Đài Phát thanh}{ để nắm chủ trương mới| để trao đổi với bà con}.",
    "ward_official": "Học tập tác phẩm “Dân vận” của Bác{: “Dễ trăm lần không dân cũng chịu, khó vạn lần dân liệu cũng xong”|} để {gần dân, sát dân|phục vụ nhân dân tốt hơn}.",
    "trader": "Tìm hiểu {“Thư gửi giới công thương Việt Nam” (1945)|tư tưởng Hồ Chí Minh về phát triển kinh tế} và {các quy định mới về thuế, hóa đơn điện tử|pháp luật về an toàn thực phẩm|Luật Bảo vệ quyền lợi người tiêu dùng}.",
    "doctor": "Học tập {thư Bác gửi Hội nghị cán bộ y tế năm 1955|lời dạy của Bác về y đức} và {Quy định về y đức|Quy tắc ứng xử của công chức, viên chức ngành y tế}.",
    "neighbourhood_leader": "Học tập tác phẩm “Dân vận”{ của Bác|} và {Quy chế dân chủ ở cơ sở|Luật Thực hiện dân chủ ở cơ sở} để {vận động bà con|làm tốt công tác dân vận ở khu dân cư}.",
}

# (deed, measure) by job. The measure is what the cell checks at the end of the year.
DEEDS = {
    "teacher": [
        ("Tổ chức cho học sinh {tham quan|tìm hiểu} {di tích lịch sử địa phương|Khu di tích Kim Liên|Bảo tàng Hồ Chí Minh} gắn với {giáo dục truyền thống|giờ học Lịch sử}",
         "[n:1-3] chuyến{ với [n:30-120] học sinh|}"),
        ("{Vận động học sinh|Hướng dẫn học sinh} {giữ gìn vệ sinh trường lớp|tiết kiệm điện, nước|nói lời hay, làm việc tốt}{ theo lời Bác dạy|}",
         "Lớp [grade] {được tuyên dương|đứng trong tốp [n:3-5]} thi đua {hằng tháng|mỗi học kỳ}"),
        ("{Đảm nhận|Nhận} {công tác chủ nhiệm|công tác tổng phụ trách Đội|công tác thư viện} và {hoàn thành tốt|thực hiện có hiệu quả}",
         "{Được Ban giám hiệu đánh giá|Xếp loại} {tốt|hoàn thành xuất sắc} cuối năm học"),
        ("Viết {sáng kiến kinh nghiệm|đề tài nghiên cứu khoa học sư phạm ứng dụng} về {dạy học tích cực|giáo dục kỹ năng sống|chuyển đổi số trong dạy học}",
         "[n:1-2] sáng kiến được công nhận cấp {trường|phường|tỉnh}"),
        ("{Đổi mới phương pháp dạy học|Tích cực đổi mới phương pháp giảng dạy}{, ứng dụng công nghệ thông tin trong soạn giảng| theo Chương trình giáo dục phổ thông 2018}",
         "{Ít nhất|Tối thiểu} [n:8-20] tiết dạy có ứng dụng công nghệ thông tin mỗi học kỳ{; [n:1-2] sáng kiến kinh nghiệm cấp trường|}"),
        ("Phụ đạo học sinh {yếu, kém|chưa hoàn thành}{ của lớp [grade]| ngoài giờ} {không thu tiền|miễn phí}",
         "[n:3-10] học sinh được phụ đạo; tỷ lệ lên lớp đạt [n:95-100]%"),
        ("Bồi dưỡng học sinh giỏi {cấp trường|cấp phường|cấp tỉnh} môn [subject]",
         "Có [n:1-6] học sinh đạt giải{, trong đó [n:1-2] giải nhất|}"),
        ("{Quan tâm|Thường xuyên quan tâm}, giúp đỡ học sinh có hoàn cảnh khó khăn{, trong đó có em [name]|}",
         "Vận động [n:2-8] suất học bổng và [n:10-40] bộ sách giáo khoa cho học sinh nghèo"),
        ("Phối hợp chặt chẽ với cha mẹ học sinh{ qua nhóm Zalo của lớp| và Ban đại diện cha mẹ học sinh} để giáo dục đạo đức, kỹ năng sống",
         "Liên hệ {hằng tuần|mỗi tháng ít nhất [n:2-4] lần}; không có học sinh vi phạm nội quy nghiêm trọng"),
        ("Không {dạy thêm, học thêm trái quy định|ép buộc học sinh học thêm dưới mọi hình thức}",
         "Không có phản ánh của cha mẹ học sinh{ trong năm học|}"),
        ("Thực hiện nghiêm quy chế chuyên môn tại Trường [school], {soạn giảng|chấm, chữa bài} đúng quy định",
         "Hồ sơ chuyên môn xếp loại tốt; [n:2-6] tiết dự giờ đạt loại giỏi"),
        ("Kèm cặp, hỗ trợ giáo viên mới {về nghề|trong tổ chuyên môn}{, đồng chí [name]|}",
         "Dự giờ, góp ý [n:4-12] tiết{ cho [n:1-3] giáo viên|}"),
        ("Xây dựng lớp [grade] {thân thiện, an toàn|xanh, sạch, đẹp}{, duy trì tủ sách lớp học| và văn hóa đọc}",
         "Lớp đạt tập thể tiên tiến; tủ sách có trên [n:50-150] đầu sách"),
        ("Tự học nâng cao trình độ {tin học|ngoại ngữ|chuyên môn, nghiệp vụ}",
         "Hoàn thành {khóa bồi dưỡng thường xuyên|chứng chỉ} đạt loại {khá|giỏi} trước tháng [n:6-12]"),
    ],
    "police": [
        ("Xây dựng {mô hình “Camera an ninh”|mô hình “Khu phố an toàn về an ninh trật tự”|tổ tự quản về an ninh trật tự} {ở khu phố [place]|tại tổ dân phố [n:1-30]}",
         "Lắp đặt [n:5-40] camera{ kết nối với công an phường|}"),
        ("Hướng dẫn người dân kích hoạt tài khoản định danh điện tử {mức độ 2|trên ứng dụng VNeID}",
         "Kích hoạt cho [n:100-600] người{, đạt [n:85-98]% chỉ tiêu|}"),
        ("Tham gia {bảo đảm trật tự an toàn giao thông|giải tỏa lấn chiếm vỉa hè} {trước cổng trường học|tại khu vực chợ [place]|trên tuyến đường được phân công}",
         "[n:2-8] ca mỗi tuần; không để xảy ra ùn tắc kéo dài"),
        ("Tuần tra, kiểm soát, giữ gìn an ninh trật tự trên địa bàn [where]",
         "[n:6-20] buổi tuần tra mỗi tháng; không để xảy ra điểm nóng về an ninh trật tự"),
        ("Tiếp nhận, giải quyết hồ sơ {cư trú|căn cước|đăng ký tạm trú} của người dân {ở [where]|trên địa bàn}{ đúng hạn| nhanh chóng, đúng quy định}{, không gây phiền hà cho người dân|}",
         "[n:95-100]% hồ sơ giải quyết đúng hạn; không có đơn thư phản ánh"),
        ("Tuyên truyền phòng, chống lừa đảo qua mạng{ và tội phạm công nghệ cao| cho người cao tuổi}",
         "Tổ chức [n:2-10] buổi tuyên truyền tại khu dân cư với [n:100-500] lượt người dự"),
        ("Nắm chắc tình hình {nhân khẩu|người lưu trú|cơ sở kinh doanh có điều kiện} trên địa bàn được phân công",
         "Rà soát [n:50-200] hộ; cập nhật dữ liệu dân cư đầy đủ, chính xác"),
        ("Phối hợp với {tổ bảo vệ an ninh, trật tự ở cơ sở|Ban công tác Mặt trận khu phố} xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc",
         "Xây dựng [n:1-3] mô hình tự quản về an ninh trật tự"),
        ("Kiểm tra phòng cháy, chữa cháy tại {các hộ kinh doanh|nhà trọ|chung cư mini} trên địa bàn",
         "Kiểm tra [n:20-80] cơ sở; hướng dẫn [n:10-40] hộ lắp thiết bị báo cháy"),
        ("Thực hiện đúng lời Bác dạy{, tận tụy phục vụ nhân dân|: “Đối với dân, phải kính trọng, lễ phép”}",
         "Không bị kỷ luật, không có phản ánh về thái độ, tác phong"),
        ("Hòa giải, giải quyết kịp thời các vụ việc {mâu thuẫn|tranh chấp} phức tạp ngay từ cơ sở",
         "Tham gia hòa giải thành [n:3-12] vụ việc"),
        ("Vận động nhân dân giao nộp vũ khí, vật liệu nổ{, công cụ hỗ trợ|}",
         "Thu hồi [n:1-10] hiện vật"),
        ("Giúp đỡ, cảm hóa người {chấp hành xong án phạt tù|cai nghiện ma túy} tái hòa nhập cộng đồng{, trong đó có anh [name]|}",
         "Theo dõi, giúp đỡ [n:1-4] trường hợp{ có việc làm ổn định|}"),
    ],
    "retiree": [
        ("Giúp đỡ {gia đình bà [name]|hộ cận nghèo trong tổ|một cháu học sinh nghèo} {vượt qua khó khăn|có thêm sinh kế|đến trường đầy đủ}",
         "{Hỗ trợ|Giúp} [n:1-5] triệu đồng{ và ngày công|}"),
        ("Tham gia {Ban Thanh tra nhân dân|Ban giám sát đầu tư của cộng đồng|tổ hòa giải} {của phường|của khu phố [place]}",
         "Tham gia [n:2-6] cuộc giám sát{; phản ánh kịp thời với chi bộ|}"),
        ("Truyền đạt kinh nghiệm {làm vườn|chăn nuôi|làm kinh tế gia đình} cho bà con{ trong ấp [place]| trong khu phố}",
         "Hướng dẫn [n:2-10] hộ{ áp dụng|}"),
        ("Tham gia đầy đủ sinh hoạt chi bộ{ khu dân cư| nơi cư trú}, {đóng đảng phí đúng hạn|đóng đảng phí đầy đủ, đúng quy định}",
         "Dự [n:10-12]/12 buổi sinh hoạt trong năm"),
        ("Gương mẫu vận động con cháu {chấp hành tốt pháp luật|không vi phạm pháp luật, không tham gia tệ nạn xã hội}{, giữ gìn gia phong|}",
         "Gia đình đạt danh hiệu gia đình văn hóa năm [year]"),
        ("Tham gia {Hội Người cao tuổi|Hội Cựu chiến binh|câu lạc bộ dưỡng sinh|câu lạc bộ thơ} {của khu phố [place]|tổ dân phố [n:1-20]}",
         "Tham gia [n:8-24] buổi sinh hoạt"),
        ("{Trồng và chăm sóc|Chăm sóc} cây xanh, giữ gìn vệ sinh {trước nhà|đường làng, ngõ xóm|tuyến hẻm} ở [where]{, phân loại rác tại nguồn|}",
         "Trồng mới [n:2-10] cây xanh{; gia đình phân loại rác hằng ngày|}"),
        ("Tham gia góp ý xây dựng Đảng, chính quyền{ qua các buổi sinh hoạt chi bộ| qua Sổ tay đảng viên điện tử}",
         "Ít nhất [n:2-6] ý kiến đóng góp trong năm"),
        ("Tham gia hòa giải {ở cơ sở|mâu thuẫn trong khu dân cư}{ cùng tổ hòa giải|}",
         "Góp phần hòa giải thành [n:1-5] vụ việc"),
        ("Ủng hộ Quỹ {Vì người nghèo|Đền ơn đáp nghĩa|Khuyến học} {của phường|của xã|của khu phố}",
         "Ủng hộ [n:2-10]00.000 đồng"),
        ("Thăm hỏi, động viên {các gia đình chính sách|người ốm đau|hộ nghèo} {trong khu phố|trong tổ dân phố}{, như gia đình ông [name]|}",
         "Thăm hỏi [n:3-12] lượt"),
        ("Kể chuyện về Bác, về truyền thống cách mạng cho {thiếu nhi|đoàn viên, thanh niên} {trong khu phố|trong dịp hè}",
         "[n:1-4] buổi nói chuyện"),
        ("Rèn luyện sức khỏe, {tập dưỡng sinh|đi bộ} hằng ngày để tiếp tục tham gia công tác ở khu dân cư",
         "Duy trì tập luyện [n:4-7] buổi mỗi tuần"),
    ],
    "ward_official": [
        ("Số hóa {hồ sơ, giấy tờ|kết quả giải quyết thủ tục hành chính} {còn hiệu lực|lưu trữ tại phường}",
         "Số hóa [n:500-3000] hồ sơ{ trong năm|}"),
        ("Vận động {người dân|hộ kinh doanh} {chỉnh trang đô thị|không lấn chiếm lòng lề đường|thực hiện nếp sống văn minh đô thị} {trên địa bàn khu phố [place]|ở các tuyến đường chính}",
         "{Giải tỏa|Vận động} [n:10-60] trường hợp{ tự tháo dỡ|}"),
        ("Trực tiếp đối thoại với {người dân|hộ dân có khiếu nại} {khi có vướng mắc|về bồi thường, hỗ trợ tái định cư}",
         "[n:2-10] buổi đối thoại; không có khiếu nại vượt cấp"),
        ("Giải quyết thủ tục hành chính {tại Trung tâm phục vụ hành chính công|tại bộ phận một cửa} {đúng hạn, đúng quy định|nhanh chóng, chính xác}",
         "[n:95-100]% hồ sơ đúng và trước hạn{; không có hồ sơ trễ hạn|}"),
        ("Hướng dẫn người dân sử dụng dịch vụ công trực tuyến{ toàn trình| và thanh toán không dùng tiền mặt}",
         "Tỷ lệ hồ sơ nộp trực tuyến đạt trên [n:60-90]%"),
        ("Tiếp công dân, {lắng nghe|tiếp nhận} và giải quyết kịp thời {kiến nghị|phản ánh} của nhân dân",
         "Trả lời [n:95-100]% kiến nghị trong thời hạn quy định"),
        ("Tham mưu {Ủy ban nhân dân phường|Đảng ủy phường} {triển khai|thực hiện} {công tác chuyển đổi số|chương trình cải cách hành chính|công tác quản lý đô thị|công tác an sinh xã hội}",
         "Hoàn thành [n:3-8] văn bản tham mưu đúng thời hạn"),
        ("Giữ mối liên hệ với chi ủy và nhân dân nơi cư trú theo Quy định 213-QĐ/TW",
         "Được chi ủy nơi cư trú nhận xét tốt"),
        ("Xuống cơ sở nắm tình hình, {hướng dẫn|hỗ trợ} {các khu phố|tổ dân phố} {giải quyết vướng mắc|thực hiện nhiệm vụ}",
         "[n:2-4] lần mỗi tháng{, trong đó có khu phố [place]|}"),
        ("Thực hành tiết kiệm{, chống lãng phí| văn phòng phẩm, điện, nước} tại cơ quan",
         "Giảm [n:5-15]% chi phí văn phòng phẩm so với năm trước"),
        ("Học tập, nâng cao trình độ {chuyên môn, nghiệp vụ|quản lý nhà nước|kỹ năng số}",
         "Hoàn thành lớp bồi dưỡng {quản lý nhà nước ngạch chuyên viên|kỹ năng chuyển đổi số} trong quý [n:2-4]"),
        ("Rà soát, {cập nhật|chuẩn hóa} dữ liệu {hộ nghèo, hộ cận nghèo|đất đai|người có công|dân cư}",
         "Cập nhật [n:100-400] hồ sơ{ trên phần mềm|}"),
        ("Giao tiếp với nhân dân {văn minh, lịch sự|niềm nở, tận tình}; {không gây khó khăn, phiền hà|không nhũng nhiễu}",
         "Không có phản ánh về thái độ phục vụ{; được người dân đánh giá hài lòng trên [n:90-99]%|}"),
    ],
    "trader": [
        ("Bán hàng {trên sàn thương mại điện tử|qua mạng} đúng quy định{, kê khai doanh thu trung thực|}",
         "Doanh thu online tăng [n:10-40]% so với năm trước"),
        ("{Tham gia|Hưởng ứng} cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”",
         "Hàng Việt chiếm trên [n:60-90]% mặt hàng {của cửa hàng|tại quầy}"),
        ("Hướng dẫn {bà con tiểu thương|các hộ kinh doanh} {sử dụng hóa đơn điện tử|mở tài khoản thanh toán|đăng ký kinh doanh}",
         "Hướng dẫn [n:5-30] hộ{ thực hiện được|}"),
        ("Kinh doanh đúng pháp luật, {kê khai, nộp thuế đầy đủ|thực hiện đầy đủ nghĩa vụ thuế}",
         "Nộp thuế đúng hạn [n:4]/4 quý"),
        ("Không {kinh doanh|buôn bán} hàng giả, hàng kém chất lượng, hàng không rõ nguồn gốc",
         "Có hóa đơn, chứng từ cho [n:95-100]% hàng hóa"),
        ("Niêm yết giá {công khai|rõ ràng} và bán đúng giá niêm yết{ tại quầy hàng ở chợ [place]|}",
         "Không có phản ánh của khách hàng"),
        ("Vận động các hộ kinh doanh {trong chợ [place]|trong dãy ki-ốt|cùng khu vực} {giữ gìn vệ sinh an toàn thực phẩm|thực hiện văn minh thương mại}",
         "[n:5-20] hộ ký cam kết thực hiện"),
        ("Áp dụng thanh toán không dùng tiền mặt{ và hóa đơn điện tử|}",
         "Trên [n:50-90]% giao dịch thanh toán qua ngân hàng"),
        ("Tạo việc làm cho {lao động địa phương|người khuyết tật|lao động nữ}",
         "[n:2-10] lao động có việc làm ổn định, thu nhập [n:5-9] triệu đồng/tháng"),
        ("Ủng hộ {hộ nghèo|Quỹ Vì người nghèo|học sinh nghèo vượt khó} {trong khu phố|của phường}{, như gia đình bà [name]|}",
         "Ủng hộ [n:1-10] triệu đồng"),
        ("Bảo đảm phòng cháy, chữa cháy tại {quầy hàng|cửa hàng|kho hàng}",
         "Trang bị [n:1-4] bình chữa cháy; không để xảy ra cháy nổ"),
        ("Tham gia {Hội Doanh nhân trẻ|Hiệp hội doanh nghiệp|Ban quản lý chợ}, đóng góp ý kiến {xây dựng|về} môi trường kinh doanh",
         "[n:2-6] ý kiến được tiếp thu"),
        ("Đóng góp xây dựng {đường giao thông nông thôn|nhà văn hóa khu phố|công trình phúc lợi} ở địa phương",
         "Đóng góp [n:2-20] triệu đồng{ và ngày công|}"),
    ],
    "doctor": [
        ("{Trực|Tham gia trực} cấp cứu {đúng quy định|24/24 giờ}, {xử trí kịp thời|không từ chối} người bệnh{ nặng|}",
         "[n:4-10] ca trực mỗi tháng; không để xảy ra sự cố y khoa"),
        ("Quản lý, theo dõi người bệnh {tăng huyết áp|đái tháo đường|mắc bệnh mạn tính} tại {trạm y tế|cộng đồng}",
         "Quản lý [n:50-300] người bệnh{, khám định kỳ hằng tháng|}"),
        ("Tham gia {tiêm chủng mở rộng|khám sức khỏe nghĩa vụ quân sự|khám sức khỏe cho học sinh} {trên địa bàn|tại các trường học}",
         "[n:2-8] đợt; [n:200-1200] lượt người"),
        ("Thực hiện lời dạy của Bác “lương y phải như từ mẫu”{, tận tình chăm sóc người bệnh|}",
         "Tỷ lệ người bệnh hài lòng trên [n:90-99]%"),
        ("Khám, chữa bệnh {đúng quy trình chuyên môn|an toàn, hiệu quả}{ tại khoa [department]| tại trạm y tế phường}",
         "Khám cho [n:2000-6000] lượt người bệnh; không có sai sót chuyên môn"),
        ("Giao tiếp, ứng xử {văn minh|đúng mực} với người bệnh và người nhà người bệnh{; đổi mới phong cách, thái độ phục vụ|}",
         "Không có phản ánh về thái độ phục vụ"),
        ("Không {gợi ý|nhận} tiền, quà biếu của người bệnh{ và người nhà| dưới mọi hình thức}",
         "Công khai cam kết tại khoa{ [department]|}"),
        ("Tham gia khám sàng lọc, tư vấn sức khỏe miễn phí cho {người cao tuổi|gia đình chính sách|người dân vùng khó khăn}",
         "[n:2-6] đợt khám với [n:100-500] lượt người"),
        ("Tuyên truyền phòng, chống {sốt xuất huyết|bệnh truyền nhiễm|bệnh không lây nhiễm|bệnh tay chân miệng}{ tại cộng đồng|}",
         "[n:3-12] buổi tuyên truyền"),
        ("Nghiên cứu, áp dụng kỹ thuật mới{ trong chẩn đoán và điều trị|}",
         "[n:1-3] đề tài, sáng kiến cấp cơ sở"),
        ("Hướng dẫn, kèm cặp {bác sĩ trẻ|điều dưỡng mới|sinh viên thực tập}{, trong đó có [name]|}",
         "Kèm cặp [n:2-6] người"),
        ("Thực hành tiết kiệm, {sử dụng hợp lý thuốc, vật tư y tế|chống lãng phí trong sử dụng thuốc}",
         "Giảm [n:3-10]% chi phí vật tư tiêu hao"),
        ("Triển khai bệnh án điện tử{, đặt lịch khám trực tuyến| và thanh toán viện phí không dùng tiền mặt}",
         "[n:70-100]% hồ sơ bệnh án điện tử"),
    ],
    "neighbourhood_leader": [
        ("Xây dựng {tuyến hẻm xanh, sạch, đẹp|khu dân cư không rác|mô hình “Tổ dân phố tự quản”} ở [where]",
         "[n:1-3] {tuyến hẻm|mô hình} được công nhận"),
        ("Vận động thanh niên {lên đường nhập ngũ|tham gia dân quân|tham gia đoàn viên} {đúng quy định|đủ chỉ tiêu}",
         "{Giao|Đạt} [n:1-5] thanh niên{, đạt [n:100]% chỉ tiêu|}"),
        ("Tiếp nhận, {phản ánh|chuyển} kịp thời ý kiến của bà con {tới Đảng ủy, Ủy ban nhân dân phường|qua ứng dụng phản ánh hiện trường}",
         "[n:5-30] ý kiến được chuyển và trả lời"),
        ("Nắm chắc tình hình {hộ dân|nhân khẩu|đời sống nhân dân} trong [where]",
         "Nắm [n:100-250] hộ với [n:400-900] nhân khẩu"),
        ("Vận động nhân dân thực hiện {cuộc vận động “Toàn dân đoàn kết xây dựng đời sống văn hóa”|phong trào “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”}",
         "[n:90-98]% hộ đạt gia đình văn hóa"),
        ("Hòa giải mâu thuẫn, {tranh chấp|bất đồng} giữa các hộ {ngay tại cơ sở|kịp thời}{, như vụ việc giữa gia đình ông [name] và hàng xóm|}",
         "Hòa giải thành [n:2-8] vụ việc, không để phát sinh đơn thư vượt cấp"),
        ("Vận động đóng góp {Quỹ Vì người nghèo|quỹ khuyến học|xây dựng nhà tình nghĩa}",
         "Vận động được [n:5-50] triệu đồng"),
        ("Tổ chức {tổng vệ sinh|ngày Chủ nhật xanh} {hằng tháng|định kỳ}{, phân loại rác tại nguồn|}",
         "[n:10-12] đợt trong năm, [n:70-95]% hộ tham gia"),
        ("Tổ chức họp tổ dân phố {định kỳ|hằng quý}, {lấy ý kiến|tiếp nhận ý kiến} của nhân dân{ để phản ánh với chính quyền|}",
         "[n:4-12] cuộc họp"),
        ("Phối hợp với công an phường{ và tổ bảo vệ an ninh, trật tự| quản lý người lưu trú}",
         "Không có tụ điểm tệ nạn xã hội trong tổ"),
        ("Vận động hộ dân {hiến đất mở rộng hẻm|lắp camera an ninh|lắp đèn chiếu sáng tuyến hẻm}",
         "[n:3-20] hộ tham gia; [n:1-3] tuyến hẻm {được chiếu sáng|được mở rộng|có camera}"),
        ("Thăm hỏi gia đình chính sách, hộ nghèo, người già neo đơn {dịp lễ, Tết|khi ốm đau}{, như bà [name]|}",
         "[n:10-30] lượt thăm hỏi"),
        ("Hướng dẫn người dân cài đặt {ứng dụng VNeID|ứng dụng dịch vụ công}{, kích hoạt tài khoản định danh điện tử|}",
         "[n:30-150] người được hướng dẫn"),
    ],
}

# Deeds any member may add, mostly stock phrases.
DEEDS_ANY = [
    ("Tham gia hiến máu tình nguyện", "[n:1-2] lần trong năm"),
    ("Ủng hộ đồng bào {bị thiên tai|vùng lũ}{ theo phát động của Mặt trận|}", "[n:2-5]00.000 đồng"),
    ("{Phấn đấu hoàn thành tốt nhiệm vụ được giao|Thực hiện tốt nhiệm vụ được giao}", "Xếp loại {đảng viên hoàn thành tốt nhiệm vụ trở lên|hoàn thành tốt nhiệm vụ}"),
    ("Tham gia sinh hoạt chi bộ đầy đủ, đóng đảng phí đúng quy định", "Dự [n:100]% buổi sinh hoạt"),
]

EXEMPLARY = [
    "Gương mẫu chấp hành {chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước|chủ trương của Đảng, chính sách, pháp luật của Nhà nước} và {quy định của địa phương|quy định nơi cư trú|nội quy, quy chế của cơ quan}.",
    "Nêu cao {tinh thần|ý thức} tự phê bình và phê bình, {thẳng thắn góp ý|góp ý chân thành với} {đồng chí, đồng nghiệp|bà con} {trên tinh thần xây dựng|để cùng tiến bộ}.",
    "Thực hiện “nói đi đôi với làm”{, “trên trước, dưới sau”, “trong trước, ngoài sau”|; việc gì có lợi cho dân thì làm}.",
    "Trong gia đình, {giáo dục|nhắc nhở} {vợ, con|chồng, con|con cháu} {sống giản dị, tiết kiệm|chấp hành pháp luật|không tham gia tệ nạn xã hội}{, xây dựng gia đình văn hóa|}.",
    "Ở nơi cư trú{ ([where])|}, {tham gia đầy đủ|tích cực tham gia} các hoạt động {của khu dân cư|của tổ dân phố [n:1-30]}, {giữ mối quan hệ tốt với hàng xóm|đoàn kết với hàng xóm}{, vận động gia đình phân loại rác tại nguồn|}.",
    "Giữ gìn {phẩm chất đạo đức cách mạng|đạo đức, lối sống} {trong sạch, lành mạnh|giản dị, khiêm tốn}; {cần, kiệm, liêm, chính, chí công vô tư|sống trung thực, giản dị}.",
    "Đi đầu trong {thực hiện chuyển đổi số|phong trào thi đua của cơ quan|các phong trào thi đua yêu nước} {của đơn vị|ở địa phương}{, vận động người thân cùng tham gia|}.",
    "Đoàn kết, {giúp đỡ đồng chí, đồng nghiệp|chia sẻ kinh nghiệm với đồng nghiệp}{ khi gặp khó khăn| trong công việc}; {không nói xấu, không gây mất đoàn kết|giữ gìn sự đoàn kết trong chi bộ}.",
]

EXEMPLARY_BY_DUTY = {
    "teacher": "{Là tấm gương sáng|Làm tấm gương mẫu mực} về đạo đức, tự học và sáng tạo cho học sinh noi theo{; “mỗi thầy cô giáo là một tấm gương đạo đức, tự học và sáng tạo”|}.",
    "police": "Gương mẫu về {điều lệnh, tác phong|lễ tiết, tác phong}{, “vì nước quên thân, vì dân phục vụ”|}; {kính trọng, lễ phép với nhân dân|gần gũi, giúp đỡ nhân dân}.",
    "retiree": "Dù đã nghỉ hưu, {tiếp tục|vẫn} giữ vững phẩm chất người đảng viên{, “tuổi cao, gương sáng”|}; làm gương cho con cháu{ và bà con khu phố|}.",
    "ward_official": "Gần dân, sát dân, {hiểu dân|trọng dân}, {có trách nhiệm với dân|học dân}; {giải quyết việc của dân như việc của gia đình mình|coi sự hài lòng của người dân là thước đo}.",
    "trader": "Kinh doanh trung thực, giữ chữ tín với khách hàng{ và bạn hàng|}; {vận động các hộ kinh doanh cùng làm theo|là chỗ dựa cho bà con tiểu thương}.",
    "doctor": "Nêu gương về y đức{, tận tụy với người bệnh|}; {coi người bệnh như người thân|đặt sức khỏe người bệnh lên trên hết}.",
    "neighbourhood_leader": "Gương mẫu đi đầu để bà con làm theo{, “đảng viên đi trước, làng nước theo sau”|}; {công tâm, khách quan|gần gũi, sâu sát} với bà con.",
}

ANTI = [
    "{Tôi|Bản thân tôi} cam kết {không vi phạm|không để mắc phải|kiên quyết phòng, chống} {27 biểu hiện|các biểu hiện} suy thoái về tư tưởng chính trị, đạo đức, lối sống, “tự diễn biến”, “tự chuyển hóa” {theo tinh thần|được nêu trong} Nghị quyết Trung ương 4 khóa XII{; trong đó|, nhất là|, đặc biệt là} không {để mắc phải|có} biểu hiện [manifestation], [manifestation]{ và [manifestation]|}.",
    "{Không|Kiên quyết không} {vi phạm|làm} những điều đảng viên không được làm theo Quy định 37-QĐ/TW{ của Ban Chấp hành Trung ương|}.",
    "{Tích cực|Kiên quyết} đấu tranh{, phản bác| với} các quan điểm sai trái, thù địch{ và thông tin xấu độc| trên không gian mạng}; không {chia sẻ|đăng tải, chia sẻ, bình luận} thông tin {chưa được kiểm chứng|sai sự thật} trên mạng xã hội.",
    "Thường xuyên tự soi, tự sửa{, tự kiểm điểm| theo những biểu hiện đã nêu}; {nếu có khuyết điểm sẽ kịp thời khắc phục|kịp thời khắc phục khi chi bộ góp ý}.",
]

ANTI_BY_DUTY = {
    "teacher": "Không {lạm thu|thu các khoản trái quy định}, không {xúc phạm|xâm phạm thân thể} học sinh{ dưới mọi hình thức|}.",
    "police": "Không {lợi dụng|lạm dụng} chức vụ, quyền hạn để {sách nhiễu|gây phiền hà} nhân dân{, không bao che cho sai phạm|}.",
    "retiree": "Không nghe, không tin, không {lan truyền|phát tán} {luận điệu|thông tin} xuyên tạc{ lịch sử|, kích động}; {nhắc nhở con cháu cùng thực hiện|không tham gia khiếu kiện đông người}.",
    "ward_official": "Không nhũng nhiễu, {tiêu cực|gây phiền hà} khi giải quyết công việc của người dân, doanh nghiệp{; không nhận quà biếu|}.",
    "trader": "Không {trốn thuế|gian lận thương mại}, không {cân điêu|nói thách} hay {lợi dụng|lấy} danh nghĩa đảng viên để trục lợi.",
    "doctor": "Không {lạm dụng|chỉ định} xét nghiệm, thuốc không cần thiết{ để trục lợi|}; không {thờ ơ|vô cảm} trước nỗi đau của người bệnh.",
    "neighbourhood_leader": "Không thiên vị, {bao che|né tránh} khi giải quyết việc của bà con; {công khai|minh bạch} các khoản đóng góp{ của nhân dân|}.",
}

# What a member writes about themselves: last year's shortcoming, this year's focus.
LIMITATIONS = [
    "kỹ năng ứng dụng công nghệ thông tin còn hạn chế", "đôi lúc chưa mạnh dạn phát biểu trong sinh hoạt chi bộ",
    "việc dành thời gian nghiên cứu tài liệu chưa thường xuyên", "tham gia sinh hoạt ở nơi cư trú chưa đều",
    "có lúc giải quyết công việc còn chậm", "chưa sắp xếp thời gian hợp lý giữa công việc và gia đình",
    "góp ý đồng chí, đồng nghiệp đôi khi còn nể nang", "sức khỏe có lúc chưa bảo đảm",
    "kỹ năng nói trước đông người chưa tốt", "việc ghi sổ tay học tập chưa đều đặn",
    "đôi khi còn nóng vội trong xử lý công việc", "chưa nắm chắc một số văn bản mới ban hành",
    "việc nắm tình hình ở cơ sở có lúc chưa sâu sát", "ngoại ngữ còn yếu", "ngại tiếp cận cái mới",
]
FOCUSES = [  # what "làm theo Bác về …" is followed by
    "phong cách làm việc dân chủ, khoa học", "tinh thần tiết kiệm, chống lãng phí", "tác phong sâu sát cơ sở",
    "ý thức tự phê bình và phê bình", "tinh thần tận tụy phục vụ nhân dân", "đạo đức cần, kiệm, liêm, chính",
    "tinh thần đoàn kết", "công tác dân vận", "lối sống giản dị, khiêm tốn", "tinh thần tự học suốt đời",
    "tư tưởng “lấy dân làm gốc”", "cách dùng người, quý trọng người tài",
    "tinh thần “việc gì có lợi cho dân thì hết sức làm”", "phong cách nói ít làm nhiều",
]
PERSONAL = [
    "Năm [year], tôi {tập trung|chú trọng} học tập và làm theo Bác về [focus]{ gắn với công việc hằng ngày|, liên hệ với thực tế ở [where]|}.",
    "{Khắc phục|Quyết tâm khắc phục} hạn chế {năm trước|đã được chi bộ góp ý|của bản thân} là [limitation]{; đến cuối năm có chuyển biến rõ|, báo cáo chi bộ vào giữa năm|}.",
    "{Bản thân còn|Tôi nhận thấy mình còn} [limitation], {vì vậy|nên} {năm nay|trong năm [year]} {phấn đấu|sẽ cố gắng} khắc phục{ dứt điểm| bằng việc làm cụ thể|}.",
]
WHERE = "{tổ dân phố [n:1-30], khu phố [place]|hẻm [n:10-200] đường [street]|ấp [place]|khu phố [place]|đường [street]|khu dân cư [place]}"
ADVERBS = ["luôn", "thường xuyên", "tích cực", "chủ động", "nghiêm túc", "kịp thời", "sâu sát", "tận tình",
           "kiên trì", "tự giác", "đều đặn", "quyết tâm", "cố gắng", "nhiệt tình"]
VERBS = ["thực hiện", "tham gia", "vận động", "giúp đỡ", "học tập", "giữ gìn", "tuyên truyền", "chấp hành",
         "hướng dẫn", "phối hợp", "nắm chắc", "thăm hỏi", "đấu tranh", "rèn luyện", "nghiên cứu", "giải quyết"]
# A member's habits of wording: each member keeps one form of each family throughout.
HABITS = [
    ("hằng tháng", "hàng tháng"), ("hằng năm", "hàng năm"), ("hằng ngày", "hàng ngày"), ("hằng tuần", "hàng tuần"),
    ("nhân dân", "người dân", "quần chúng nhân dân"), ("đầy đủ", "đủ"), ("kịp thời", "nhanh chóng, kịp thời"),
    ("giúp đỡ", "hỗ trợ", "giúp đỡ, hỗ trợ"), ("cơ quan", "cơ quan, đơn vị"), ("không để xảy ra", "không để"),
    ("tuyên truyền", "tuyên truyền, vận động"), ("ít nhất", "tối thiểu", "không dưới"), ("mỗi tháng", "một tháng"),
    ("bà con", "bà con nhân dân", "bà con trong khu phố"), ("người bệnh", "bệnh nhân"), ("học sinh", "các em học sinh", "học trò"),
    ("đúng quy định", "theo đúng quy định", "đúng quy định hiện hành"), ("gương mẫu", "luôn gương mẫu"),
    ("đồng nghiệp", "anh chị em đồng nghiệp"), ("địa phương", "địa bàn"), ("thực hiện tốt", "làm tốt"),
    ("trong năm", "cả năm", "trong năm nay"),
]

_SLOT = re.compile(r"\[(\w+)(?::(\d+)(?:-(\d+))?)?\]")


def _name(rng):
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _fill(rng, template, year):
    """Expand `{a|b}` choices (innermost first), then the `[slot]`s."""
    template = expand_choices(rng, template)
    used = set()

    def slot(match):
        kind, low, high = match.groups()
        if kind == "n":
            return str(rng.randint(int(low), int(high or low)))
        pools = {"document": DOCUMENTS, "work": WORKS, "manifestation": MANIFESTATIONS, "place": PLACES,
                 "school": SCHOOLS, "subject": SUBJECTS, "department": DEPARTMENTS, "street": STREETS,
                 "limitation": LIMITATIONS, "focus": FOCUSES}
        if kind in pools:  # distinct picks within a sentence
            choices = [c for c in pools[kind] if c not in used] or pools[kind]
            value = rng.choice(choices)
            used.add(value)
            return _fill(rng, value, year) if "{" in value or "[" in value else value
        if kind == "name":
            return _name(rng)
        if kind == "where":
            return _fill(rng, WHERE, year)
        if kind == "grade":
            return f"{rng.randint(1, 12)}{rng.choice('ABCDE')}"
        if kind == "year":
            return str(year)
        raise ValueError(kind)

    return _SLOT.sub(slot, template)


def _some(rng, pool, low, high):
    return rng.sample(pool, rng.randint(low, min(high, len(pool))))


def registration_parts(rng, *, duties, year=2026):
    """The four parts of one registration, as `Registration` stores them: study_plan, deeds
    ([{"text", "measure"}]), exemplary, anti_degradation."""
    if duties not in DEEDS:
        raise ValueError(f"duties must be one of {DUTIES}")
    study = [STUDY[0], *_some(rng, STUDY[1:], 0, 2)]
    if rng.random() < 0.5:
        study.insert(rng.randint(1, len(study)), STUDY_BY_DUTY[duties])
    if rng.random() < 0.6:
        study.append(PERSONAL[0])
    deeds = _some(rng, DEEDS[duties], 2, 4) + _some(rng, DEEDS_ANY, 0, 1)
    rng.shuffle(deeds)
    exemplary = _some(rng, EXEMPLARY, 1, 2)
    if rng.random() < 0.5:
        exemplary.insert(rng.randint(0, len(exemplary)), EXEMPLARY_BY_DUTY[duties])
    if rng.random() < 0.6:
        exemplary.append(rng.choice(PERSONAL[1:]))
    anti = [ANTI[0], *_some(rng, ANTI[1:], 0, 1)]
    if rng.random() < 0.5:
        anti.append(ANTI_BY_DUTY[duties])
    habits = [(forms[0], rng.choice(forms)) for forms in HABITS if rng.random() < 0.6]
    liveliness = rng.uniform(0.1, 0.6)  # how often this member adds an adverb before a verb

    def written(template):
        return _in_own_words(rng, _fill(rng, template, year), habits, liveliness)

    return {
        "study_plan": " ".join(map(written, study)),
        "deeds": [{"text": written(text), "measure": written(measure)} for text, measure in deeds],
        "exemplary": " ".join(map(written, exemplary)),
        "anti_degradation": " ".join(map(written, anti)),
    }


_CLAUSE_VERB = re.compile(rf"(^|[,;.] )({'|'.join(VERBS)})(?!\w)", re.IGNORECASE)


def _in_own_words(rng, sentence, habits, liveliness):
    """The member's habits of wording, and now and then an adverb before a verb that opens a
    clause ("Tích cực tham gia…", "…; thường xuyên thăm hỏi…")."""
    for usual, own in habits:
        if usual != own:
            sentence = re.sub(rf"(?<!\w){usual}(?!\w)", own, sentence)

    def adverb(match):
        before, verb = match.groups()
        if rng.random() > liveliness:
            return match.group()
        word = rng.choice(ADVERBS)
        if not before:  # the sentence's first word keeps its capital
            return f"{word[0].upper()}{word[1:]} {verb[0].lower()}{verb[1:]}"
        return f"{before}{word} {verb}"

    return _CLAUSE_VERB.sub(adverb, sentence)


def full_text(parts):
    """The parts joined as `Registration.full_text()` joins them."""
    deeds = "\n".join(f"{d.get('text', '')} {d.get('measure', '')}" for d in parts["deeds"])
    return "\n".join([parts["study_plan"], deeds, parts["exemplary"], parts["anti_degradation"]])


def registration_text(rng, *, duties, year=2026):
    """One member's whole registration as one text (150–400 words)."""
    return full_text(registration_parts(rng, duties=duties, year=year))


def batch(rng, size, *, year=2026):
    """`size` registrations of members of every kind: [(duties, text)]."""
    return [(duties, registration_text(rng, duties=duties, year=year))
            for duties in (DUTIES[i % len(DUTIES)] for i in range(size))]


# Swaps a member makes to "make it their own": (phrase, replacement), either way round.
SYNONYMS = [
    ("tích cực", "chủ động"), ("nhân dân", "người dân"), ("đúng hạn", "đúng thời hạn"),
    ("thực hiện", "triển khai"), ("gương mẫu", "mẫu mực"), ("kịp thời", "nhanh chóng"),
    ("học sinh", "các em học sinh"), ("tham gia", "tham dự"), ("giúp đỡ", "hỗ trợ"),
    ("nghiêm túc", "nghiêm chỉnh"), ("đầy đủ", "đủ"), ("hằng tháng", "hàng tháng"),
    ("hằng ngày", "hàng ngày"), ("ít nhất", "tối thiểu"), ("bà con", "bà con nhân dân"),
    ("tôi cam kết", "tôi xin cam kết"), ("vận động", "tuyên truyền, vận động"), ("thường xuyên", "luôn"),
    ("kiên quyết", "quyết tâm"), ("nâng cao", "không ngừng nâng cao"), ("chia sẻ", "chia sẻ lại"),
    ("khu dân cư", "địa bàn dân cư"), ("văn minh", "lịch sự"), ("nắm chắc", "nắm vững"),
    ("đồng nghiệp", "anh chị em đồng nghiệp"), ("không vi phạm", "không để vi phạm"),
]


def _swap_words(rng, text, count):
    pairs = [(a, b) if rng.random() < 0.5 else (b, a) for a, b in SYNONYMS]
    rng.shuffle(pairs)
    done = 0
    for old, new in pairs:
        if done == count:
            break
        longer = old if len(old) > len(new) else new
        covered = [range(m.start(), m.end()) for m in re.finditer(re.escape(longer), text, flags=re.IGNORECASE)]
        spots = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(old)}(?!\w)", text, flags=re.IGNORECASE)
                 if (old == longer or not any(m.start() in span for span in covered))
                 and new.lower() not in text[max(0, m.start() - 20):m.end() + 20].lower()]
        if not spots:
            continue
        at = rng.choice(spots)
        original = text[at:at + len(old)]
        replacement = new[0].upper() + new[1:] if original[0].isupper() else new
        text = text[:at] + replacement + text[at + len(old):]
        done += 1
    return text


def _move_sentence(rng, text):
    """Move one sentence of a line elsewhere in that line, or swap two lines (deeds)."""
    lines = text.split("\n")
    movable = [i for i, line in enumerate(lines) if len(re.findall(r"[.;] ", line)) >= 1]
    if movable and rng.random() < 0.7:
        i = rng.choice(movable)
        sentences = re.split(r"(?<=\.) ", lines[i])
        if len(sentences) >= 2:
            moved = sentences.pop(rng.randrange(len(sentences)))
            sentences.insert(rng.randrange(len(sentences) + 1), moved)
            lines[i] = " ".join(sentences)
            return "\n".join(lines)
    if len(lines) >= 3:
        i, j = rng.sample(range(1, len(lines) - 1), 2) if len(lines) > 3 else (0, 1)
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def _change_number(rng, text):
    """Change a count or a percentage (not a document number, a date or a year)."""
    numbers = [m for m in re.finditer(r"(?<![\w/.-])\d{1,4}(?![\w/.-])", text)
               if not re.search(r"(?:năm|khóa|Trung ương|Quy định|số)\s*$", text[max(0, m.start() - 12):m.start()])
               and not text.startswith(" biểu hiện", m.end())]
    if not numbers:
        return text
    m = rng.choice(numbers)
    value = int(m.group())
    new = str(value + rng.choice([-2, -1, 1, 2, 5])) if value > 5 else str(value + 1)
    return text[:m.start()] + new + text[m.end():]


def _change_name(rng, text):
    names = list(re.finditer(rf"\b(?:{'|'.join(FAMILY)}) (?:{'|'.join(MIDDLE)}) ({'|'.join(GIVEN)})\b", text))
    places = list(re.finditer("|".join(PLACES + SCHOOLS), text))
    if names:
        m = rng.choice(names)
        given = rng.choice([g for g in GIVEN if g != m.group(1)])
        return text[:m.start(1)] + given + text[m.end(1):]
    if places:
        m = rng.choice(places)
        pool = PLACES if m.group() in PLACES else SCHOOLS
        return text[:m.start()] + rng.choice([p for p in pool if p != m.group()]) + text[m.end():]
    return text


def _change_punctuation(rng, text):
    commas = [m.start() for m in re.finditer(", ", text)]
    for at in sorted(rng.sample(commas, min(len(commas), rng.randint(2, 5))), reverse=True):
        text = text[:at] + rng.choice([";", " -", ""]) + text[at + 1:]
    if rng.random() < 0.5:
        text = text.replace("“", '"').replace("”", '"')
    return text


def lightly_edited(rng, text):
    """The copy a careless member hands in: a few words swapped for synonyms, a sentence moved,
    a number and a name changed, punctuation changed. Everything else as it was."""
    text = _swap_words(rng, text, rng.randint(3, 5))
    text = _move_sentence(rng, text)
    text = _change_number(rng, text)
    text = _change_name(rng, text)
    return _change_punctuation(rng, text)
