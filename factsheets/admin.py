"""The editors' workspace. Every permission is decided by `roles`, per object, so that a guessed
address of another institution's fiche answers 404, as a missing one does, whatever the menu shows.

`FicheAdmin` and `RevisionAdmin` are registered by `portal.admin`, which adds what needs the other
apps (the dashboard, the preview): one module owns the workspace's final ModelAdmins."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from . import roles, workflow
from .models import Amount, AmountValue, Editor, Event, Institution, Reference, Revision


class ForbidOthersMixin:
    """An object outside the user's scope answers exactly as one that does not exist: 404, so that a
    guessed address tells nothing of other institutions (Django's own answer would be a redirect)."""

    def get_object(self, request, object_id, from_field=None):
        found = super().get_object(request, object_id, from_field)
        if found is None:
            raise Http404
        return found


class ScopedAdmin(ForbidOthersMixin, admin.ModelAdmin):
    """Institution staff see and change their institution's rows; architects see everything."""

    institution_field = "institution"

    def get_queryset(self, request):
        return roles.scope(super().get_queryset(request), request.user, self.institution_field)

    def institution_of(self, obj):
        value = obj
        for part in self.institution_field.split("__"):
            value = getattr(value, part)
        return value.pk if hasattr(value, "pk") else value

    def has_module_permission(self, request):
        return request.user.is_superuser or roles.role(request.user) is not None

    def has_view_permission(self, request, obj=None):
        if roles.sees_everything(request.user):
            return True
        if not roles.is_institution_staff(request.user):
            return False
        return obj is None or self.institution_of(obj) == roles.institution_id(request.user)

    def has_add_permission(self, request):
        return request.user.is_superuser or roles.is_institution_staff(request.user)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        if not roles.is_institution_staff(request.user):
            return False
        return obj is None or roles.can_edit_institution(request.user, self.institution_of(obj))

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class ArchitectAdmin(TranslationAdmin):
    """Reference data: architects maintain it, institution staff may read it."""

    def has_module_permission(self, request):
        return request.user.is_superuser or roles.role(request.user) is not None

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or roles.role(request.user) is not None

    def has_add_permission(self, request):
        return roles.is_architect(request.user)

    def has_change_permission(self, request, obj=None):
        return roles.is_architect(request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Institution)
class InstitutionAdmin(ArchitectAdmin):
    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj is not None else []

    list_display = ["acronym", "name", "slug", "parent", "phone"]
    search_fields = ["slug", "acronym_fr", "acronym_nl", "acronym_en", "name_fr", "name_nl", "name_de", "name_en"]
    fieldsets = [
        (None, {"fields": ["slug", "acronym", "name", "description", "parent"]}),
        (gettext_lazy("Contact"), {"fields": ["website", "contact_url", "email", "phone", "address"]}),
    ]


class InstitutionChoiceMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "institution" and not roles.sees_everything(request.user):
            kwargs["queryset"] = Institution.objects.filter(pk=roles.institution_id(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class FicheAdmin(InstitutionChoiceMixin, ScopedAdmin):
    list_display = ["slug", "institution", "title", "public_state", "languages", "last_reviewed"]
    list_filter = ["institution"]
    search_fields = ["slug", "revisions__title_en", "revisions__title_fr", "revisions__title_nl", "revisions__title_de"]
    readonly_fields = ["created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("institution").prefetch_related("revisions")

    def get_fields(self, request, obj=None):
        fields = ["slug", "institution", "order", "created_at"]
        if roles.is_architect(request.user):
            fields.insert(3, "allow_language_fallback")
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if obj is not None:
            readonly.append("slug")  # a published address never changes
        return readonly

    def has_change_permission(self, request, obj=None):
        return roles.is_architect(request.user) or super().has_change_permission(request, obj)

    @staticmethod
    def latest(fiche):
        revisions = sorted(fiche.revisions.all(), key=lambda r: r.number)
        return revisions[-1] if revisions else None

    @admin.display(description=gettext_lazy("title"))
    def title(self, fiche):
        latest = self.latest(fiche)
        return latest.title if latest else "—"

    @admin.display(description=gettext_lazy("public"))
    def public_state(self, fiche):
        now = timezone.now()
        published = [r for r in fiche.revisions.all() if r.state == Revision.State.PUBLISHED]
        live = [r for r in published if r.publish_from <= now]
        waiting = [r for r in fiche.revisions.all() if r.state == Revision.State.SUBMITTED]
        parts = []
        if live:
            parts.append(_("published (revision %(number)s)") % {"number": max(live, key=lambda r: r.publish_from).number})
        if any(r.publish_from > now for r in published):
            parts.append(_("scheduled"))
        if waiting:
            parts.append(_("waiting for review"))
        return ", ".join(parts) or _("not published")

    @admin.display(description=gettext_lazy("languages"))
    def languages(self, fiche):
        latest = self.latest(fiche)
        if latest is None:
            return "—"
        missing = latest.missing_languages()
        outdated = latest.outdated_languages()
        parts = []
        if missing:
            parts.append(_("missing: %(languages)s") % {"languages": ", ".join(missing)})
        if outdated:
            parts.append(_("older than the last change: %(languages)s") % {"languages": ", ".join(outdated)})
        return "; ".join(parts) or _("complete")

    @admin.display(description=gettext_lazy("last reviewed"))
    def last_reviewed(self, fiche):
        latest = self.latest(fiche)
        return latest.last_reviewed if latest else None

    change_form_template = "admin/factsheets/fiche/change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The fiche's trail under its fields: every workflow step, with who and when."""
        fiche = self.get_object(request, object_id)
        trail = fiche.events.select_related("user", "revision", "amount_value__amount")[:200] if fiche else []
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "trail": trail})

    def response_add(self, request, obj, post_url_continue=None):
        """A new fiche goes straight to its first draft."""
        draft = workflow.new_draft(obj, request.user, comment=_("First draft"))
        return HttpResponseRedirect(reverse("admin:factsheets_revision_change", args=[draft.pk]))


class StaleRevision(Exception):
    """The revision changed between the form's check and its write (never under the row lock)."""


class ReferenceInline(TranslationTabularInline):
    model = Reference
    extra = 0

    def has_add_permission(self, request, obj=None):
        return obj is None or (obj.is_editable and roles.can_edit_institution(request.user, obj.fiche.institution_id))

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return True


class RevisionForm(forms.ModelForm):
    """Refuses a save based on an older version of the revision: the editor then sees both."""

    class Meta:
        model = Revision
        fields = "__all__"
        widgets = {"lock_version": forms.HiddenInput}

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # A row lock held until the save's transaction (the admin's changeform_view) ends: a
            # concurrent save of the same revision waits here, then sees the new version.
            current = (
                Revision.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("lock_version", flat=True)
                .first()
            )
            if current is not None and cleaned.get("lock_version") != current:
                self.conflict = Revision.objects.get(pk=self.instance.pk)
                # The next save, after the editor has merged the two versions, is based on the saved one.
                self.data = self.data.copy()
                self.data["lock_version"] = current
                raise ValidationError(
                    _(
                        "Someone else saved this revision while you were editing it. Your text has not been "
                        "saved and is still in the form below; the saved version is shown next to it. "
                        "Merge the two, then save again."
                    ),
                    code="conflict",
                )
        probe = Revision(fiche=self.instance.fiche, **{f: cleaned.get(f) for f in self._text_fields() if f in cleaned})
        try:
            workflow.check_texts(probe)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    @staticmethod
    def _text_fields():
        return [f"{field}_{lang}" for field in Revision.ALL_TEXT_FIELDS for lang in Revision.LANGUAGES]


class RevisionAdmin(ScopedAdmin, TranslationAdmin):
    form = RevisionForm
    institution_field = "fiche__institution"
    list_display = ["__str__", "title", "state", "last_reviewed", "publish_from", "author", "updated_at"]
    list_filter = ["state", "fiche__institution"]
    search_fields = ["fiche__slug", "title_fr", "title_nl", "title_de", "title_en"]
    list_select_related = ["fiche", "author"]
    readonly_fields = ["fiche", "number", "state", "publish_from", "change_note", "withdrawn_at", "author", "created_at",
                       "updated_at"]  # fmt: skip
    fields = ["fiche", "number", "state", "title", "summary", "outcome", "body", "last_reviewed", "comment",
              "publish_from", "change_note", "withdrawn_at", "author", "created_at", "updated_at", "lock_version"]  # fmt: skip
    inlines = [ReferenceInline]
    change_form_template = "admin/factsheets/revision/change_form.html"

    def has_add_permission(self, request):
        return False  # a revision starts from its fiche: "new draft"

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.is_editable)

    def save_model(self, request, obj, form, change):
        now = timezone.now().isoformat()
        for lang in Revision.LANGUAGES:
            if any(f"{field}_{lang}" in form.changed_data for field in Revision.ALL_TEXT_FIELDS):
                obj.language_changed = {**obj.language_changed, lang: now}
        loaded = form.cleaned_data["lock_version"]
        if obj.state == Revision.State.SUBMITTED:
            # Review means review: a changed text goes back to draft and must be submitted again.
            obj.state = Revision.State.DRAFT
        obj.lock_version = loaded + 1
        obj.updated_at = timezone.now()
        obj.author = request.user
        if change:
            # The conditional write: only the version the editor loaded may be replaced.
            claimed = Revision.objects.filter(
                pk=obj.pk, lock_version=loaded, state__in=[Revision.State.DRAFT, Revision.State.SUBMITTED]
            ).update(lock_version=loaded + 1)
            if not claimed:
                raise StaleRevision
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleRevision:
            messages.error(request, _("Someone else saved this revision at the same moment; nothing was saved. Reload it."))
            return HttpResponseRedirect(request.path)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        conflict = getattr(form, "conflict", None)
        if conflict is not None:
            context["conflict"] = [
                {
                    "language": lang,
                    "fields": [
                        (field, form.data.get(f"{field}_{lang}", ""), getattr(conflict, f"{field}_{lang}") or "")
                        for field in Revision.ALL_TEXT_FIELDS
                    ],
                }
                for lang in Revision.LANGUAGES
            ]
            context["conflict_author"] = conflict.author
            context["conflict_time"] = conflict.updated_at
        if obj is not None:
            context["workflow"] = self.available_actions(request, obj)
            context["other_revisions"] = obj.fiche.revisions.exclude(pk=obj.pk).order_by("-number")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def available_actions(self, request, revision):
        institution = revision.fiche.institution_id
        can_edit = roles.can_edit_institution(request.user, institution)
        can_publish = roles.can_publish_institution(request.user, institution)
        state = revision.state
        return {
            "submit": can_edit and state == Revision.State.DRAFT,
            "back_to_draft": can_edit and state == Revision.State.SUBMITTED,
            "publish": can_publish and state == Revision.State.SUBMITTED,
            # The public history says what changed: from the second publication on, the reviewer writes it.
            "needs_change_note": Revision.objects.ever_published().filter(fiche=revision.fiche_id).exclude(pk=revision.pk).exists(),
            "withdraw": can_publish and state == Revision.State.PUBLISHED,
            "new_draft": can_edit,
        }

    # --- Workflow steps, each a POST to its own address --------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/step/<slug:step>/", wrap(self.step_view), name="factsheets_revision_step"),
            path("compare/", wrap(self.compare_view), name="factsheets_revision_compare"),
            *super().get_urls(),
        ]

    def scoped_revision(self, request, object_id):
        revision = get_object_or_404(self.get_queryset(request), pk=unquote(object_id))
        if not self.has_view_permission(request, revision):
            raise PermissionDenied
        return revision

    def step_view(self, request, object_id, step):
        if request.method != "POST":
            raise Http404
        revision = self.scoped_revision(request, object_id)
        change_url = reverse("admin:factsheets_revision_change", args=[revision.pk])
        try:
            if step == "submit":
                workflow.submit(revision, request.user)
                message = _("Submitted for review.")
            elif step == "back-to-draft":
                workflow.back_to_draft(revision, request.user)
                message = _("Back to draft.")
            elif step == "publish":
                at = None
                if request.POST.get("publish_from"):
                    at = parse_datetime(request.POST["publish_from"])
                    if at is None:
                        raise ValidationError(_("Give the publication moment as YYYY-MM-DD HH:MM."))
                    if timezone.is_naive(at):
                        at = timezone.make_aware(at)
                # The version the reviewer read (the button carries it); editing also sends a
                # submitted revision back to draft, so an old page can never publish a newer text.
                try:
                    seen = int(request.POST["lock_version"]) if request.POST.get("lock_version") else None
                except ValueError:
                    raise ValidationError(_("This revision changed state meanwhile; reload the page.")) from None
                workflow.publish(
                    revision, request.user, at=at, seen_version=seen, change_note=request.POST.get("change_note", "")
                )
                message = _("Published.") if at is None else _("Scheduled for publication.")
            elif step == "withdraw":
                count = workflow.withdraw(revision.fiche, request.user)
                message = _("Withdrawn from the public site (%(count)s revision(s)).") % {"count": count}
            elif step == "new-draft":
                draft = workflow.new_draft(
                    revision.fiche, request.user, source=revision, comment=_("Copy of revision %(number)s") % {"number": revision.number}
                )
                self.log_change(request, draft, _("New draft from revision %(number)s") % {"number": revision.number})
                messages.success(request, _("A new draft was made from revision %(number)s.") % {"number": revision.number})
                return HttpResponseRedirect(reverse("admin:factsheets_revision_change", args=[draft.pk]))
            else:
                raise Http404
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return HttpResponseRedirect(change_url)
        self.log_change(request, revision, message)
        messages.success(request, message)
        return HttpResponseRedirect(change_url)

    def compare_view(self, request):
        """Two revisions of one fiche side by side, language by language."""
        try:
            first = self.scoped_revision(request, request.GET.get("a", ""))
            second = self.scoped_revision(request, request.GET.get("b", ""))
        except (ValueError, ValidationError):
            raise Http404 from None
        if first.fiche_id != second.fiche_id:
            raise Http404
        rows = [
            {
                "language": lang,
                "fields": [
                    (field, getattr(first, f"{field}_{lang}") or "", getattr(second, f"{field}_{lang}") or "")
                    for field in Revision.ALL_TEXT_FIELDS
                ],
            }
            for lang in Revision.LANGUAGES
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare revisions %(a)s and %(b)s") % {"a": first.number, "b": second.number},
            "opts": self.model._meta,
            "first": first,
            "second": second,
            "rows": rows,
        }
        return TemplateResponse(request, "admin/factsheets/revision/compare.html", context)


