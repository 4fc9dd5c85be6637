from django.db import migrations, models

LANGUAGES = ("fr", "nl", "de", "en")


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in sql:
                schema_editor.execute(statement)

    return run


# One GIN index per language (a search always names its language), in place of one for all.
CREATE_INDEXES = ["DROP INDEX IF EXISTS search_entry_vector"] + [
    f"CREATE INDEX search_entry_vector_{lang} ON search_entry USING gin (vector) WHERE language = '{lang}'"
    for lang in LANGUAGES
]
DROP_INDEXES = [f"DROP INDEX IF EXISTS search_entry_vector_{lang}" for lang in LANGUAGES] + [
    "CREATE INDEX search_entry_vector ON search_entry USING gin (vector)"
]


def index_existing(apps, schema_editor):
    """A database that already holds content gets its whole index (with `until`) at once."""
    from search.index import rebuild

    rebuild(
        revision_model=apps.get_model("factsheets", "Revision"),
        entry_model=apps.get_model("search", "Entry"),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_entry"),
    ]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="until",
            field=models.DateTimeField(null=True, verbose_name="replaced from"),
        ),
        migrations.RunPython(index_existing, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(on_postgresql(CREATE_INDEXES), on_postgresql(DROP_INDEXES), elidable=False),
    ]
