from django.db import connection
from django.http import HttpResponse


class HealthCheckMiddleware:
    """Answers /healthz before host validation and the HTTPS redirect, so that a load balancer or
    container health check can call it by IP address over plain HTTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            return HttpResponse("ok", content_type="text/plain")
        return self.get_response(request)
