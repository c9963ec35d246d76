"""Sources as title, link and certainty on evaluations and national figures.

Existing rows keep their citation: a stored address stays the link, stored text becomes the title,
and a certainty outside the four values is left blank (`load_spbe_results` refreshes the rows that
come from the data files).
"""

from django.db import migrations, models

CERTAINTIES = ("official", "news", "secondary", "unverified")
CERTAINTY_FIELD = models.CharField(
    blank=True,
    choices=[
        ("official", "official source"),
        ("news", "news report"),
        ("secondary", "secondary source"),
        ("unverified", "unverified"),
    ],
    max_length=20,
    verbose_name="certainty",
)


def _is_link(text):
    return text.strip().lower().startswith(("http://", "https://"))


def split_citations(apps, schema_editor):
    NationalIndex = apps.get_model("spbe", "NationalIndex")
    Evaluation = apps.get_model("spbe", "Evaluation")
    for row in NationalIndex.objects.all():
        if _is_link(row.source):
            row.source_url = row.source
        else:
            row.source_title = row.source
        if row.certainty not in CERTAINTIES:
            row.certainty = ""
        row.save(update_fields=["source_url", "source_title", "certainty"])
    for evaluation in Evaluation.objects.exclude(source_url="").iterator():
        if not _is_link(evaluation.source_url):
            evaluation.source_title, evaluation.source_url = evaluation.source_url, ""
            evaluation.save(update_fields=["source_title", "source_url"])


def join_citations(apps, schema_editor):
    NationalIndex = apps.get_model("spbe", "NationalIndex")
    for row in NationalIndex.objects.all():
        row.source = row.source_url or row.source_title
        row.save(update_fields=["source"])


class Migration(migrations.Migration):
    dependencies = [
        ("spbe", "0002_verbose_names_and_ranges"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluation",
            name="certainty",
            field=CERTAINTY_FIELD,
        ),
        migrations.AddField(
            model_name="evaluation",
            name="certainty_note",
            field=models.TextField(blank=True, verbose_name="why this certainty"),
        ),
        migrations.AddField(
            model_name="evaluation",
            name="source_title",
            field=models.TextField(blank=True, verbose_name="source"),
        ),
        migrations.AddField(
            model_name="nationalindex",
            name="certainty_note",
            field=models.TextField(blank=True, verbose_name="why this certainty"),
        ),
        migrations.AddField(
            model_name="nationalindex",
            name="source_title",
            field=models.TextField(blank=True, verbose_name="source"),
        ),
        migrations.AddField(
            model_name="nationalindex",
            name="source_url",
            field=models.TextField(blank=True, verbose_name="link to the source"),
        ),
        migrations.AlterField(
            model_name="evaluation",
            name="source_url",
            field=models.TextField(blank=True, verbose_name="link to the source"),
        ),
        migrations.RunPython(split_citations, join_citations),
        migrations.RemoveField(
            model_name="nationalindex",
            name="source",
        ),
        migrations.AlterField(
            model_name="nationalindex",
            name="certainty",
            field=CERTAINTY_FIELD,
        ),
    ]
