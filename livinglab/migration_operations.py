"""Migration operations that change the database only on PostgreSQL: the portal also runs on SQLite
(`make run`), where the search indexes have no equivalent and search falls back to icontains."""

from django.db import migrations


class AddIndexOnPostgres(migrations.AddIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def run_sql_on_postgres(sql):
    """A RunPython that runs `sql` on PostgreSQL and does nothing elsewhere."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)
