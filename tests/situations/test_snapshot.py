"""The resolver's snapshot: built beside the one being served, read from the shared version at most
once per interval, fiche HTML rendered once, and saves that commit whatever the cache does."""

import threading
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from factsheets import workflow
from factsheets.models import Editor, Institution, Revision
from situations import data as snapshot
from tests.factsheets.workspace import account, fiche_of, revision_form

pytestmark = pytest.mark.django_db

SPAIN = "/en/leaving/result/?nationality=be&country=es&status=pensioner&topic=pension"


def clear_pages():
    """Empty the page cache only (clearing everything would also drop the data version)."""
    cache.delete_many([key.split(":", 2)[-1] for key in cache._cache if ":page:" in key])
    assert not [key for key in cache._cache if ":page:" in key]


@pytest.fixture
def cache_down():
    failing = {name: mock.DEFAULT for name in ("get", "set", "add", "delete")}
    with mock.patch.multiple(LocMemCache, **failing) as calls:
        for method in calls.values():
            method.side_effect = ConnectionError("cache down")
        yield


def test_an_editors_save_and_a_publication_commit_with_the_cache_down(client, cache_down):
    institution = Institution.objects.get(slug="sfp")
    editor = account("editor", Editor.Role.EDITOR, institution)
    reviewer = account("reviewer", Editor.Role.REVIEWER, institution)
    fiche, revision = fiche_of("sfp", title_en="Before the outage")
    client.force_login(editor)
    url = reverse("admin:factsheets_revision_change", args=[revision.pk])
    response = client.post(url, revision_form(revision, title_en="Written while Redis was down"))
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.title_en == "Written while Redis was down"
    workflow.submit(revision, editor)
    workflow.publish(revision, reviewer)
    page = client.get(SPAIN)
    assert page.status_code == 200
    assert "Written while Redis was down" in page.content.decode()  # this process reloaded at once


def test_another_process_change_is_built_beside_the_served_snapshot(monkeypatch, settings):
    settings.DATA_RELOAD_IN_BACKGROUND = True
    served = snapshot.current_data()
    building, release = threading.Event(), threading.Event()
    replacement = snapshot.SituationData.load()

    def slow_load():
        building.set()
        release.wait(5)
        return replacement

    monkeypatch.setattr(snapshot.SituationData, "load", staticmethod(slow_load))
    cache.set(snapshot.VERSION_KEY, "changed-by-another-process", timeout=None)
    assert snapshot.current_data() is served  # the visitor is not kept waiting
    assert building.wait(5)
    assert snapshot.current_data() is served  # still building: the old one is still served
    release.set()
    snapshot._loaded["loading"].join(5)
    assert snapshot.current_data() is replacement
    assert replacement.version == "changed-by-another-process"


def test_the_shared_version_is_read_at_most_once_per_interval(monkeypatch, settings):
    settings.DATA_VERSION_CHECK_SECONDS = 60
    clock = iter(range(1000, 10_000, 10)).__next__  # 10 s per reading
    monkeypatch.setattr(snapshot.time, "monotonic", clock)
    snapshot._loaded["shared"] = None
    first = snapshot.data_version()
    cache.set(snapshot.VERSION_KEY, "new-elsewhere", timeout=None)
    assert snapshot.data_version() == first  # read 10 s ago: not read again yet
    for _ in range(6):
        snapshot.data_version()
    assert snapshot.data_version() == "new-elsewhere"


def test_a_fiche_is_rendered_once_per_snapshot(client, monkeypatch):
    fiche, _ = fiche_of("sfp", state="published", body_en="## Rendered once\n\nWords.")
    from portal import views

    calls = []
    render = views.render_markdown
    monkeypatch.setattr(views, "render_markdown", lambda text, **kw: calls.append(text) or render(text, **kw))
    clear_pages()
    assert "Rendered once" in client.get(f"/en/fiche/{fiche.slug}/").content.decode()
    rendered = len(calls)
    clear_pages()
    assert "Rendered once" in client.get(f"/en/fiche/{fiche.slug}/").content.decode()
    assert rendered >= 1 and len(calls) == rendered


def test_queries_per_page_do_not_grow_with_the_content(client):
    def queries(path):
        snapshot.current_data()
        clear_pages()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    pages = [SPAIN, "/en/countries/es/", "/en/", "/en/leaving/country/?nationality=be"]
    before = [queries(path) for path in pages]
    for number in range(30):
        fiche_of("sfp", state=Revision.State.PUBLISHED, topic="pension", title_en=f"Extra fiche {number}")
    assert [queries(path) for path in pages] == before


