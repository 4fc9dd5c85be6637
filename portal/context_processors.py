from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def alternates(request, path=None) -> list:
    """The same page in every language. Public addresses are the same in every language but for
    their first segment (/fr/…, /nl/…), so swapping it is enough; any other address goes through
    Django's translate_url. `path`: request.get_full_path(), when the caller has it."""
    path = request.get_full_path() if path is None else path
    current = get_language()
    prefix = f"/{current}/"
    swap = path.startswith(prefix)
    return [
        {
            "code": code,
            "name": name,
            "url": f"/{code}/{path[len(prefix):]}" if swap else translate_url(path, code),
            "is_current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


def languages(request):
    """For the language switcher and the hreflang alternates; `origin` is the scheme and host of
    absolute addresses. A page rendered as a shape (portal/shapes.py) gets markers, filled in for
    each request."""
    from .shapes import Holes, ShapeRequest

    if isinstance(request, ShapeRequest):
        current = get_language()
        return {
            "origin": Holes.marker("origin"),
            "alternates": [
                {"code": code, "name": name, "url": Holes.marker(f"alternate-{code}"), "is_current": code == current}
                for code, name in settings.LANGUAGES
            ],
        }
    return {"origin": f"{request.scheme}://{request.get_host()}", "alternates": alternates(request)}
