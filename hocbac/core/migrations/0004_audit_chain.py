"""The audit log becomes a hash chain: rows already there are chained in id order."""

import django.utils.timezone
from django.db import migrations, models


def chain_existing_rows(apps, schema_editor):
    from hocbac.core.audit import entry_hash

    AuditEntry = apps.get_model("core", "AuditEntry")
    prev = ""
    for entry in AuditEntry._base_manager.order_by("id").iterator(chunk_size=2000):
        entry.actor_ref, entry.org_ref, entry.prev_hash = entry.actor_id, entry.org_id, prev
        entry.row_hash = prev = entry_hash(entry)
        AuditEntry._base_manager.filter(pk=entry.pk).update(
            actor_ref=entry.actor_ref, org_ref=entry.org_ref, prev_hash=entry.prev_hash, row_hash=entry.row_hash)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_importbatch_kind_questions'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='actor_ref',
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='org_ref',
            field=models.BigIntegerField(blank=True, null=True),
        ),
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
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
    ]
