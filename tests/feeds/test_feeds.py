"""Atom feeds of changes: valid Atom (parsed with feedparser), a publication made here is listed,
each feed lists its own institution's, subject's or country's changes only, a scheduled publication
only from its moment, unknown identifiers answer 404, and the pages announce them."""

import datetime

import feedparser
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from agreements import changes
from agreements.models import Country, Coverage, Instrument, InstrumentChange
from factsheets import workflow
from factsheets.models import Editor, Event, Institution, Revision
from situations.models import Criterion, Topic
from tests.factories import AmountFactory, AmountValueFactory
from tests.factsheets.workspace import account, complete_texts, fiche_of

pytestmark = pytest.mark.django_db

EVERYTHING = "/en/feeds/changes.atom"
ATOM = "http://www.w3.org/2005/Atom"


@pytest.fixture
def sfp():
    institution = Institution.objects.get(slug="sfp")
    return {
        "editor": account("editor", Editor.Role.EDITOR, institution),
        "reviewer": account("reviewer", Editor.Role.REVIEWER, institution),
    }


def published(reviewer, editor, title, *, institution="sfp", topic="pension", at=None, **criteria):
    fiche, draft = fiche_of(institution, topic=topic, **complete_texts(title))
    if criteria:
        criterion = Criterion.objects.get(fiche=fiche)
        for name, values in criteria.items():
            getattr(criterion, name).set(values)
    workflow.submit(draft, editor)
    workflow.publish(draft, reviewer, at=at)
    return fiche


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def check_structure(feed, url):
    """What Atom requires (RFC 4287 4.1.1, 4.1.2): feed id, title, updated and an author; each entry
    an id, a title, updated and a link."""
    assert feed.feed.id == f"http://testserver{url}"
    assert feed.feed.title and feed.feed.updated_parsed
    assert feed.feed.author_detail.name
    assert any(link.rel == "self" and link.href == f"http://testserver{url}" for link in feed.feed.links)
    for entry in feed.entries:
        assert entry.id.startswith("tag:testserver,2026-12-03:")
        assert entry.title and entry.updated_parsed and entry.link.startswith("http://testserver/")
        assert entry.author_detail.name
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)


def expire_pages():
    """The cached pages expire (PAGE_CACHE_SECONDS); the data version stays."""
    from django.core.cache import cache

    from portal import caching

    caching.local_pages.items.clear()
    cache.delete_many([key.split(":", 2)[-1] for key in cache._cache if ":page:" in key])


def titles(feed):
    return [entry.title for entry in feed.entries]


def test_the_feed_of_everything_is_valid_atom_and_lists_a_publication_made_now(client, sfp):
    fiche = published(sfp["reviewer"], sfp["editor"], "Pension abroad")
    feed = parse(client, EVERYTHING)
    check_structure(feed, EVERYTHING)
    entry = feed.entries[0]
    assert entry.title == "New information sheet: Pension abroad title [en]"
    assert entry.link == f"http://testserver/en/fiche/{fiche.slug}/"
    related = [link.href for link in entry.links if link.rel == "related"]
    assert related == [f"http://testserver/en/fiche/{fiche.slug}/history/#revision-1"]
    assert "Pension abroad summary [en]" in entry.summary
    assert entry.author_detail.name == Institution.objects.get(slug="sfp").name_en


def test_a_change_and_a_withdrawal_are_entries_with_the_change_note(client, sfp):
    fiche = published(sfp["reviewer"], sfp["editor"], "Changing sheet")
    second = workflow.new_draft(fiche, sfp["editor"])
    workflow.submit(second, sfp["editor"])
    workflow.publish(second, sfp["reviewer"], change_note="The form to use is now the S1.")
    workflow.withdraw(fiche, sfp["reviewer"])  # both revisions: one entry
    feed = parse(client, EVERYTHING)
    ours = [e for e in feed.entries if "Changing sheet" in e.title]
    assert [e.title.split(":")[0] for e in ours] == ["Withdrawn", "Changed", "New information sheet"]
    assert "The form to use is now the S1." in ours[1].summary
    # Withdrawn: the fiche page is gone, so the entries lead to its history.
    assert ours[0].link == f"http://testserver/en/fiche/{fiche.slug}/history/#revision-2"


def test_a_scheduled_publication_is_listed_only_from_its_moment(client, sfp):
    moment = timezone.now() + datetime.timedelta(days=3)
    published(sfp["reviewer"], sfp["editor"], "Next year's rules", at=moment)
    assert not [t for t in titles(parse(client, EVERYTHING)) if "Next year" in t]
    assert Event.objects.filter(step=Event.Step.SCHEDULED).exists()
    expire_pages()  # what PAGE_CACHE_SECONDS does
    with time_machine.travel(moment + datetime.timedelta(minutes=1), tick=False):
        later = parse(client, EVERYTHING)
    ours = [e for e in later.entries if "Next year" in e.title]
    assert len(ours) == 1
    assert datetime.datetime(*ours[0].updated_parsed[:6], tzinfo=datetime.UTC) == moment.replace(microsecond=0)


