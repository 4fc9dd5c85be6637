"""The restore drill: back up with ops/backup.sh, restore into a fresh database with ops/restore.sh,
then every model holds the same number of rows and the result, fiche and country pages are the same
bytes. PostgreSQL only: backups are pg_dump archives."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from situations.data import data_changed

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="backups are pg_dump archives (PostgreSQL)"),
]

ROOT = Path(settings.BASE_DIR)
TOPICS = "".join(
    f"&topic={t}"
    for t in ("contributions", "health-care", "pension", "incapacity-for-work", "family-benefits", "unemployment",
              "work-accidents", "occupational-diseases", "annual-holidays")
)  # fmt: skip
PAGES = [
    f"/en/leaving/result/?nationality=be&country=th&status=employee{TOPICS}&region=flanders",
    "/fr/coming/result/?nationality=in&country=in&status=posted-worker&topic=contributions&topic=health-care",
    "/en/fiche/contributions-eu-posting/",
    "/nl/countries/ma/",
]


def url_of(name):
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def counts():
    models = [m for m in apps.get_models() if m._meta.managed and not m._meta.proxy]
    return {m._meta.label: m._default_manager.count() for m in models}


def pages(client):
    data_changed()
    cache.clear()
    answers = [client.get(path, follow=True) for path in PAGES]
    assert [a.status_code for a in answers] == [200] * len(PAGES)
    return [a.content for a in answers]


def run(script, *args, database):
    environment = {**os.environ, "DATABASE_URL": url_of(database), "PYTHON": sys.executable}
    done = subprocess.run([str(ROOT / "ops" / script), *args], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_backup_restored_into_a_fresh_database_gives_the_same_rows_and_pages(client, tmp_path):
    call_command("load_reference_data", verbosity=0)
    original = connection.settings_dict["NAME"]
    restored = f"{original}_restored"
    before_rows, before_pages = counts(), pages(client)
    assert before_rows["factsheets.Revision"] > 100

    archive = run("backup.sh", str(tmp_path), database=original).strip().splitlines()[-1]
    assert Path(archive).name.startswith("mobility-") and Path(archive).stat().st_size > 10_000

    with psycopg.connect(url_of("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        run("restore.sh", archive, database=restored)
        connection.close()
        connection.settings_dict["NAME"] = restored
        try:
            assert counts() == before_rows
            assert pages(client) == before_pages
        finally:
            connection.close()
            connection.settings_dict["NAME"] = original
    finally:
        with psycopg.connect(url_of("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
    data_changed()
