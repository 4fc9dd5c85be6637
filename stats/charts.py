"""Bar charts as SVG written on the server: no JavaScript. Each chart is an image with a title and a
description, and the page gives the same figures as a table beside it."""

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 12, 28
BAR = "#1d70b8"
HIDDEN = "#b1b4b6"
TEXT = "#0b0c0c"


def bar_chart(series, *, chart_id: str, title: str, minimum: int) -> str:
    """series: [(day, count or None)]; None (under the threshold) is drawn as a low grey mark."""
    values = [value for _day, value in series if value is not None]
    top = max(values, default=0) or 1
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_width / max(len(series), 1)
    bars = []
    for index, (day, value) in enumerate(series):
        x = LEFT + index * step + step * 0.15
        label = date_format(day, "SHORT_DATE_FORMAT")
        if value is None:
            height, colour = 2, HIDDEN
            text = _("%(day)s: fewer than %(minimum)s") % {"day": label, "minimum": minimum}
        else:
            height, colour = max(plot_height * value / top, 1), BAR
            text = f"{label}: {value}"
        y = TOP + plot_height - height
        bars.append((f"{x:.1f}", f"{y:.1f}", f"{max(step * 0.7, 1):.1f}", f"{height:.1f}", colour, text))
    rects = format_html_join(
        "", '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>', bars
    )
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{}</text>'
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#b1b4b6" stroke-width="1"></line>',
        [
            (LEFT - 6, f"{TOP + plot_height * (1 - f) + 4:.1f}", TEXT, round(top * f) if values else 0,
             LEFT, WIDTH - RIGHT, f"{TOP + plot_height * (1 - f):.1f}", f"{TOP + plot_height * (1 - f):.1f}")
            for f in (0, 0.5, 1)
        ],
    )  # fmt: skip
    days = [series[0], series[-1]] if series else []
    day_labels = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="{}" font-size="12" fill="{}">{}</text>',
        [
            (f"{LEFT if n == 0 else WIDTH - RIGHT}", HEIGHT - 8, "start" if n == 0 else "end", TEXT,
             date_format(day, "SHORT_DATE_FORMAT"))
            for n, (day, _value) in enumerate(days)
        ],
    )  # fmt: skip
    if values:
        best_day, best = max(((d, v) for d, v in series if v is not None), key=lambda item: item[1])
        description = _("%(count)s days from %(start)s to %(end)s; the highest, %(best)s, on %(day)s. The table gives every day's figure.") % {  # noqa: E501
            "count": len(series), "start": date_format(series[0][0]), "end": date_format(series[-1][0]),
            "best": best, "day": date_format(best_day),
        }  # fmt: skip
    else:
        description = _("No day of the period reaches %(minimum)s.") % {"minimum": minimum}
    return format_html(
        '<svg class="stats-chart" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{ticks}{rects}{days}</svg>",
        w=WIDTH, h=HEIGHT, id=chart_id, title=title, desc=description,
        ticks=ticks, rects=rects, days=day_labels or mark_safe(""),
    )  # fmt: skip