def test_live_has_one_definition_in_the_database_and_in_the_snapshot():
    import datetime

    fiche, first = fiche_of("sfp", state=Revision.State.PUBLISHED, title_en="First")
    moment = first.publish_from
    second = Revision.objects.create(
        fiche=fiche, number=2, state=Revision.State.PUBLISHED, publish_from=moment, title_en="Second",
        summary_en="s", body_en="b", last_reviewed=datetime.date(2026, 11, 1),
    )  # fmt: skip
    live = list(Revision.objects.filter(fiche=fiche).live(at=moment))
    shown = snapshot.current_data().fiches[fiche.slug].live_revision(moment)
    assert [r.number for r in live] == [second.number] == [shown.number]


def test_live_agrees_in_the_database_and_the_snapshot_at_past_moments_and_after_a_withdrawal():
    """Published, changed, scheduled, withdrawn, published again: at every boundary and between them,
    the database and the snapshot name the same revision (or none)."""
    import datetime

    def revision(number, published, **extra):
        return Revision.objects.create(
            fiche=fiche, number=number, publish_from=published, title_en=f"Revision {number}", summary_en="s",
            body_en="b", last_reviewed=datetime.date(2026, 1, 1), **extra,
        )  # fmt: skip

    day = datetime.timedelta(days=1)
    start = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)
    fiche, first = fiche_of("sfp", state=Revision.State.DRAFT)
    first.delete()
    withdrawn_at = start + 20 * day
    revision(1, start, state=Revision.State.WITHDRAWN, withdrawn_at=withdrawn_at)
    revision(2, start + 10 * day, state=Revision.State.WITHDRAWN, withdrawn_at=withdrawn_at)
    revision(3, start + 30 * day, state=Revision.State.WITHDRAWN, withdrawn_at=withdrawn_at)  # scheduled, never public
    revision(4, start + 40 * day, state=Revision.State.PUBLISHED)
    revision(5, start + 50 * day, state=Revision.State.PUBLISHED)  # scheduled after 4
    expected = {
        start - day: None, start: 1, start + 5 * day: 1, start + 10 * day: 2, withdrawn_at - day: 2,
        withdrawn_at: None, start + 30 * day: None, start + 40 * day: 4, start + 49 * day: 4, start + 50 * day: 5,
        start + 900 * day: 5,
    }  # fmt: skip
    info = snapshot.current_data().fiches[fiche.slug]
    assert [r.number for r in info.revisions] == [5, 4, 2, 1]  # withdrawn ones kept, the never-public one not
    for moment, number in expected.items():
        in_database = [r.number for r in Revision.objects.filter(fiche=fiche).live(at=moment)]
        shown = info.live_revision(moment)
        assert in_database == ([number] if number else []), moment
        assert (shown.number if shown else None) == number, moment


def test_shared_answers_stop_at_the_next_scheduled_publication():
    import datetime

    from django.utils import timezone

    fiche, current = fiche_of("sfp", state=Revision.State.PUBLISHED, title_en="Now")
    later = timezone.now() + datetime.timedelta(days=30)
    Revision.objects.create(
        fiche=fiche, number=2, state=Revision.State.PUBLISHED, publish_from=later, title_en="Later",
        summary_en="s", body_en="b", last_reviewed=datetime.date(2026, 11, 1),
    )  # fmt: skip
    data = snapshot.current_data()
    assert data.next_publication == later
    assert data.steady_at(timezone.now())
    assert not data.steady_at(later)  # from then on answers are computed for the moment asked
    assert data.fiches[fiche.slug].live_revision(later).number == 2


def test_an_idle_process_picks_up_another_process_change_without_a_visitor(monkeypatch, settings):
    import time

    settings.DATA_RELOAD_IN_BACKGROUND = True
    settings.DATA_VERSION_WATCHER = True
    settings.DATA_VERSION_CHECK_SECONDS = 0.1
    snapshot._loaded["own_change"] = True
    served = snapshot.current_data()  # starts the watcher
    replacement = snapshot.SituationData.load()
    monkeypatch.setattr(snapshot.SituationData, "load", staticmethod(lambda: replacement))
    try:
        cache.set(snapshot.VERSION_KEY, "published-elsewhere", timeout=None)
        deadline = time.monotonic() + 5
        while snapshot._loaded["data"] is served and time.monotonic() < deadline:
            time.sleep(0.05)  # no request is made meanwhile
        assert snapshot._loaded["data"] is replacement
        assert replacement.version == "published-elsewhere"
    finally:
        snapshot.stop_watching()


def test_a_fiche_block_on_the_result_page_is_rendered_once_per_snapshot(client, monkeypatch):
    fiche_of("sfp", state="published", topic="pension", body_en="Block rendered once.")
    from portal.templatetags import fiches

    rendered = []
    original = fiches.get_template
    monkeypatch.setattr(fiches, "get_template", lambda name: rendered.append(name) or original(name))
    clear_pages()
    assert "Block rendered once." in client.get(SPAIN).content.decode()
    first = len(rendered)
    clear_pages()
    assert "Block rendered once." in client.get(SPAIN).content.decode()
    assert first >= 1 and len(rendered) == first
