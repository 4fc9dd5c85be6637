"""Changes of dates, recorded when an architect saves an instrument or a country's period under it,
for the public feeds of changes. Only dates count: a corrected name or summary is not a change of
the rules."""

from .models import Coverage, Instrument, InstrumentChange

Kind = InstrumentChange.Kind


def _user(user):
    return user if user is not None and user.is_authenticated else None


def instrument_saved(before: Instrument | None, after: Instrument, user) -> InstrumentChange | None:
    """`before`: the row as it was in the database (None for a new instrument, whose countries, added
    with it, each make a change of their own)."""
    if before is None:
        return None
    old = (before.in_force_from, before.in_force_until)
    new = (after.in_force_from, after.in_force_until)
    if old == new:
        return None
    return InstrumentChange.objects.create(
        instrument=after, kind=Kind.DATES, from_before=old[0], until_before=old[1], from_after=new[0],
        until_after=new[1], user=_user(user),
    )  # fmt: skip


def coverage_saved(before: Coverage | None, after: Coverage, user) -> InstrumentChange | None:
    if before is not None and (before.valid_from, before.valid_until, before.country_id) == (
        after.valid_from, after.valid_until, after.country_id,
    ):  # fmt: skip
        return None
    if before is not None and before.country_id != after.country_id:
        coverage_deleted(before, user)
        before = None
    return InstrumentChange.objects.create(
        instrument_id=after.instrument_id, country_id=after.country_id,
        kind=Kind.COUNTRY_ADDED if before is None else Kind.COUNTRY_DATES,
        from_before=before.valid_from if before else None, until_before=before.valid_until if before else None,
        from_after=after.valid_from, until_after=after.valid_until, user=_user(user),
    )  # fmt: skip


def coverage_deleted(before: Coverage, user) -> InstrumentChange:
    return InstrumentChange.objects.create(
        instrument_id=before.instrument_id, country_id=before.country_id, kind=Kind.COUNTRY_REMOVED,
        from_before=before.valid_from, until_before=before.valid_until, user=_user(user),
    )  # fmt: skip


def stored(model, pk):
    """The row as the database holds it before a save (None for a new one)."""
    return model.objects.filter(pk=pk).first() if pk else None
