from django.shortcuts import render
from django.views.decorators.http import require_safe

from situations.models import Direction


@require_safe
def home(request):
    directions = Direction.objects.prefetch_related("statuses")
    return render(request, "portal/home.html", {"directions": directions})