class DraftValueInline(admin.TabularInline):
    """Values being drafted: editors of the institution write them, a reviewer publishes them."""

    model = AmountValue
    extra = 1
    fields = ["value", "applies_from", "author"]
    readonly_fields = ["author"]
    verbose_name = gettext_lazy("draft value")
    verbose_name_plural = gettext_lazy("draft values (not public until a reviewer publishes them)")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(state=AmountValue.State.DRAFT)

    def has_add_permission(self, request, obj=None):
        return obj is None or roles.can_edit_institution(request.user, obj.institution_id)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return True


class PublishedValueInline(admin.TabularInline):
    """What the public pages quote, each from its date. Never changed: a correction is a new value."""

    model = AmountValue
    extra = 0
    fields = ["value", "applies_from", "author", "published_by", "published_at"]
    readonly_fields = fields
    verbose_name = gettext_lazy("published value")
    verbose_name_plural = gettext_lazy("published values")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(state=AmountValue.State.PUBLISHED)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return True


class PublishValuesMixin:
    """The reviewer's step for amounts, as an action on the list."""

    def has_publish_permission(self, request):
        return request.user.is_superuser or roles.role(request.user) == roles.REVIEWER

    def publish_values(self, request, values):
        published = 0
        for value in values.filter(state=AmountValue.State.DRAFT).select_related("amount"):
            try:
                workflow.publish_value(value, request.user)
            except (PermissionDenied, ValidationError) as error:
                messages.error(request, f"{value}: {' '.join(getattr(error, 'messages', [_('not allowed')]))}")
            else:
                published += 1
                self.log_change(request, value, _("Published"))
        if published:
            messages.success(request, _("%(count)s value(s) published.") % {"count": published})


