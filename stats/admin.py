"""Feedback in the admin, read only: editors and reviewers see the answers about their own
institution's pages, architects all of them. The statistics pages are in admin_views.py."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from factsheets import roles
from factsheets.models import Institution

from .models import Feedback, FeedbackInstitution
from .selectors import may_see_statistics


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("created", "useful", "page_type", "path", "language", "comment")
    list_filter = ("useful", "page_type", "language", "created")
    search_fields = ("comment", "path", "fiche")
    date_hierarchy = "created"
    fields = ("created", "useful", "comment", "page_type", "path", "language", "direction", "nationality_group",
              "country", "status", "topics", "region", "fiche", "shown_to")  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("institutions that see it"))
    def shown_to(self, obj):
        shown = FeedbackInstitution.objects.filter(feedback=obj).values("institution")
        return ", ".join(Institution.objects.filter(pk__in=shown).values_list("acronym", flat=True))

    def get_queryset(self, request):
        answers = super().get_queryset(request)
        if roles.sees_everything(request.user):
            return answers
        if roles.is_institution_staff(request.user):
            return answers.filter(institutions=roles.institution_id(request.user)).distinct()
        return answers.none()

    def has_module_permission(self, request):
        return may_see_statistics(request.user)

    def has_view_permission(self, request, obj=None):
        return may_see_statistics(request.user) and (obj is None or self.get_queryset(request).filter(pk=obj.pk).exists())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        """Architects may delete an answer (a comment with personal details, say)."""
        return roles.sees_everything(request.user)
