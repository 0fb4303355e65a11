from django.db import migrations

# The trail stays append-only with one exception: erasing a client empties the words searched
# for (`query`) of the list reads that showed that client, because someone may have typed the
# client's name. Only that: an UPDATE that changes any other column, or sets `query` to
# anything but '', is refused as before; DELETE is refused as before.
CREATE = """
CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.query = ''
            AND (to_jsonb(NEW) - 'query') = (to_jsonb(OLD) - 'query') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
"""
# Back to 0002: every UPDATE and DELETE refused.
REVERT = """
CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
"""


def allow_redaction(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def refuse_redaction(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERT)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_refuse_truncate_on_postgres")]
    operations = [migrations.RunPython(allow_redaction, refuse_redaction)]