def test_a_publication_withdrawn_before_its_moment_is_never_listed(client, sfp):
    moment = timezone.now() + datetime.timedelta(days=3)
    fiche = published(sfp["reviewer"], sfp["editor"], "Never public", at=moment)
    workflow.withdraw(fiche, sfp["reviewer"])
    expire_pages()
    with time_machine.travel(moment + datetime.timedelta(days=1), tick=False):
        assert not [t for t in titles(parse(client, EVERYTHING)) if "Never public" in t]


def test_drafts_and_submissions_are_never_listed(client, sfp):
    fiche, draft = fiche_of("sfp", **complete_texts("Only a draft"))
    workflow.submit(draft, sfp["editor"])
    assert not [t for t in titles(parse(client, EVERYTHING)) if "Only a draft" in t]


def test_the_feed_of_an_institution_lists_its_fiches_and_amounts_only(client, sfp):
    published(sfp["reviewer"], sfp["editor"], "An SFP sheet")
    onem = Institution.objects.get(slug="onem")
    published(
        account("onem-reviewer", Editor.Role.REVIEWER, onem), account("onem-editor", Editor.Role.EDITOR, onem),
        "An ONEM sheet", institution="onem", topic="unemployment",
    )  # fmt: skip
    amount = AmountFactory(slug="sfp-test-minimum", unit="eur-month", institution=Institution.objects.get(slug="sfp"))
    value = AmountValueFactory(amount=amount, value="1500.00", applies_from=datetime.date(2027, 1, 1), state="draft")
    workflow.publish_value(value, sfp["reviewer"])
    url = "/en/feeds/institutions/sfp.atom"
    feed = parse(client, url)
    check_structure(feed, url)
    assert "New information sheet: An SFP sheet title [en]" in titles(feed)
    assert not [t for t in titles(feed) if "ONEM sheet" in t]
    amounts = [e for e in feed.entries if e.title.startswith("New amount:")]
    assert len(amounts) == 1 and "1,500.00" in amounts[0].summary
    assert amounts[0].link == "http://testserver/en/institutions/sfp/"  # no public fiche quotes it
    other = parse(client, "/en/feeds/institutions/onem.atom")
    assert [t for t in titles(other) if "ONEM sheet" in t] and not [t for t in titles(other) if "SFP sheet" in t]
    assert not [e for e in other.entries if e.title.startswith("New amount:")]


def test_the_feed_of_a_subject_lists_the_fiches_of_that_subject(client, sfp):
    published(sfp["reviewer"], sfp["editor"], "About pensions", topic="pension")
    published(sfp["reviewer"], sfp["editor"], "About health care", topic="health-care")
    url = "/en/feeds/topics/pension.atom"
    feed = parse(client, url)
    check_structure(feed, url)
    assert [t for t in titles(feed) if "About pensions" in t] and not [t for t in titles(feed) if "health care" in t]
    assert "Pension" in feed.feed.title
    assert [t for t in titles(parse(client, "/en/feeds/topics/health-care.atom")) if "About health care" in t]


def test_the_feed_of_a_country_lists_the_fiches_naming_it_or_its_instruments_and_its_dates(client, sfp):
    spain, japan = Country.objects.get(code="es"), Country.objects.get(code="jp")
    published(sfp["reviewer"], sfp["editor"], "Named Spain", countries=[spain])
    eu = Instrument.objects.get(slug="eu-regulation-883-2004")
    published(sfp["reviewer"], sfp["editor"], "Under the EU rules", instruments=[eu])
    published(sfp["reviewer"], sfp["editor"], "Named Japan", countries=[japan])
    architect = account("architect", Editor.Role.ARCHITECT)
    coverage = Coverage.objects.filter(instrument=eu, country=spain).order_by("valid_from").first()
    before = Coverage.objects.get(pk=coverage.pk)
    coverage.valid_from = coverage.valid_from + datetime.timedelta(days=1)
    coverage.save()
    changes.coverage_saved(before, coverage, architect)
    url = "/en/feeds/countries/es.atom"
    feed = parse(client, url)
    check_structure(feed, url)
    found = titles(feed)
    assert [t for t in found if "Named Spain" in t] and [t for t in found if "Under the EU rules" in t]
    assert not [t for t in found if "Named Japan" in t]
    dates = [e for e in feed.entries if "dates for Spain changed" in e.title]
    assert len(dates) == 1 and dates[0].link == "http://testserver/en/countries/es/"
    japan_feed = titles(parse(client, "/en/feeds/countries/jp.atom"))
    assert [t for t in japan_feed if "Named Japan" in t] and not [t for t in japan_feed if "Spain" in t]
    assert [e for e in parse(client, EVERYTHING).entries if "dates for Spain changed" in e.title]