@admin.register(Amount)
class AmountAdmin(PublishValuesMixin, InstitutionChoiceMixin, ScopedAdmin, TranslationAdmin):
    list_display = ["slug", "label", "unit", "institution", "drafts"]
    list_filter = ["institution", "unit"]
    search_fields = ["slug", "label_fr", "label_en"]
    inlines = [PublishedValueInline, DraftValueInline]
    actions = ["publish_drafts"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            draft_count=Count("values", filter=Q(values__state=AmountValue.State.DRAFT))
        )

    @admin.display(description=gettext_lazy("draft values"), ordering="draft_count")
    def drafts(self, amount):
        return amount.draft_count

    def has_change_permission(self, request, obj=None):
        return roles.is_architect(request.user) or super().has_change_permission(request, obj)

    def get_exclude(self, request, obj=None):
        return [] if roles.is_architect(request.user) else ["quotable_by"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug", "unit"] if obj is not None and not roles.is_architect(request.user) else []

    def save_formset(self, request, form, formset, change):
        """A value written here is a draft by this user, whatever the form says."""
        for value in formset.save(commit=False):
            value.state = AmountValue.State.DRAFT
            value.author = request.user
            value.save()
        for value in formset.deleted_objects:
            value.delete()
        formset.save_m2m()

    @admin.action(description=gettext_lazy("Publish the draft values of the selected amounts"), permissions=["publish"])
    def publish_drafts(self, request, queryset):
        self.publish_values(request, AmountValue.objects.filter(amount__in=queryset))


@admin.register(Editor)
class EditorAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "institution"]
    list_filter = ["role", "institution"]
    autocomplete_fields = ["user"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class ReadOnlyScopedAdmin(ScopedAdmin):
    """Rows edited inline elsewhere; listed here for search, never changed here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reference)
class ReferenceAdmin(ReadOnlyScopedAdmin, TranslationAdmin):
    institution_field = "revision__fiche__institution"
    list_display = ["label", "kind", "revision", "url"]
    list_filter = ["kind", "revision__fiche__institution"]
    search_fields = ["label_fr", "label_nl", "label_de", "label_en", "revision__fiche__slug"]
    list_select_related = ["revision__fiche"]


@admin.register(AmountValue)
class AmountValueAdmin(PublishValuesMixin, ReadOnlyScopedAdmin):
    institution_field = "amount__institution"
    list_display = ["amount", "value", "applies_from", "state", "author", "published_by", "published_at"]
    # Only the amounts the user may see: the filter names nothing of other institutions.
    list_filter = ["state", "amount__institution", ("amount", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["amount", "author", "published_by"]
    date_hierarchy = "applies_from"
    actions = ["publish_selected"]

    @admin.action(description=gettext_lazy("Publish the selected draft values"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self.publish_values(request, queryset)


@admin.register(Event)
class EventAdmin(ReadOnlyScopedAdmin):
    """Every workflow step of every fiche, for audits; each fiche shows its own under its fields."""

    institution_field = "fiche__institution"
    list_display = ["at", "step", "fiche", "revision", "user", "detail"]
    list_filter = ["step", "fiche__institution"]
    search_fields = ["fiche__slug", "detail"]
    list_select_related = ["fiche", "revision", "user"]
    date_hierarchy = "at"
