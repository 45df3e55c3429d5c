from django.db import migrations

FIELDS = [
    "Cải cách hành chính",
    "Trách nhiệm người đứng đầu",
    "Tiết kiệm và đoàn kết",
    "Xây dựng tổ chức cơ sở đảng",
    "Dân vận khéo",
    "Học tập, nghiên cứu lý luận",
    "Phát triển kinh tế, giảm nghèo",
    "Văn hóa, xã hội",
    "Quốc phòng, an ninh",
    "Khác",
]


def add(apps, schema_editor):
    Field = apps.get_model("practices", "Field")
    Field.objects.bulk_create(Field(name=name, position=i) for i, name in enumerate(FIELDS, start=1))


def remove(apps, schema_editor):
    apps.get_model("practices", "Field").objects.filter(name__in=FIELDS).delete()


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
