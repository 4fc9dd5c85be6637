"""Atom feeds of changes, in the language of the address: everything, per institution, per subject
and per country. Each entry links to the fiche (or the page of what changed) and, for a revision, to
the fiche's history at that revision. Cached like the pages; an unknown identifier answers 404."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from agreements.regime import pick_text
from portal.caching import cached_page
from situations.data import current_data

from .entries import Scope, changes

# Entry ids are tag URIs (RFC 4151) minted on this day: they never change for an entry.
TAG_DATE = "2026-12-03"


class ChangesAtom(Atom1Feed):
    """Atom 1.0 with, per entry, a second link: rel="related" to what changed (the fiche's history)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("related"):
            handler.addQuickElement("link", "", {"rel": "related", "href": item["related"], "type": "text/html"})


class ChangesFeed(Feed):
    feed_type = ChangesAtom

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return {"data": current_data(), **kwargs}

    def scope(self, obj) -> Scope:
        raise NotImplementedError

    def items(self, obj):
        return changes(obj["data"], self.scope(obj))

    def feed_guid(self, obj):
        return self.request.build_absolute_uri(self.request.path)

    def subtitle(self, obj):
        return gettext(
            "Information sheets published, changed or withdrawn, new amounts, and changes of the dates of the "
            "agreements: the latest 50."
        )

    def author_name(self, obj):
        return gettext("Belgian social security across borders")

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return escape(entry.summary)  # Atom's summary is type="html": the plain text, escaped

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        host, _port = split_domain_port(self.request.get_host())
        return f"tag:{host or 'localhost'},{TAG_DATE}:{entry.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry.at

    def item_updateddate(self, entry):
        return entry.at

    def item_author_name(self, entry):
        return entry.author or None

    def item_categories(self, entry):
        return [entry.category] if entry.category else []

    def item_extra_kwargs(self, entry):
        return {"related": self.request.build_absolute_uri(entry.related) if entry.related else ""}


class EverythingFeed(ChangesFeed):
    def scope(self, obj):
        return Scope(instruments=True)

    def title(self, obj):
        return gettext("Changes – Belgian social security across borders")

    def link(self, obj):
        return reverse("home")


class InstitutionFeed(ChangesFeed):
    def get_object(self, request, *args, slug, **kwargs):
        data = current_data()
        if slug not in data.institutions:
            raise Http404
        return {"data": data, "institution": data.institutions[slug]}

    def scope(self, obj):
        return Scope(institution=obj["institution"].slug)

    def title(self, obj):
        return gettext("Changes: %(name)s") % {"name": obj["institution"].name()}

    def link(self, obj):
        return reverse("institution", args=[obj["institution"].slug])


class TopicFeed(ChangesFeed):
    def get_object(self, request, *args, slug, **kwargs):
        data = current_data()
        if slug not in data.topics:
            raise Http404
        return {"data": data, "topic": data.topics[slug]}

    def scope(self, obj):
        criteria = obj["data"].criteria.get(obj["topic"].slug, ())
        return Scope(fiches=frozenset(c.fiche for c in criteria))

    def title(self, obj):
        return gettext("Changes: %(subject)s") % {"subject": obj["topic"].name()}

    def link(self, obj):
        return reverse("home")


class CountryFeed(ChangesFeed):
    def get_object(self, request, *args, code, **kwargs):
        data = current_data()
        if code not in data.countries or code == "be":
            raise Http404
        return {"data": data, "code": code}

    def scope(self, obj):
        data, code = obj["data"], obj["code"]
        instruments = {row.instrument.slug for row in data.agreements.coverages.get(code, ())}
        fiches = frozenset(
            c.fiche
            for criteria in data.criteria.values()
            for c in criteria
            if code in c.countries or not c.instruments.isdisjoint(instruments)
        )
        return Scope(fiches=fiches, country=code)

    def title(self, obj):
        names = obj["data"].countries[obj["code"]]
        return gettext("Changes: %(country)s") % {"country": pick_text(names, None)}

    def link(self, obj):
        return reverse("country", args=[obj["code"]])


def _view(feed):
    @require_safe
    @cached_page(query=False)
    def view(request, **kwargs):
        return feed()(request, **kwargs)  # one instance per request: it keeps the request

    return view


changes_feed = _view(EverythingFeed)
institution_feed = _view(InstitutionFeed)
topic_feed = _view(TopicFeed)
country_feed = _view(CountryFeed)
