import pytest
from django.core.cache import cache

from tests.situations.helpers import published_fiche


@pytest.fixture(autouse=True)
def empty_page_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fiche(db):
    """A published fiche on pensions, for leaving pensioners, with a legal reference."""
    from factsheets.models import Reference
    from situations.models import Direction, Status

    made = published_fiche(
        "pension", directions=[Direction.objects.get(slug="leaving")], statuses=[Status.objects.get(slug="pensioner")]
    )
    revision = made.revisions.get()
    revision.body_en = "## Before you go\n\n::: leaving\nAsk for the **S1**.\n:::\n::: coming\nBring your papers.\n:::\n"
    revision.outcome_en = "Your Belgian pension is paid abroad."
    revision.save()
    Reference.objects.create(
        revision=revision, kind="legal", label_en="Regulation (EC) No 883/2004", url_en="https://eur-lex.europa.eu/"
    )
    return made
