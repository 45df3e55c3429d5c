"""The shipped criteria sets (editable by an administrator) and the 100-point frame of
Quy định 366-QĐ/TW. "Chi bộ bốn tốt" follows Nghị quyết 21-NQ/TW; the "6 tốt" pair is modelled
on the Chi bộ Quân sự xã Long Trị A (seed 004): no national text exists."""

from django.db import migrations

LEVELS_CELL = [["Chi bộ bốn tốt", 100], ["Khá", 75], ["Trung bình", 50], ["Yếu", 0]]
SETS = [
    ("Chi bộ bốn tốt", "chi_bo", "Nghị quyết 21-NQ/TW", LEVELS_CELL, [
        ("Lãnh đạo hoàn thành tốt nhiệm vụ chính trị", ""),
        ("Chất lượng sinh hoạt tốt", "sinh_hoat"),
        ("Đoàn kết, kỷ luật tốt", ""),
        ("Cán bộ, đảng viên tốt", ""),
    ]),
    ("Chi bộ 6 tốt", "chi_bo", "Mô hình “Chi bộ 6 tốt, đảng viên 6 tốt”",
     [["Chi bộ 6 tốt", 100], ["Khá", 66], ["Trung bình", 50], ["Yếu", 0]], [
        ("Lãnh đạo tốt công tác giáo dục chính trị, tư tưởng; phòng, chống suy thoái, “tự diễn biến”, “tự chuyển hóa”", ""),
        ("Lãnh đạo chấp hành tốt chủ trương, nghị quyết của Đảng, pháp luật của Nhà nước và kỷ luật của đơn vị", ""),
        ("Lãnh đạo xây dựng đoàn kết nội bộ, tập trung dân chủ, quy chế làm việc", ""),
        ("Lãnh đạo hoàn thành tốt nhiệm vụ chính trị được giao", ""),
        ("Lãnh đạo tốt công tác kiểm tra, giám sát, kỷ luật đảng trong chi bộ", ""),
        ("Lãnh đạo khắc phục tốt hạn chế, khuyết điểm đã được chỉ ra", ""),
    ]),
    ("Đảng viên 6 tốt", "dang_vien", "Mô hình “Chi bộ 6 tốt, đảng viên 6 tốt”",
     [["Đảng viên 6 tốt", 100], ["Khá", 66], ["Trung bình", 50], ["Chưa đạt", 0]], [
        ("Thực hiện tốt việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "cam_nhan"),
        ("Rèn luyện, tu dưỡng đạo đức, lối sống; không có biểu hiện “tự diễn biến”, “tự chuyển hóa”", ""),
        ("Chấp hành tốt kỷ luật, giữ bí mật; dự sinh hoạt chi bộ đầy đủ", "sinh_hoat"),
        ("Đoàn kết, gần gũi, gắn bó với Nhân dân; tiên phong, gương mẫu", ""),
        ("Hoàn thành tốt chức trách, nhiệm vụ được giao", "thi"),
        ("Có bản cam kết và khắc phục tốt hạn chế, khuyết điểm đã được chỉ ra", "lam_theo"),
    ]),
]
CONDITIONS = [
    "Có biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống, “tự diễn biến”, “tự chuyển hóa” đã được cấp có thẩm quyền kết luận",
    "Vi phạm những điều đảng viên không được làm",
    "Bị xử lý kỷ luật trong năm (tính một lần cho một vi phạm)",
    "Hoàn thành dưới 50% chỉ tiêu, nhiệm vụ được giao",
]


def add(apps, schema_editor):
    CriteriaSet = apps.get_model("ratings", "CriteriaSet")
    Criterion = apps.get_model("ratings", "Criterion")
    for name, target, basis, levels, items in SETS:
        criteria_set = CriteriaSet.objects.create(org=None, name=name, target=target, cadence="thang", levels=levels,
                                                  basis=basis)
        Criterion.objects.bulk_create(Criterion(criteria_set=criteria_set, position=i, text=text, points=1,
                                                judged="dat", auto_source=source)
                                      for i, (text, source) in enumerate(items, start=1))
    apps.get_model("ratings", "Frame").objects.create(
        name="Khung 100 điểm (Quy định 366-QĐ/TW)", general_points=30, task_points=70, excellent_from=90, good_from=70,
        done_from=50, conditions=CONDITIONS, quota_percent=20, quota_exception_allowed=True, is_current=True)


def remove(apps, schema_editor):
    apps.get_model("ratings", "CriteriaSet").objects.filter(org=None, name__in=[s[0] for s in SETS]).delete()
    apps.get_model("ratings", "Frame").objects.filter(name="Khung 100 điểm (Quy định 366-QĐ/TW)").delete()


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
