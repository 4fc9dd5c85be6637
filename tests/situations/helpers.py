from situations.models import Criterion, Topic
from tests.factories import FicheFactory, RevisionFactory


def published_fiche(topic: str, *, order=100, **dimensions):
    """A fiche with one published revision and one criterion. `dimensions` are the criterion's
    M2M values (directions, statuses, nationality_groups, instruments, countries: lists of objects)
    and its regime flags (regime_eu=True…)."""
    fiche = FicheFactory(order=order)
    RevisionFactory(fiche=fiche, number=1, published=True)
    flags = {key: value for key, value in dimensions.items() if key.startswith("regime_")}
    criterion = Criterion.objects.create(fiche=fiche, topic=Topic.objects.get(slug=topic), **flags)
    for name, values in dimensions.items():
        if not name.startswith("regime_"):
            getattr(criterion, name).set(values)
    return fiche
