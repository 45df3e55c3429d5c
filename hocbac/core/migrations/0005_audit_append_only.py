"""PostgreSQL: audit rows cannot be changed or removed, whatever role the app connects as.

The one UPDATE let through nulls `actor_id` or `org_id` and changes nothing else: the foreign
keys' ON DELETE SET NULL when a user or an organisation is deleted (seed_scale --replace). The
hash covers `actor_ref`/`org_ref`, which keep the ids.

A REVOKE alone would not do: tests, CI and many small installations connect as the table's
owner or a superuser, who bypass grants. A row-level trigger fires for every role, owner and
superuser included (only disabling the trigger, which needs ownership, gets round it; the
REVOKE for a separate app role in docs/operations.md closes that too).

TRUNCATE is deliberately not covered: a statement-level TRUNCATE trigger would break
pytest-django's and Django's flush between transactional tests, and TRUNCATE needs the TRUNCATE
privilege, which the production app role does not hold (docs/operations.md). `hocbac
audit_verify` shows a truncated log as an empty or cut chain against the head hash written down
with each backup.

SQLite has no roles; there `hocbac audit_verify` catches an edited row."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.actor_id IS NULL OR NEW.actor_id = OLD.actor_id)
       AND (NEW.org_id IS NULL OR NEW.org_id = OLD.org_id)
       AND to_jsonb(NEW) - 'actor_id' - 'org_id' = to_jsonb(OLD) - 'actor_id' - 'org_id' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Nhật ký thao tác chỉ được ghi thêm: lệnh % bị từ chối.', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_audit_chain"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
