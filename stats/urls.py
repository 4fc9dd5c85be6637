from django.urls import path

from . import views

# Included under each language prefix (portal/urls.py): /<lang>/feedback/…
urlpatterns = [
    path("", views.send, name="feedback"),
    path("comment/", views.comment, name="feedback-comment"),
    path("thanks/", views.thanks, name="feedback-thanks"),
]
