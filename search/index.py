"""Keeping the search index equal to what is published.

A revision's entries are written again whenever it is saved (raw fixture loads included): a
published revision gets one entry per language, any other state none. Entries are written in the
transaction that saves the revision, so the index commits or rolls back with the publication.
"""

import re

from django.contrib.postgres.search import SearchVector
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from agreements.regime import pick_text
from factsheets.rendering import plain_text
from factsheets.text import AMOUNT, for_direction

LANGUAGES = ("fr", "nl", "de", "en")
# Text search configurations created by the migration: the language's stemmer after unaccent.
CONFIGS = {"fr": "search_french", "nl": "search_dutch", "de": "search_german", "en": "search_english"}
PUBLISHED = "published"

# Control characters (tab, line feed and carriage return become spaces): never indexed, never shown.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
FICHE_LINK = re.compile(r"\[([^\]]*)\]\(fiche:[a-z0-9-]+\)")


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", CONTROL.sub(" ", text or "")).strip()


def words(markdown: str) -> str:
    """The words a reader sees, as plain text: both directions' passages, amounts left out (their
    value changes with the day), links to other fiches reduced to their text."""
    text = for_direction(markdown or "", None, labels={})
    text = AMOUNT.sub(" ", text)
    text = FICHE_LINK.sub(r"\1", text)
    return clean(plain_text(text))


def is_postgresql(using=DEFAULT_DB_ALIAS) -> bool:
    return connections[using].vendor == "postgresql"


def entries_for(revision, entry_model):
    """The entries of a published revision, one per language (a missing language falls back as the
    public page does)."""

    def texts(name):
        return {lang: getattr(revision, f"{name}_{lang}") or "" for lang in LANGUAGES}

    titles, summaries, bodies, outcomes = texts("title"), texts("summary"), texts("body"), texts("outcome")
    return [
        entry_model(
            revision_id=revision.pk,
            fiche_id=revision.fiche_id,
            number=revision.number,
            publish_from=revision.publish_from,
            language=lang,
            title=words(pick_text(titles, lang)),
            summary=words(pick_text(summaries, lang)),
            text=clean(f"{words(outcomes[lang])} {words(pick_text(bodies, lang))}"),
        )
        for lang in LANGUAGES
    ]


def fill_vectors(entries, using=DEFAULT_DB_ALIAS):
    """Compute the vectors of these entries (PostgreSQL only): one UPDATE per language."""
    if not is_postgresql(using):
        return
    for lang, config in CONFIGS.items():
        entries.filter(language=lang).update(
            vector=SearchVector("title", config=config, weight="A")
            + SearchVector("summary", config=config, weight="B")
            + SearchVector("text", config=config, weight="C")
        )


def set_until(entries):
    """Each entry's `until`: the publication of the next revision of its fiche in that language, in
    the public order (publication moment, then number). Of two published at the same moment, the
    lower number gets an empty range: it is never live, as in the public snapshot."""
    rows = sorted(entries.values_list("fiche_id", "language", "publish_from", "number", "id", "until"))
    changed = []
    for position, (fiche, language, _publish_from, _number, entry, until) in enumerate(rows):
        following = rows[position + 1] if position + 1 < len(rows) else None
        new = following[2] if following and following[:2] == (fiche, language) else None
        if new != until:
            changed.append((entry, new))
    model = entries.model
    model.objects.using(entries.db).bulk_update(
        [model(id=entry, until=until) for entry, until in changed], ["until"], batch_size=500
    )


def index_revision(revision, *, entry_model=None, using=DEFAULT_DB_ALIAS):
    if entry_model is None:
        from .models import Entry as entry_model
    entries = entry_model.objects.using(using)
    with transaction.atomic(using=using):
        deleted, _by_model = entries.filter(revision_id=revision.pk).delete()
        published = revision.state == PUBLISHED and revision.publish_from is not None
        if published:
            entries.bulk_create(entries_for(revision, entry_model))
            fill_vectors(entries.filter(revision_id=revision.pk), using)
        if published or deleted:
            set_until(entries.filter(fiche_id=revision.fiche_id))


def rebuild(*, revision_model=None, entry_model=None, using=DEFAULT_DB_ALIAS) -> int:
    """The whole index from the published revisions; returns how many entries it holds."""
    if revision_model is None:
        from factsheets.models import Revision as revision_model
    if entry_model is None:
        from .models import Entry as entry_model
    with transaction.atomic(using=using):
        entry_model.objects.using(using).all().delete()
        published = revision_model.objects.using(using).filter(state=PUBLISHED, publish_from__isnull=False)
        for revision in published.iterator(chunk_size=500):
            entry_model.objects.using(using).bulk_create(entries_for(revision, entry_model))
        fill_vectors(entry_model.objects.using(using).all(), using)
        set_until(entry_model.objects.using(using).all())
        return entry_model.objects.using(using).count()


def revision_saved(sender, instance, raw=False, using=DEFAULT_DB_ALIAS, **kwargs):
    index_revision(instance, using=using or DEFAULT_DB_ALIAS)


def revision_deleted(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    from .models import Entry

    set_until(Entry.objects.using(using or DEFAULT_DB_ALIAS).filter(fiche_id=instance.fiche_id))
