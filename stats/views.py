"""'Was this page useful?': yes or no, then an optional comment, then thanks. Plain forms sent by
POST, answered with 303 redirects, no JavaScript, and no cookie: the pages that carry the form are
cached and shared, so it holds no per-visitor token. Instead every POST must come from a page of
this site (Origin, else Referer), a hidden field that people leave empty catches robots, and each
address may send STATS_FEEDBACK_PER_HOUR answers an hour (stats/ratelimit.py, the address is never
stored). The comment step finds its answer by a signed, short-lived reference in its address."""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core import signing
from django.http.request import validate_host
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from . import ratelimit
from .feedback import MAX_COMMENT, page_of, record
from .models import Feedback

SALT = "stats.feedback"
COMMENT_SECONDS = 3600
HONEYPOT = "website"


def refused(request, status, title, message, *, back=None):
    context = {"title": title, "message": message, "back": back}
    return render(request, "stats/refused.html", context, status=status)


def same_site(request) -> bool:
    """The POST comes from a page of this site: its Origin (else its Referer) names the host asked
    for, or one of ALLOWED_HOSTS."""
    origin = request.META.get("HTTP_ORIGIN") or ""
    source = origin if origin and origin != "null" else request.META.get("HTTP_REFERER", "")
    if not source:
        return False
    try:
        parts = urlsplit(source)
        host = parts.netloc
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    return host == request.get_host() or validate_host(parts.hostname or "", settings.ALLOWED_HOSTS)


def guard(request):
    """The refusal every POST gets before its content is looked at, or None."""
    if not same_site(request):
        return refused(
            request,
            403,
            _("Your answer was not accepted"),
            _("Answers are accepted only from the pages of this site. Open the page again and use its form."),
        )
    if not ratelimit.allowed(request):
        return refused(
            request,
            429,
            _("Too many answers"),
            _("We have received many answers from your connection in the last hour. Please try again later."),
        )
    return None


def reference(feedback: Feedback) -> str:
    return signing.dumps(feedback.pk, salt=SALT)


def answer_of(token):
    """The answer a reference names, if it is recent, or None."""
    try:
        pk = signing.loads(token or "", salt=SALT, max_age=COMMENT_SECONDS)
    except signing.BadSignature:
        return None
    return Feedback.objects.filter(pk=pk).first()


def thanks_url(feedback=None):
    url = reverse("feedback-thanks")
    return f"{url}?{urlencode({'t': reference(feedback)})}" if feedback else url


@csrf_exempt
@never_cache
def send(request):
    """Step 1: yes or no, for the page in `page`."""
    if request.method != "POST":
        return refused(request, 405, _("Nothing to see here"), _("This address receives the answers to “Was this page useful?”, sent from a page of this site."))  # fmt: skip
    refusal = guard(request)
    if refusal:
        return refusal
    if request.POST.get(HONEYPOT):
        return _see_other(thanks_url())  # a robot: it is told it succeeded, nothing is stored
    page = page_of(request.POST.get("page", ""))
    useful = request.POST.get("useful")
    if page is None:
        return refused(request, 400, _("Your answer was not accepted"), _("We could not tell which page your answer is about. Open the page again and use its form."))  # fmt: skip
    if useful not in ("yes", "no"):
        return refused(request, 400, _("Your answer was not accepted"), _("Choose “Yes” or “No” to say whether the page was useful."), back=page.path)  # fmt: skip
    feedback = record(page, useful=useful == "yes")
    return _see_other(f"{reverse('feedback-comment')}?{urlencode({'t': reference(feedback)})}")


def _see_other(url):
    response = redirect(url)
    response.status_code = 303
    return response


@csrf_exempt
@never_cache
def comment(request):
    """Step 2: an optional comment on the answer just given."""
    token = request.POST.get("t") if request.method == "POST" else request.GET.get("t")
    feedback = answer_of(token)
    expired = _("This form has expired or its address is incomplete. Your yes or no answer, if you gave one, has been recorded.")  # fmt: skip
    if request.method not in ("GET", "HEAD", "POST"):
        return refused(request, 405, _("Nothing to see here"), expired)
    if request.method == "POST":
        refusal = guard(request)
        if refusal:
            return refusal
        if request.POST.get(HONEYPOT):
            return _see_other(thanks_url())
    if feedback is None:
        return refused(request, 400, _("This form has expired"), expired)
    if feedback.comment:
        return _see_other(thanks_url(feedback))
    context = {"feedback": feedback, "token": token, "max": MAX_COMMENT, "text": "", "error": None}
    if request.method != "POST":
        return render(request, "stats/comment.html", context)
    text = request.POST.get("comment", "").replace("\r\n", "\n").strip()
    if len(text) > MAX_COMMENT:
        context.update(
            text=text,
            error=_("Your comment has %(length)s characters: shorten it to %(max)s characters or fewer.")
            % {"length": number_format(len(text), force_grouping=True),
               "max": number_format(MAX_COMMENT, force_grouping=True)},  # fmt: skip
        )
        return render(request, "stats/comment.html", context, status=400)
    if text:
        Feedback.objects.filter(pk=feedback.pk, comment="").update(comment=text)
    return _see_other(thanks_url(feedback))


@never_cache
def thanks(request):
    feedback = answer_of(request.GET.get("t"))
    return render(request, "stats/thanks.html", {"back": feedback.path if feedback else None})
