"""The 27 manifestations of degradation (Nghị quyết 04-NQ/TW, 30/10/2016), short labels as
DOMAIN.md ships them. The official full wording is pasted in by an administrator."""

from django.db import migrations

LABELS = {
    1: [
        "Phai nhạt lý tưởng, giảm sút niềm tin",
        "Xa rời tôn chỉ, mục đích của Đảng; phụ họa quan điểm sai trái",
        "Lười học tập lý luận chính trị, nghị quyết, pháp luật",
        "Không chấp hành nguyên tắc tổ chức; thiếu trách nhiệm, làm việc qua loa",
        "Né tránh tự phê bình và phê bình; nể nang, ngại va chạm",
        "Nói không đi đôi với làm",
        "Độc đoán, gia trưởng, áp đặt, bảo thủ",
        "Kén chọn chức danh, tránh việc khó, chạy chức chạy quyền",
        "Bổ nhiệm người thân quen không đủ tiêu chuẩn",
    ],
    2: [
        "Chủ nghĩa cá nhân, ích kỷ, cơ hội, vụ lợi",
        "Tranh giành quyền lực, cục bộ, bè phái",
        "Kê khai tài sản, thu nhập không trung thực",
        "Che giấu khuyết điểm, phô trương, thành tích",
        "Quan liêu, xa dân, vô cảm trước khó khăn của nhân dân",
        "Lãng phí tiền của, thời gian, công sức",
        "Tham ô, tham nhũng, lạm dụng chức quyền",
        "Thao túng công tác cán bộ, chạy chức, chạy quyền",
        "Lối sống buông thả, vi phạm đạo đức gia đình, tệ nạn xã hội",
    ],
    3: [
        "Phủ nhận chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh; đòi đa nguyên, đa đảng",
        "Phủ nhận dân chủ xã hội chủ nghĩa, nhà nước pháp quyền XHCN",
        "Nói, viết, làm trái đường lối; xuyên tạc lịch sử",
        "Kích động tâm lý bất mãn, gây chia rẽ nội bộ",
        "Phủ nhận sự lãnh đạo của Đảng đối với lực lượng vũ trang",
        "Cấu kết với thế lực thù địch, phản động, cơ hội",
        "Phát ngôn sai, làm lộ thông tin khi quan hệ với nước ngoài",
        "Lợi dụng tác phẩm văn học, nghệ thuật để xuyên tạc",
        "Tư tưởng dân tộc hẹp hòi, cực đoan",
    ],
}


def add(apps, schema_editor):
    Manifestation = apps.get_model("journal", "Manifestation")
    Manifestation.objects.bulk_create(
        Manifestation(group=group, number=number, sub=0, label=label)
        for group, labels in LABELS.items() for number, label in enumerate(labels, start=1)
    )


def remove(apps, schema_editor):
    apps.get_model("journal", "Manifestation").objects.filter(sub=0).delete()


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
