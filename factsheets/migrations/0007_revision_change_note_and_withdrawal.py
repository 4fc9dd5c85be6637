"""The reviewer's change note, and when a revision was withdrawn (so that what was public on a past
day can be shown again). Revisions withdrawn before this migration get the moment of their
"withdrawn" step on the trail (one withdrawal of a fiche writes one step per revision, a moment
apart: they get the latest of them), or their last save when the trail has none."""

import datetime

from django.conf import settings
from django.db import migrations, models


def date_earlier_withdrawals(apps, schema_editor):
    Revision = apps.get_model("factsheets", "Revision")
    Event = apps.get_model("factsheets", "Event")
    steps = {}
    for revision_id, at in Event.objects.filter(step="withdrawn", revision__isnull=False).values_list("revision_id", "at"):
        steps[revision_id] = max(at, steps.get(revision_id, at))
    by_fiche = {}
    for revision in Revision.objects.filter(state="withdrawn", withdrawn_at__isnull=True):
        revision.withdrawn_at = steps.get(revision.pk, revision.updated_at)
        by_fiche.setdefault(revision.fiche_id, []).append(revision)
    for revisions in by_fiche.values():
        revisions.sort(key=lambda r: r.withdrawn_at)
        burst = []
        for revision in revisions + [None]:
            if burst and (revision is None or revision.withdrawn_at - burst[-1].withdrawn_at > BURST):
                for member in burst:
                    member.withdrawn_at = burst[-1].withdrawn_at
                    member.save(update_fields=["withdrawn_at"])
                burst = []
            if revision is not None:
                burst.append(revision)


BURST = datetime.timedelta(minutes=1)


class Migration(migrations.Migration):

    dependencies = [
        ('factsheets', '0006_longer_reference_labels'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='revision',
            name='change_note',
            field=models.CharField(blank=True, help_text='One line for the public history of the fiche, written by the reviewer when publishing: what changed for the reader. Required from the second publication on.', max_length=200, verbose_name='change note'),
        ),
        migrations.AddField(
            model_name='revision',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, help_text='When the revision was taken off the public site; a citation of an earlier day still shows it.', null=True, verbose_name='withdrawn at'),
        ),
        migrations.RunPython(date_earlier_withdrawals, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='revision',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'withdrawn'), _negated=True), ('withdrawn_at__isnull', False), _connector='OR'), name='withdrawn_revision_has_a_date'),
        ),
    ]
