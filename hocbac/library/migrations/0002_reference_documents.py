"""Reference data: the programme's founding documents (metadata and a summary in our own
words) and the whole-term topic of 2021. Editable afterwards like any document."""

import datetime

from django.db import migrations

from hocbac.core.text import fold

WHOLE_TERM_TOPIC = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường "
    "và khát vọng phát triển đất nước phồn vinh, hạnh phúc"
)

DOCUMENTS = [
    ("chi_thi", "05-CT/TW", datetime.date(2016, 5, 15), "Bộ Chính trị",
     "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
     "Chỉ thị đặt ra việc học tập và làm theo Bác thành công việc thường xuyên của mọi tổ chức đảng "
     "và đảng viên: học tập có chuyên đề hằng năm, mỗi người đăng ký làm theo gắn với nhiệm vụ của mình, "
     "người đứng đầu nêu gương; kết quả là một tiêu chí đánh giá, xếp loại đảng viên và tổ chức đảng hằng năm."),
    ("nghi_quyet", "04-NQ/TW", datetime.date(2016, 10, 30), "Ban Chấp hành Trung ương (khóa XII)",
     "Về tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, "
     "đạo đức, lối sống, những biểu hiện \"tự diễn biến\", \"tự chuyển hóa\" trong nội bộ",
     "Nghị quyết chỉ ra 27 biểu hiện suy thoái chia thành ba nhóm (tư tưởng chính trị; đạo đức, lối sống; "
     "\"tự diễn biến\", \"tự chuyển hóa\"), làm căn cứ để mỗi đảng viên tự soi, tự sửa và cam kết không suy thoái."),
    ("huong_dan", "36-HD/VPTW", datetime.date(2018, 4, 3), "Văn phòng Trung ương Đảng",
     "Hướng dẫn thể thức và kỹ thuật trình bày văn bản của Đảng",
     "Quy định cách trình bày văn bản của Đảng: tiêu đề \"ĐẢNG CỘNG SẢN VIỆT NAM\", tên cơ quan ban hành, "
     "số và ký hiệu, địa danh và ngày tháng, tên loại và trích yếu, nơi nhận, thể thức đề ký; khổ A4, phông Times New Roman."),
    ("ket_luan", "01-KL/TW", datetime.date(2021, 5, 18), "Bộ Chính trị",
     "Về tiếp tục thực hiện Chỉ thị 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
     "Kết luận tiếp tục Chỉ thị 05 trong nhiệm kỳ mới, nhấn mạnh ba nội dung học tập, làm theo và nêu gương; "
     "đưa việc học tập và làm theo Bác vào sinh hoạt chi bộ thường kỳ và gắn với xây dựng, chỉnh đốn Đảng."),
    ("nghi_quyet", "21-NQ/TW", datetime.date(2022, 6, 16), "Ban Chấp hành Trung ương (khóa XIII)",
     "Về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên trong giai đoạn mới",
     "Nghị quyết đặt mục tiêu chi bộ \"bốn tốt\" và đảng bộ cơ sở \"bốn tốt\": lãnh đạo hoàn thành tốt nhiệm vụ chính trị; "
     "chất lượng sinh hoạt tốt; đoàn kết, kỷ luật tốt; cán bộ, đảng viên tốt."),
    ("quy_dinh", "366-QĐ/TW", datetime.date(2025, 8, 30), "Bộ Chính trị",
     "Về kiểm điểm, đánh giá, xếp loại chất lượng đối với tập thể, cá nhân trong hệ thống chính trị",
     "Quy định đánh giá, xếp loại theo khung 100 điểm (30 điểm tiêu chí chung, 70 điểm kết quả nhiệm vụ) với bốn mức: "
     "hoàn thành xuất sắc, hoàn thành tốt, hoàn thành và không hoàn thành nhiệm vụ."),
]


def load(apps, schema_editor):
    Topic = apps.get_model("library", "Topic")
    Document = apps.get_model("library", "Document")
    Topic.objects.create(name=WHOLE_TERM_TOPIC, year=None, description="Chuyên đề toàn khóa từ năm 2021.")
    for kind, symbol, issued_on, issuer, title, summary in DOCUMENTS:
        Document.objects.create(
            kind=kind, number_symbol=symbol, issued_on=issued_on, issuer=issuer, title=title, summary=summary,
            is_public=True, search_text=fold(" ".join([symbol, title, issuer, summary])),
        )


def unload(apps, schema_editor):
    apps.get_model("library", "Document").objects.filter(org__isnull=True, number_symbol__in=[d[1] for d in DOCUMENTS]).delete()
    apps.get_model("library", "Topic").objects.filter(org__isnull=True, name=WHOLE_TERM_TOPIC).delete()


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
