"""The audit log becomes a hash chain: rows already there are chained in id order."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def chain_existing_rows(apps, schema_editor):
    from hocbac.core.audit import entry_hash

    AuditEntry = apps.get_model("core", "AuditEntry")
    prev = ""
    for entry in AuditEntry._base_manager.order_by("id").iterator(chunk_size=2000):
        entry.prev_hash = prev
        entry.row_hash = prev = entry_hash(entry)
        AuditEntry._base_manager.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, row_hash=entry.row_hash)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_importbatch_kind_questions'),
        ('orgs', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='prev_hash',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='row_hash',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='org',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organization'),
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
    ]
