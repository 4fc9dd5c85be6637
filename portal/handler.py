"""The WSGI application's request: Django's, with the validated host kept for the request."""

from django.core.handlers.wsgi import WSGIHandler, WSGIRequest


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
    request_class = PortalRequest
