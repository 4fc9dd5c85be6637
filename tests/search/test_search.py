"""The search page on both databases: what it finds (live revisions only, from their time), how it
shows it (escaped, marked, filtered), and that nothing a person types breaks it."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factsheets import workflow
from factsheets.models import Editor, Institution
from search.models import Entry
from search.query import MAX_LENGTH, PER_PAGE
from tests.factories import RevisionFactory
from tests.factsheets.workspace import account, fiche_of

pytestmark = pytest.mark.django_db


def search(client, q, language="en", **params):
    return client.get(f"/{language}/search/", {"q": q, **params})


def forget_pages():
    """Pages cached earlier in the test (the clock is moved, or queries are counted)."""
    from django.core.cache import cache

    from portal import caching

    cache.clear()
    caching.local_pages.items.clear()


def found_slugs(response) -> list:
    return [hit.fiche.slug for hit in response.context["hits"]] if response.context else []


@pytest.fixture
def sfp():
    institution = Institution.objects.get(slug="sfp")
    return {
        "editor": account("editor", Editor.Role.EDITOR, institution),
        "reviewer": account("reviewer", Editor.Role.REVIEWER, institution),
    }


def publish(fiche_revision, people, at=None):
    workflow.submit(fiche_revision, people["editor"])
    workflow.publish(fiche_revision, people["reviewer"], at=at, change_note="New text.")


def test_a_publication_made_now_is_found_at_once(client, sfp):
    fiche, draft = fiche_of("sfp", title_en="Pension abroad: the zebrafinch rule", topic="pension")
    assert fiche.slug not in found_slugs(search(client, "zebrafinch"))
    publish(draft, sfp)
    assert found_slugs(search(client, "zebrafinch")) == [fiche.slug]
    assert Entry.objects.filter(revision=draft).count() == 4


def test_drafts_and_revisions_under_review_are_never_found(client, sfp):
    fiche, draft = fiche_of("sfp", title_en="The quokka draft")
    assert found_slugs(search(client, "quokka")) == []
    workflow.submit(draft, sfp["editor"])
    assert found_slugs(search(client, "quokka")) == []
    assert not Entry.objects.filter(fiche=fiche).exists()


def test_a_new_draft_of_a_published_fiche_leaves_the_public_text_found(client, sfp):
    fiche, revision = fiche_of("sfp", state="published", title_en="Version axolotl")
    draft = workflow.new_draft(fiche, sfp["editor"])
    draft.title_en = "Version narwhal"
    draft.save()
    assert found_slugs(search(client, "axolotl")) == [fiche.slug]
    assert found_slugs(search(client, "narwhal")) == []
    publish(draft, sfp)
    assert found_slugs(search(client, "narwhal")) == [fiche.slug]
    assert found_slugs(search(client, "axolotl")) == []  # the old revision is no longer live


def test_a_withdrawn_fiche_is_no_longer_found(client, sfp):
    fiche, revision = fiche_of("sfp", state="published", title_en="The pangolin advice")
    assert found_slugs(search(client, "pangolin")) == [fiche.slug]
    workflow.withdraw(fiche, sfp["reviewer"])
    assert found_slugs(search(client, "pangolin")) == []
    assert not Entry.objects.filter(fiche=fiche).exists()


def test_a_scheduled_revision_is_found_only_from_its_time(client, sfp):
    fiche, revision = fiche_of("sfp", state="published", title_en="Rules of the okapi year")
    draft = workflow.new_draft(fiche, sfp["editor"])
    draft.title_en = "Rules of the tapir year"
    draft.save()
    moment = timezone.now() + datetime.timedelta(days=30)
    publish(draft, sfp, at=moment)
    assert found_slugs(search(client, "tapir")) == []
    assert found_slugs(search(client, "okapi")) == [fiche.slug]
    with time_machine.travel(moment + datetime.timedelta(minutes=1), tick=False):
        forget_pages()  # cached pages expire after PAGE_CACHE_SECONDS; here a month has passed
        assert found_slugs(search(client, "tapir")) == [fiche.slug]
        assert found_slugs(search(client, "okapi")) == []


def test_each_language_searches_its_own_texts(client):
    fiche, revision = fiche_of(
        "sfp", state="published", title_fr="Le pécule des gnous", title_nl="Het vakantiegeld van de gnoes",
        title_de="Das Urlaubsgeld der Gnus", title_en="The holiday pay of the wildebeest",
    )  # fmt: skip
    assert found_slugs(search(client, "pecule", "fr")) == [fiche.slug]  # accents do not count
    assert found_slugs(search(client, "PÉCULE", "fr")) == [fiche.slug]  # nor capitals
    assert found_slugs(search(client, "vakantiegeld", "nl")) == [fiche.slug]
    assert found_slugs(search(client, "urlaubsgeld", "de")) == [fiche.slug]
    assert found_slugs(search(client, "wildebeest", "en")) == [fiche.slug]
    assert found_slugs(search(client, "wildebeest", "fr")) == []


def test_the_title_ranks_before_the_summary_and_the_summary_before_the_body(client):
    in_body, _r = fiche_of("sfp", state="published", body_en="Something about the capybara here.")
    in_title, _r = fiche_of("sfp", state="published", title_en="The capybara fiche")
    in_summary, _r = fiche_of("sfp", state="published", summary_en="A summary that names the capybara.")
    assert found_slugs(search(client, "capybara")) == [in_title.slug, in_summary.slug, in_body.slug]


def test_outcomes_are_searched_too(client):
    fiche, _r = fiche_of("sfp", state="published", outcome_en="Ask the pension service for the ibex form.")
    assert found_slugs(search(client, "ibex")) == [fiche.slug]


def test_the_words_found_are_marked_and_every_text_is_escaped(client):
    fiche, _r = fiche_of(
        "sfp", state="published", title_en="Pension <b>bold</b> & the marmot",
        summary_en="Summary with <script>alert('x')</script> and the marmot.",
    )  # fmt: skip
    page = search(client, "marmot").content.decode()
    assert "<mark>marmot</mark>" in page
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; the <mark>marmot</mark>" in page
    assert f'href="/en/fiche/{fiche.slug}/"' in page
    typed = search(client, '<img src=x onerror=alert(1)> marmot"').content.decode()
    assert "<img src=x" not in typed and "&lt;img src=x onerror=alert(1)&gt;" in typed


def test_subjects_and_institutions_filter_the_results_by_plain_links(client):
    pension, _r = fiche_of("sfp", state="published", title_en="The dugong pension", topic="pension")
    unemployment, _r = fiche_of("onem", state="published", title_en="The dugong benefit", topic="unemployment")
    response = search(client, "dugong")
    assert set(found_slugs(response)) == {pension.slug, unemployment.slug}
    page = response.content.decode()
    assert 'href="/en/search/?q=dugong&amp;topic=pension"' in page
    assert 'href="/en/search/?q=dugong&amp;institution=onem"' in page
    assert found_slugs(search(client, "dugong", topic="pension")) == [pension.slug]
    assert found_slugs(search(client, "dugong", institution="onem")) == [unemployment.slug]
    assert found_slugs(search(client, "dugong", topic="pension", institution="onem")) == []


def test_countries_and_institutions_are_found_by_name(client):
    page = search(client, "pension Morocco").content.decode()
    assert 'href="/en/countries/ma/"' in page
    assert 'href="/en/institutions/sfp/"' in page  # the Federal Pensions Service
    assert 'href="/nl/institutions/onem/"' in search(client, "RVA", "nl").content.decode()
    assert 'href="/de/countries/ma/"' in search(client, "marokko", "de").content.decode()


def test_no_result_offers_the_wizard_and_the_countries(client):
    response = search(client, "xylophonequartz")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing found for “xylophonequartz”" in page
    assert 'href="/en/leaving/"' in page and 'href="/en/coming/"' in page
    assert 'href="/en/countries/"' in page


@pytest.mark.parametrize(
    "q",
    [
        "",
        " ",
        "x" * 10_000,
        "pension " * 1_500,
        "\x00",
        "pen\x00sion",
        "\x01\x02\x03\x1b[31m\x7f",
        "'; DROP TABLE search_entry; --",
        "' OR 1=1 --",
        "pension) | (!",
        "a & b | !c <-> d:*",
        '"unbalanced quote',
        "'",
        '"',
        "<script>alert(1)</script>",
        "</mark><mark>",
        "!!!???...",
        "-",
        "-pension",
        "or",
        "*",
        "\\",
        "%",
        "_",
        "\u202e\ufeff",
        "日本語 العربية",
        "💥",
    ],
)
def test_nothing_typed_causes_a_server_error(client, q):
    fiche_of("sfp", state="published", title_en="Pension abroad")
    for language in ("fr", "nl", "de", "en"):
        response = search(client, q, language)
        assert response.status_code in (200, 301), (q, language)
        if response.status_code == 301:
            assert client.get(response["Location"]).status_code == 200


def test_a_query_too_long_is_cut_with_a_message(client):
    fiche_of("sfp", state="published", title_en="The walrus pension")
    response = search(client, "walrus " + "x" * MAX_LENGTH)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"longer than {MAX_LENGTH} characters" in page
    assert len(response.context["params"].q) == MAX_LENGTH
    assert "Cache-Control" not in response or "public" not in response["Cache-Control"]


def test_control_characters_are_stripped_and_the_address_made_canonical(client):
    response = client.get("/en/search/?q=%00pen%01sion%1f&page=1&topic=nothing&junk=1")
    assert response.status_code == 301
    assert response["Location"] == "/en/search/?q=pen+sion"
    assert client.get("/en/search/?q=").status_code == 301
    assert client.get("/en/search/?q=+pension++abroad+")["Location"] == "/en/search/?q=pension+abroad"
    assert client.get("/en/search/?q=pension&page=x")["Location"] == "/en/search/?q=pension"


def test_the_page_is_cached_like_other_pages_and_sets_no_cookie(client):
    fiche_of("sfp", state="published", title_en="The lemur pension")
    response = search(client, "lemur")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and response.has_header("ETag")
    assert not response.cookies
    again = client.get("/en/search/?q=lemur", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_results_are_paged(client):
    for n in range(PER_PAGE + 5):
        fiche_of("sfp", state="published", title_en=f"Walrus pension {n}")
    first = search(client, "walrus")
    assert len(first.context["hits"]) == PER_PAGE and first.context["total"] == PER_PAGE + 5
    assert 'href="/en/search/?q=walrus&amp;page=2"' in first.content.decode()
    second = search(client, "walrus", page="2")
    assert len(second.context["hits"]) == 5
    assert 'href="/en/search/?q=walrus"' in second.content.decode()  # back to the first page
    assert search(client, "walrus", page="3").status_code == 404


def test_the_number_of_queries_does_not_grow_with_the_fiches(client):
    def queries(q):
        search(client, "warmup")  # the snapshot is loaded outside the count
        forget_pages()
        with CaptureQueriesContext(connection) as captured:
            response = search(client, q)
        assert response.status_code == 200 and response.context["total"] >= 3
        return len(captured)

    for n in range(3):
        fiche_of("sfp", state="published", title_en=f"Beaver pension {n}")
    few = queries("beaver")
    for n in range(30):
        fiche_of("sfp", state="published", title_en=f"Beaver pension more {n}")
    assert queries("beaver pension") == few


def test_the_header_has_a_search_box_on_every_page(client):
    page = client.get("/nl/countries/").content.decode()
    assert 'role="search"' in page and 'action="/nl/search/"' in page and 'name="q"' in page
    assert '<label class="visually-hidden" for="site-search-q">' in page


def test_rebuilding_the_index_gives_the_same_entries(client):
    fiche, _r = fiche_of("sfp", state="published", title_en="The ocelot pension")
    RevisionFactory(fiche=fiche, number=2, published=True, title_en="The ocelot pension, second")
    RevisionFactory(state="draft")
    fields = ("revision_id", "language", "title", "text", "publish_from", "until")
    before = sorted(Entry.objects.values_list(*fields))
    assert len(before) == 8
    Entry.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "8 entries" in out.getvalue()
    assert sorted(Entry.objects.values_list(*fields)) == before


def test_of_two_revisions_published_at_the_same_moment_the_higher_number_is_found(client):
    fiche, first = fiche_of("sfp", state="published", title_en="The gecko text")
    RevisionFactory(fiche=fiche, number=2, state="published", publish_from=first.publish_from, title_en="The newt text")
    assert found_slugs(search(client, "newt")) == [fiche.slug]
    assert found_slugs(search(client, "gecko")) == []
    assert client.get(f"/en/fiche/{fiche.slug}/").context["fiche"]["number"] == 2  # as the fiche page shows


def test_when_the_latest_publication_is_deleted_the_one_before_is_found_again(client):
    fiche, first = fiche_of("sfp", state="published", title_en="The heron text")
    second = RevisionFactory(fiche=fiche, number=2, published=True, title_en="The egret text")
    assert found_slugs(search(client, "heron")) == []
    second.delete()
    assert found_slugs(search(client, "heron")) == [fiche.slug]
    assert found_slugs(search(client, "egret")) == []
