from django.db import migrations

# TRUNCATE fires no row trigger, so the append-only trigger of 0002 does not stop it. A
# statement-level trigger refuses it unless the session has said, on purpose, that it may:
#     SET LOCAL lisko.allow_truncate = 'on';
# Nothing in Lisko sets it. The test suite sets it on its own connections (tests/conftest.py),
# because Django empties the tables between transactional tests with TRUNCATE.
CREATE = """
CREATE OR REPLACE FUNCTION audit_event_refuses_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('lisko.allow_truncate', true), '') <> 'on' THEN
        RAISE EXCEPTION 'audit events are append-only: TRUNCATE refused';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuses_truncate();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_refuses_truncate();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_list_reads")]
    operations = [migrations.RunPython(create_trigger, drop_trigger)]
