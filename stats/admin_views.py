"""The statistics page (per institution, or everything for architects) and its CSV export."""

import csv
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from factsheets import roles
from factsheets.models import Institution

from . import selectors
from .charts import bar_chart
from .models import DailyCount

Kind = DailyCount.Kind
TABLES = ("situations", "no-fiche", "pages", "days")


def _scope(request):
    return selectors.scope_for(request.user, institution=request.GET.get("institution", ""), days=request.GET.get("days"))


def statistics(request):
    scope = _scope(request)
    minimum = settings.STATS_MIN_COUNT
    lookups = selectors.per_day(scope, Kind.SITUATION)
    views = selectors.per_day(scope, Kind.PAGE)
    name = scope.institution.acronym if scope.institution else _("all institutions")
    query = urlencode({"days": scope.days, **({"institution": scope.institution.slug} if scope.institution else {})})
    context = {
        **admin.site.each_context(request),
        "title": _("Statistics: %(name)s") % {"name": name},
        "scope": scope,
        "periods": selectors.PERIODS,
        "institutions": Institution.objects.order_by("slug") if roles.sees_everything(request.user) else None,
        "minimum": minimum,
        "situations": selectors.situations(scope),
        "no_fiche": selectors.situations(scope, Kind.NO_FICHE, limit=50),
        "pages": selectors.pages(scope),
        "days": [(day, lookup, view) for (day, lookup), (_d, view) in zip(lookups, views, strict=True)],
        "lookups_chart": bar_chart(lookups, chart_id="chart-lookups", title=_("Subjects looked up per day"), minimum=minimum),  # noqa: E501
        "views_chart": bar_chart(views, chart_id="chart-views", title=_("Page views per day"), minimum=minimum),
        "summary": selectors.feedback_summary(scope),
        "comments": selectors.feedback(scope).exclude(comment="")[:20],
        "query": query,
        "tables": TABLES,
    }
    return TemplateResponse(request, "admin/stats/statistics.html", context)


def export(request):
    """One table of the page as CSV, with the same threshold: counts under it are written
    "fewer than N"."""
    scope = _scope(request)
    table = request.GET.get("table", "situations")
    if table not in TABLES:
        table = "situations"
    hidden = _("fewer than %(minimum)s") % {"minimum": settings.STATS_MIN_COUNT}

    def count(value):
        return hidden if value is None else value

    name = scope.institution.slug if scope.institution else "all"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistics-{name}-{table}-{scope.start}-{scope.end}.csv"'
    writer = csv.writer(response)
    if table in ("situations", "no-fiche"):
        kind = Kind.SITUATION if table == "situations" else Kind.NO_FICHE
        writer.writerow([*selectors.SITUATION_FIELDS, "count"])
        for row in selectors.situations(scope, kind, limit=None):
            writer.writerow([*(row[field] for field in selectors.SITUATION_FIELDS), count(row["count"])])
    elif table == "pages":
        writer.writerow(["page_type", "language", "count"])
        for row in selectors.pages(scope):
            writer.writerow([row["page_type"], row["language"], count(row["count"])])
    else:
        writer.writerow(["day", "subjects_looked_up", "page_views"])
        lookups = selectors.per_day(scope, Kind.SITUATION)
        views = selectors.per_day(scope, Kind.PAGE)
        for (day, lookup), (_d, view) in zip(lookups, views, strict=True):
            writer.writerow([day.isoformat(), count(lookup), count(view)])
    return response
