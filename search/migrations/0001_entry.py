import django.contrib.postgres.search
import django.db.models.deletion
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

# One configuration per language: the language's own configuration, with unaccent applied to every
# word before its stemmer ("pécule" and "pecule" are the same word; "Arbeitsunfälle" finds "Arbeitsunfall").
CONFIGS = {"search_french": "french", "search_dutch": "dutch", "search_german": "german", "search_english": "english"}


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in sql:
                schema_editor.execute(statement)

    return run


CREATE_CONFIGS = [
    statement
    for name, base in CONFIGS.items()
    for statement in (
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}",
        f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{base})",
        f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {base}_stem",
    )
]
DROP_CONFIGS = [f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}" for name in CONFIGS]
CREATE_INDEX = ["CREATE INDEX search_entry_vector ON search_entry USING gin (vector)"]
DROP_INDEX = ["DROP INDEX IF EXISTS search_entry_vector"]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("factsheets", "0006_longer_reference_labels"),
    ]

    operations = [
        UnaccentExtension(),  # does nothing on SQLite
        migrations.RunPython(on_postgresql(CREATE_CONFIGS), on_postgresql(DROP_CONFIGS), elidable=False),
        migrations.CreateModel(
            name="Entry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField(verbose_name="revision number")),
                ("publish_from", models.DateTimeField(verbose_name="published from")),
                ("language", models.CharField(max_length=2, verbose_name="language")),
                ("title", models.TextField(verbose_name="title")),
                ("summary", models.TextField(verbose_name="summary")),
                ("text", models.TextField(help_text="The outcome and the body as plain text.", verbose_name="text")),
                ("vector", django.contrib.postgres.search.SearchVectorField(null=True)),
                (
                    "fiche",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="factsheets.fiche",
                        verbose_name="fiche",
                    ),
                ),
                (
                    "revision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="factsheets.revision",
                        verbose_name="revision",
                    ),
                ),
            ],
            options={
                "verbose_name": "search index entry",
                "verbose_name_plural": "search index entries",
                "ordering": ["fiche", "language", "-publish_from"],
                "indexes": [models.Index(fields=["language", "fiche", "publish_from"], name="search_entry_live")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("revision", "language"), name="search_entry_one_per_revision_language"
                    )
                ],
            },
        ),
        # GIN on PostgreSQL only (SQLite has no such index; its fallback reads the rows).
        migrations.RunPython(on_postgresql(CREATE_INDEX), on_postgresql(DROP_INDEX), elidable=False),
    ]
