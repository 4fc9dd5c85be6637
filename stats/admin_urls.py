from django.contrib import admin
from django.urls import path

from . import admin_views

# Under /admin/stats/ (portal/urls.py), before the admin's own URLs: the app's index is the
# statistics page; /admin/stats/feedback/ stays the admin's list of answers.
urlpatterns = [
    path("", admin.site.admin_view(admin_views.statistics), name="stats-statistics"),
    path("export.csv", admin.site.admin_view(admin_views.export), name="stats-export"),
]
