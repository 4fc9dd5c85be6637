"""Concurrent saves of one revision, released together: exactly one per loaded version is accepted.

PostgreSQL only: SQLite serialises writers with a database-wide lock and its test database is in memory,
shared by threads only through one connection, so it cannot run two writers at the same moment.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from factsheets.models import Editor, Institution, Revision
from tests.factsheets.workspace import account, fiche_of, revision_form

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="needs concurrent writers (PostgreSQL)"),
]

TRIALS = 50


def test_concurrent_saves_of_one_revision_lose_nothing():
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers (PostgreSQL)")
    institution = Institution.objects.get(slug="sfp")
    editors = [account(f"editor{i}", Editor.Role.EDITOR, institution) for i in range(2)]
    fiche, revision = fiche_of("sfp", body_en="Original text")
    url = reverse("admin:factsheets_revision_change", args=[revision.pk])
    clients = []
    for editor in editors:
        client = Client()
        client.force_login(editor)
        clients.append(client)
    accepted_total = 0
    for trial in range(TRIALS):
        revision.refresh_from_db()
        loaded = revision.lock_version
        texts = [f"Trial {trial} text of editor {i}" for i in range(2)]
        forms = [revision_form(revision, body_en=text) for text in texts]
        barrier = threading.Barrier(2)
        results = [None, None]

        def save(i):
            try:
                barrier.wait()
                response = clients[i].post(url, forms[i])
                results[i] = (response.status_code, response.content.decode())
            finally:
                connection.close()

        threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        codes = sorted(code for code, _ in results)
        assert codes == [200, 302], (trial, codes)
        accepted_total += 1
        winner = next(i for i in range(2) if results[i][0] == 302)
        loser = 1 - winner
        revision.refresh_from_db()
        assert revision.lock_version == loaded + 1
        assert revision.body_en == texts[winner]
        page = results[loser][1]
        assert "Someone else saved this revision while you were editing it." in page
        # No text lost: the refused editor sees their own text and the saved one.
        assert texts[loser] in page and texts[winner] in page
    assert accepted_total == TRIALS