def test_an_instruments_own_dates_reach_every_country_it_covers(client):
    architect = account("architect", Editor.Role.ARCHITECT)
    eu = Instrument.objects.get(slug="eu-regulation-883-2004")
    before = Instrument.objects.get(pk=eu.pk)
    eu.in_force_until = datetime.date(2099, 12, 31)
    eu.save()
    assert changes.instrument_saved(before, eu, architect).kind == InstrumentChange.Kind.DATES
    assert changes.instrument_saved(Instrument.objects.get(pk=eu.pk), eu, architect) is None  # nothing changed
    spain = [e for e in parse(client, "/en/feeds/countries/es.atom").entries if e.title.startswith("Dates changed")]
    assert len(spain) == 1 and "31 December 2099" in spain[0].summary
    assert not [e for e in parse(client, "/en/feeds/countries/jp.atom").entries if e.title.startswith("Dates changed")]


def test_an_architect_saving_a_countrys_dates_in_the_admin_records_the_change(client):
    architect = account("architect", Editor.Role.ARCHITECT)
    client.force_login(architect)
    coverage = Coverage.objects.filter(instrument__slug="eu-regulation-883-2004", country="es").order_by("valid_from").last()
    url = reverse("admin:agreements_coverage_change", args=[coverage.pk])
    form = {
        "instrument": coverage.instrument_id, "country": coverage.country_id,
        "valid_from": coverage.valid_from.isoformat(), "valid_until": "2098-12-31", "persons": coverage.persons,
        "stateless_and_refugees": "on" if coverage.stateless_and_refugees else "",
        "third_country_nationals": "on" if coverage.third_country_nationals else "",
        "nationals_of": coverage.nationals_of_id or "", "_save": "Save",
    }  # fmt: skip
    if coverage.part_of_territory:
        form["part_of_territory"] = "on"
    if coverage.posting_for_everyone:
        form["posting_for_everyone"] = "on"
    form = {k: v for k, v in form.items() if v != ""}
    response = client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    change = InstrumentChange.objects.get()
    assert (change.kind, change.country_id, change.until_after, change.user) == (
        InstrumentChange.Kind.COUNTRY_DATES, "es", datetime.date(2098, 12, 31), architect,
    )  # fmt: skip
    client.post(url, form)  # saved again unchanged: nothing new
    assert InstrumentChange.objects.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/en/feeds/institutions/no-such-institution.atom",
        "/en/feeds/topics/astronomy.atom",
        "/en/feeds/countries/zz.atom",
        "/en/feeds/countries/be.atom",
        "/en/feeds/changes.xml",
    ],
)
def test_an_unknown_feed_answers_404(client, url):
    assert client.get(url).status_code == 404


def test_feeds_are_per_language_and_cached_like_pages(client, sfp):
    fiche = published(sfp["reviewer"], sfp["editor"], "In four languages")
    french = parse(client, "/fr/feeds/changes.atom")
    assert french.feed.language == "fr"
    entry = [e for e in french.entries if "In four languages" in e.title][0]
    assert "In four languages title [fr]" in entry.title and entry.link.endswith(f"/fr/fiche/{fiche.slug}/")
    response = client.get(EVERYTHING)
    assert "public" in response["Cache-Control"] and response["ETag"]
    assert client.get(EVERYTHING, headers={"if-none-match": response["ETag"]}).status_code == 304
    redirected = client.get(EVERYTHING + "?page=2")
    assert redirected.status_code == 301 and redirected["Location"] == EVERYTHING


def test_a_feed_holds_the_latest_50_entries(client, sfp):
    fiche, revision = fiche_of("sfp", state=Revision.State.PUBLISHED)
    start = timezone.now() - datetime.timedelta(days=100)
    for number in range(2, 62):
        later = Revision.objects.create(
            fiche=fiche, number=number, state=Revision.State.PUBLISHED, last_reviewed=timezone.localdate(),
            publish_from=start + datetime.timedelta(days=number), change_note=f"Change {number}.",
            **complete_texts(f"Number {number}"),
        )  # fmt: skip
        workflow.record(Event.Step.PUBLISHED, sfp["reviewer"], revision=later)
    feed = parse(client, EVERYTHING)
    assert len(feed.entries) == 50
    assert feed.entries[0].title == "Changed: Number 61 title [en]"
    assert feed.entries[-1].title == "Changed: Number 12 title [en]"


