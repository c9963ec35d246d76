"""Migration operations for data that exists on PostgreSQL only: the portal also runs on SQLite
(`make run`), where search has no stored vectors and falls back to icontains."""

from django.db import migrations


def run_sql_on_postgres(sql):
    """A RunPython that runs `sql` on PostgreSQL and does nothing elsewhere."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)
