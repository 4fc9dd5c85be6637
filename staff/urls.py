from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.set_up, name="set_up"),
]
