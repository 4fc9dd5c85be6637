"""Public pages rendered once per shape, with the values of each request filled in afterwards.

Result addresses are combinatorial (250 nationalities × 250 countries × statuses × subjects × dates),
so most requests miss the page cache; but the pages they ask for are not: two situations with the
same rules, fiches and outcomes differ only in a few printed values (the nationality shown in "Your
answers", the dates, the addresses of the Change links, the host). A page is therefore rendered with
those values as markers ("holes"), the rendering is kept with the snapshot, keyed by everything else
the template receives (its "shape"), and each request fills its own values into the kept text.

Rules for a view or template that renders through `render_shaped`:
- a value that differs from one request to the next and is only printed goes in `holes(name, value)`;
- any other value in the context is part of the key, so it cannot be shown wrongly, only make the memo
  miss more often; a value the key cannot fingerprint raises TypeError (a test then fails loudly);
- the template sees `request` through `ShapeRequest`: its address and host are holes, and reading the
  query, headers or cookies raises, because the kept text would then hold one request's values.

`tests/portal/test_shapes.py` compares pages rendered through the memo with pages rendered directly,
byte for byte, for many situations.
"""

import datetime
import hashlib
import html
import re

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from situations.data import current_data

from .context_processors import alternates

# Private-use code points: HTML escaping leaves them as they are and no text of ours holds them.
OPEN, CLOSE = "\ue000", "\ue001"
MARKER = re.compile(f"({OPEN}[a-z0-9_.-]+{CLOSE})")  # the group keeps each marker in Shape's split


_MARKERS: dict[str, SafeString] = {}  # a name's marker, made once (names are the views' own, a few dozen)


class Holes:
    """The printed values of one request, by name; a marker stands for each in the rendering."""

    def __init__(self):
        self.values = {}

    @staticmethod
    def marker(name: str) -> SafeString:
        marker = _MARKERS.get(name)
        if marker is None:
            marker = _MARKERS[name] = mark_safe(f"{OPEN}{name}{CLOSE}")  # the marker is filled in escaped
        return marker

    def __call__(self, name: str, value) -> SafeString:
        marker = self.marker(name)
        # What conditional_escape gives, without its lazy-text wrapper: this runs ~10 times a page.
        self.values[marker] = value.__html__() if hasattr(value, "__html__") else html.escape(str(value))
        return marker


class Shape:
    """A rendering with markers, kept split at them: the text between markers as UTF-8 bytes, the
    marker in each gap, and a digest of the whole. Filling it joins a few dozen pieces (no scan of
    the page, no encoding of it), and the page's ETag comes from the digest and the values filled in,
    which together determine every byte of the page (no hash of the page itself)."""

    __slots__ = ("digest", "markers", "parts")

    def __init__(self, rendered: str):
        pieces = MARKER.split(rendered)
        self.parts = tuple(piece.encode() for piece in pieces[0::2])
        self.markers = tuple(pieces[1::2])
        self.digest = hashlib.sha256(rendered.encode()).digest()

    def fill(self, holes: Holes) -> tuple[bytes, str]:
        """(the page, its ETag) for this request's values."""
        values = holes.values
        filled = [values.get(marker, "").encode() for marker in self.markers]
        out = [self.parts[0]]
        for value, part in zip(filled, self.parts[1:]):
            out += (value, part)
        # Each value with its length, so that no two sets of values hash alike.
        etag = hashlib.sha256(b"".join([self.digest, *(len(v).to_bytes(4, "big") + v for v in filled)]))
        return b"".join(out), etag.hexdigest()[:32]


class ShapeRequest:
    """The request as the template of a shaped page sees it: what it may print of the address comes
    as holes (filled for every request, whether the shape is rendered or found); what would tie the
    kept rendering to one request raises."""

    FORBIDDEN = ("GET", "POST", "META", "COOKIES", "headers", "session", "body", "FILES", "build_absolute_uri")

    def __init__(self, request, holes: Holes):
        self._request = request
        host, scheme, full_path = request.get_host(), request.scheme, request.get_full_path()
        self.scheme = holes("scheme", scheme)
        self.path = holes("path", request.path)
        self._host = holes("host", host)
        self._full_path = holes("full-path", full_path)
        # What base.html and the language switcher print (portal.context_processors.languages).
        holes("origin", f"{scheme}://{host}")
        for alternate in alternates(request, full_path):
            holes(f"alternate-{alternate['code']}", alternate["url"])

    def get_host(self):
        return self._host

    def get_full_path(self):
        return self._full_path

    def __getattr__(self, name):
        if name in self.FORBIDDEN:
            raise AttributeError(f"request.{name} cannot be read while a page shape is rendered (portal/shapes.py)")
        return getattr(self._request, name)


_PLAIN = frozenset({type(None), str, int, float, bool, datetime.date})


def fingerprint(value):
    """A hashable key for a context value. Objects of the snapshot (eq=False dataclasses) count by
    identity, which holds while the snapshot, and with it the memo, lives."""
    kind = type(value)
    # The exact types first: a result page's context has ~80 values to key on every request.
    if kind in _PLAIN:
        return value
    if kind is dict:
        return _dict_fingerprint(value)
    if kind is list or kind is tuple:
        return tuple(fingerprint(item) for item in value)
    if isinstance(value, str | int | float | bool | datetime.date):  # SafeString and other subclasses
        return value
    if isinstance(value, Promise):  # a lazy translation: its text in the active language
        return str(value)
    if isinstance(value, dict):
        return _dict_fingerprint(value)
    if isinstance(value, list | tuple):
        return tuple(fingerprint(item) for item in value)
    if isinstance(value, set | frozenset):
        return frozenset(fingerprint(item) for item in value)
    if hasattr(value, "shape_key"):  # an object that says what of it a page can show
        return (type(value).__name__, value.shape_key())
    if getattr(kind, "__dataclass_params__", None) is not None and kind.__hash__ is not None:
        return value  # frozen dataclasses: by value (eq=True) or by identity (eq=False)
    raise TypeError(f"a page shape cannot be keyed on {type(value).__name__}; use a hole or plain data")


def _dict_fingerprint(value):
    if "memo_key" in value:  # a fiche as views.fiche_context keeps it: its key says all
        return ("memo", value["memo_key"])
    return tuple((key, fingerprint(item)) for key, item in value.items())


def render_shaped(request, template: str, context: dict, holes: Holes, *, status: int = 200) -> HttpResponse:
    """Render `template` once per shape (language, template, context), then fill in this request's
    holes. The languages context processor gives the alternates as holes (it sees ShapeRequest)."""
    shape_request = ShapeRequest(request, holes)
    key = ("shape", template, get_language(), fingerprint(context))
    shape = current_data().shapes.get(key, lambda: Shape(render_to_string(template, context, request=shape_request)))
    content, etag = shape.fill(holes)
    response = HttpResponse(content, status=status)
    response.headers["ETag"] = f'"{etag}"'  # portal.caching.cached_page keeps it
    return response
