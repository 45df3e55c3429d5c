from django.db import migrations

FORMS = [
    "Giấy khen",
    "Bằng khen",
    "Giấy chứng nhận",
    "Biểu dương",
    "Cờ thi đua",
]


def add(apps, schema_editor):
    AwardForm = apps.get_model("awards", "AwardForm")
    AwardForm.objects.bulk_create(AwardForm(name=name, position=i) for i, name in enumerate(FORMS, start=1))


def remove(apps, schema_editor):
    apps.get_model("awards", "AwardForm").objects.filter(name__in=FORMS).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
