from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import TokenProxy

from livinglab.personal_data import ErasureRefused, person_erase

from .forms import ConfirmForm
from .models import Cohort, Membership, Province, Regency


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "regency_count"]
    search_fields = ["code", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_regency_count=Count("regencies"))

    @admin.display(description=_("regencies/cities"), ordering="_regency_count")
    def regency_count(self, obj):
        return obj._regency_count


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["kind", "cohorts", "province"]
    list_select_related = ["province"]
    search_fields = ["code", "name"]
    readonly_fields = ["code"]
    autocomplete_fields = ["province"]

    def get_readonly_fields(self, request, obj=None):
        # The Kemendagri code is the natural key: set once, never edited.
        return ["code"] if obj else []


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "started_on", "member_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["members"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_member_count=Count("members"))

    @admin.display(description=_("members"), ordering="_member_count")
    def member_count(self, obj):
        return obj._member_count


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "user_full_name", "regency", "role", "created_at"]
    list_filter = ["role", "regency__province"]
    list_select_related = ["user", "regency"]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
        "regency__name",
        "regency__code",
    ]
    autocomplete_fields = ["user", "regency"]

    @admin.display(description=_("full name"), ordering="user__first_name")
    def user_full_name(self, obj):
        return obj.user.get_full_name()


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = True
    autocomplete_fields = ["regency"]
    verbose_name = _("pemda and role")


# API tokens are secrets: each person sees and rotates their own on the profile page, nobody reads
# them in the admin. Deactivating an account stops its token.
admin.site.unregister(TokenProxy)

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Admins create pemda staff here and attach each to one kabupaten/kota with a role."""

    inlines = [MembershipInline]
    list_display = [
        "username",
        "email",
        "first_name",
        "last_name",
        "membership_regency",
        "is_staff",
        "is_active",
    ]
    list_select_related = ["membership__regency"]
    list_filter = ["is_staff", "is_active", "groups", "membership__role"]
    actions = ["erase_personal_data"]

    @admin.display(description=_("regency/city"), ordering="membership__regency__name")
    def membership_regency(self, obj):
        membership = getattr(obj, "membership", None)
        return membership.regency if membership else "—"

    # Ministry admins manage staff accounts, but only superusers grant superuser status or single
    # permissions, or touch a superuser's account: a national admin cannot raise itself above the group.
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Erase the personal data of departed staff"), permissions=["change"])
    def erase_personal_data(self, request, queryset):
        """UU PDP 27/2022: after a confirmation page, each selected account is anonymised; the pemda's
        records it made stay, shown as "staf sebelumnya"."""
        form = ConfirmForm(request.POST if "erase" in request.POST else None)
        if not (form.is_bound and form.is_valid()):
            context = {
                **self.admin_site.each_context(request),
                "title": _("Erase personal data"),
                "opts": self.model._meta,
                "users": queryset,
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/personal_data_erase.html", context)
        for user in queryset:
            name = str(user)
            try:
                erased = person_erase(user=user, by_user=request.user)
            except ErasureRefused as error:
                self.message_user(request, f"{name}: {error}", messages.ERROR)
            else:
                self.log_change(request, erased, [{"changed": {"fields": ["personal data erased"]}}])
                self.message_user(
                    request,
                    _("%(name)s: personal data erased; the account is now %(username)s.")
                    % {"name": name, "username": erased.username},
                    messages.SUCCESS,
                )
        return None