def test_the_pages_announce_their_feeds(client, sfp):
    fiche = published(sfp["reviewer"], sfp["editor"], "Announced")
    alternate = '<link rel="alternate" type="application/atom+xml"'
    home = client.get("/en/").content.decode()
    assert f'{alternate} title="Changes on this site (Atom feed)" href="/en/feeds/changes.atom">' in home
    institution = client.get("/en/institutions/sfp/").content.decode()
    assert 'href="/en/feeds/institutions/sfp.atom"' in institution.split("</head>")[0]
    assert "Follow changes (Atom feed)" in institution.split("</head>")[1]
    country = client.get("/en/countries/es/").content.decode()
    assert 'href="/en/feeds/countries/es.atom"' in country.split("</head>")[0]
    assert "Follow changes (Atom feed)" in country.split("</head>")[1]
    sheet = client.get(f"/en/fiche/{fiche.slug}/").content.decode()
    assert 'href="/en/feeds/institutions/sfp.atom"' in sheet.split("</head>")[0]


def test_texts_are_plain_text_in_the_feed_with_amounts_filled_in(client, sfp):
    amount = AmountFactory(slug="feed-minimum", unit="eur-month", institution=Institution.objects.get(slug="sfp"))
    AmountValueFactory(amount=amount, value="1234.00", applies_from=datetime.date(2020, 1, 1))
    fiche, draft = fiche_of(
        "sfp", **(complete_texts("Plain") | {"summary_en": "At least {{ amount:feed-minimum }}, <script>not code</script> & more"})
    )
    workflow.submit(draft, sfp["editor"])
    workflow.publish(draft, sfp["reviewer"])
    entry = [e for e in parse(client, EVERYTHING).entries if "Plain title" in e.title][0]
    assert "1,234.00" in entry.summary and "{{" not in entry.summary
    assert "&lt;script&gt;not code&lt;/script&gt; &amp; more" in entry.summary  # shown as written, never run


def form_values(html_text: str, form_id: str) -> list:
    """What a browser sends for the form: its inputs, checked boxes, selected options and textareas."""
    from html.parser import HTMLParser

    class Form(HTMLParser):
        def __init__(self):
            super().__init__()
            self.inside, self.values, self.select, self.textarea = False, [], None, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "form" and attrs.get("id") == form_id:
                self.inside = True
            if not self.inside:
                return
            if tag == "input" and attrs.get("name") and attrs.get("type") not in ("submit", "button", "file"):
                if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                    self.values.append((attrs["name"], attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")))
            elif tag == "select":
                self.select = attrs.get("name")
            elif tag == "option" and self.select and "selected" in attrs:
                self.values.append((self.select, attrs.get("value", "")))
            elif tag == "textarea":
                self.textarea = [attrs.get("name"), ""]

        def handle_data(self, data):
            if self.textarea is not None:
                self.textarea[1] += data

        def handle_endtag(self, tag):
            if tag == "form":
                self.inside = False
            elif tag == "select":
                self.select = None
            elif tag == "textarea" and self.textarea is not None:
                self.values.append((self.textarea[0], self.textarea[1].lstrip("\n")))
                self.textarea = None

    parser = Form()
    parser.feed(html_text)
    return parser.values


def test_an_architect_saving_an_instrument_with_its_countries_in_the_admin_records_each_change(client):
    architect = account("architect", Editor.Role.ARCHITECT)
    client.force_login(architect)
    instrument = Instrument.objects.get(slug="eu-regulation-883-2004")
    url = reverse("admin:agreements_instrument_change", args=[instrument.pk])
    page = client.get(url)
    assert page.status_code == 200
    values = form_values(page.content.decode(), "instrument_form")
    rows = {name.rsplit("-", 1)[0] for name, value in values if name.endswith("-country") and value == "es"}
    spain = sorted(rows)[-1]  # a country's later period
    since = Coverage.objects.filter(instrument=instrument, country="es").order_by("valid_from").last().valid_from
    data = {}
    for name, value in values:
        data.setdefault(name, []).append(value)
    data[f"{spain}-valid_from"] = [(since + datetime.timedelta(days=1)).isoformat()]
    data["_save"] = ["Save"]
    response = client.post(url, data)
    assert response.status_code == 302, [f.errors for f in response.context["inline_admin_formsets"][0].formset.forms if f.errors]
    change = InstrumentChange.objects.get()
    assert (change.kind, change.country_id, change.from_before, change.from_after) == (
        InstrumentChange.Kind.COUNTRY_DATES, "es", since, since + datetime.timedelta(days=1),
    )  # fmt: skip
    assert [e for e in parse(client, "/en/feeds/countries/es.atom").entries if "dates for Spain changed" in e.title]
