"""Which page an answer is about, and who sees it: decided from the page's address alone, never from
what the form claims (the form of a cached page is the same for every visitor)."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils import timezone

from factsheets.models import Institution
from situations.data import current_data
from situations.resolver import InvalidValue, resolve

from .counting import classify
from .flushing import situation_of
from .models import Feedback, FeedbackInstitution

MAX_COMMENT = 1000
MAX_PATH = 400


@dataclass
class Page:
    path: str
    page_type: str
    language: str
    situation: dict = field(default_factory=dict)
    fiche: str = ""
    institutions: tuple = ()


def page_of(address: str) -> Page | None:
    """The result or fiche page at this address of the site, or None."""
    if not address or len(address) > MAX_PATH or not address.startswith("/") or address.startswith("//"):
        return None
    parts = urlsplit(address)
    if parts.scheme or parts.netloc or parts.fragment:
        return None
    found = classify(parts.path)
    if found is None:
        return None
    language, name, direction, slug = found
    data = current_data()
    if name == "result":
        try:
            situation = situation_of(data, direction, parts.query)
        except (InvalidValue, ValueError):
            return None
        resolution = resolve(data, situation)
        institutions = set()
        for topic in resolution.topics:
            institutions |= {match.fiche.institution for match in topic.fiches}
            if not topic.fiches:
                institutions |= {topic.contact} if topic.contact else set(topic.institutions)
        return Page(
            path=address,
            page_type=Feedback.PageType.RESULT,
            language=language,
            situation={
                "direction": situation.direction,
                "nationality_group": resolution.group,
                "country": situation.country,
                "status": situation.status,
                "topics": ",".join(situation.topics),
                "region": situation.region,
            },
            institutions=tuple(sorted(institutions)),
        )
    if name == "fiche":  # with or without ?published= (the page as it was on a day)
        fiche = data.fiches.get(slug)
        if fiche is None or fiche.live_revision(timezone.now()) is None:
            return None
        return Page(address, Feedback.PageType.FICHE, language, fiche=slug, institutions=(fiche.institution,))
    return None


def record(page: Page, *, useful: bool) -> Feedback:
    feedback = Feedback.objects.create(
        created=timezone.localdate(),
        page_type=page.page_type,
        path=page.path,
        language=page.language,
        useful=useful,
        fiche=page.fiche,
        **page.situation,
    )
    FeedbackInstitution.objects.bulk_create(
        FeedbackInstitution(feedback=feedback, institution=institution)
        for institution in Institution.objects.filter(slug__in=page.institutions)
    )
    return feedback
