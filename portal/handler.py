"""The WSGI application's handler (portal/wsgi.py): Django's, with the validated host kept for the
request and the URL resolution of public addresses kept for the process."""

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.utils.translation import get_language

from situations.data import Memo

from .staff_only import is_staff_path


class PortalRequest(WSGIRequest):
    """get_host() checks the Host header against ALLOWED_HOSTS each time it is called, and a public
    page calls it four or five times (the page cache's key, CommonMiddleware, the page's absolute
    addresses). The header cannot change during a request: the host is kept once validated. A host
    that is not allowed is not kept, so every call raises DisallowedHost, as Django's does."""

    def get_host(self):
        try:
            return self._validated_host
        except AttributeError:
            self._validated_host = host = super().get_host()
            return host


class PortalWSGIHandler(WSGIHandler):
    """Resolving a public address costs about 20 µs (the language prefix, then each pattern in turn)
    and gives the same ResolverMatch for the same URLconf, active language and path every time: it is
    kept, for the process's last PATHS_KEPT paths. Not kept: a path that does not resolve
    (the 404 is Django's, every time), the admin's (object ids make endless paths) and a request
    with its own urlconf."""

    request_class = PortalRequest
    PATHS_KEPT = 4096

    def __init__(self):
        super().__init__()
        self.resolved = Memo(self.PATHS_KEPT)

    def resolve_request(self, request):
        if hasattr(request, "urlconf") or is_staff_path(request):
            return super().resolve_request(request)
        key = (settings.ROOT_URLCONF, get_language(), request.path_info)
        match = self.resolved.peek(key)
        if match is None:
            match = self.resolved.put(key, super().resolve_request(request))  # Resolver404 is not kept
        request.resolver_match = match
        return match
