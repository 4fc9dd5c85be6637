from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from situations.models import Direction


@require_safe
def home(request):
    directions = Direction.objects.prefetch_related("statuses")
    return render(request, "portal/home.html", {"directions": directions})


@require_safe
def health(request):
    """For the load balancer: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
