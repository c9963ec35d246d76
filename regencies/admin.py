from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework.authtoken.models import TokenProxy

from livinglab.login import pause_lift
from livinglab.personal_data import ErasureRefused, person_erase

from .forms import ConfirmForm
from .models import Cohort, Membership, Province, Regency, RoleChange
from .permissions import NATIONAL_GROUPS, can_grant_national_groups, can_manage_account, is_national_admin
from .services import NO_ROLES, role_changes_record, roles_of


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

    # Every grant and removal is logged (RoleChange), whichever page it is made on.
    def save_model(self, request, obj, form, change):
        stored = Membership.objects.filter(pk=obj.pk).select_related("user").first()
        users = {obj.user_id: obj.user}  # and the account the membership is taken from, if it moves
        if stored is not None:
            users.setdefault(stored.user_id, stored.user)
        befores = {pk: roles_of(user) for pk, user in users.items()}
        super().save_model(request, obj, form, change)
        for pk, user in users.items():
            role_changes_record(user=user, before=befores[pk], by_user=request.user)

    def delete_model(self, request, obj):
        before = roles_of(obj.user)
        super().delete_model(request, obj)
        role_changes_record(user=obj.user, before=before, by_user=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "regency"):
            self.delete_model(request, membership)


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


class StaffUserCreationForm(AdminUserCreationForm):
    """A new account comes with the person's name and an email address to reach them (the last name
    stays optional: many Indonesians have a single name)."""

    class Meta(AdminUserCreationForm.Meta):
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "email"):
            self.fields[name].required = True


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Admins create pemda staff here and attach each to one kabupaten/kota with a role."""

    inlines = [MembershipInline]
    # Fits a 1280 px screen beside the filters: one name column, the pemda and the role.
    list_display = [
        "username",
        "full_name",
        "email",
        "membership_regency",
        "membership_role",
        "is_staff",
        "is_active",
    ]
    list_select_related = ["membership__regency"]
    list_filter = ["is_staff", "is_active", "groups", "membership__role"]
    actions = ["lift_login_pause", "erase_personal_data"]

    @admin.action(description=_("Let them log in again now (forget failed log-ins)"), permissions=["change"])
    def lift_login_pause(self, request, queryset):
        usernames = list(queryset.values_list("username", flat=True))
        for username in usernames:
            pause_lift(username)
        count = len(usernames)
        self.message_user(
            request,
            ngettext(
                "%(count)d account may log in again at once.",
                "%(count)d accounts may log in again at once.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    add_form = StaffUserCreationForm
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "usable_password", "password1", "password2"]}),
        (_("Personal info"), {"classes": ["wide"], "fields": ["first_name", "last_name", "email"]}),
    ]

    @admin.display(description=_("full name"), ordering="first_name")
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("regency/city"), ordering="membership__regency__name")
    def membership_regency(self, obj):
        membership = getattr(obj, "membership", None)
        return membership.regency if membership else "—"

    @admin.display(description=_("role"), ordering="membership__role")
    def membership_role(self, obj):
        membership = getattr(obj, "membership", None)
        return membership.get_role_display() if membership else "—"

    # Ministry admins manage staff accounts, but only superusers grant superuser status or single
    # permissions, or touch a superuser's account: a national admin cannot raise itself above the group.
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields

    def _may_manage(self, request, obj):
        return obj is None or can_manage_account(request.user, obj, obj.groups.values_list("name", flat=True))

    def has_change_permission(self, request, obj=None):
        return self._may_manage(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_manage(request, obj) and super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Separation of duties: the national groups are not even offered to a national admin, and a
        # posted one is refused as an invalid choice.
        if db_field.name == "groups" and not can_grant_national_groups(request.user):
            kwargs["queryset"] = Group.objects.exclude(name__in=NATIONAL_GROUPS)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        form.roles_before = roles_of(obj) if change else NO_ROLES
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user, before = form.instance, form.roles_before
        if not can_grant_national_groups(request.user):
            # The form did not offer the national groups, so saving it dropped those the account held.
            user.groups.add(*Group.objects.filter(name__in=before.national_groups))
        role_changes_record(user=user, before=before, by_user=request.user)

    def delete_model(self, request, obj):
        role_changes_record(user=obj, before=roles_of(obj), after=NO_ROLES, by_user=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            self.delete_model(request, user)

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


@admin.register(RoleChange)
class RoleChangeAdmin(admin.ModelAdmin):
    """The log of grants and removals of roles: national admins read it, nobody edits it."""

    list_display = ["changed_at", "changed_by_name", "user_name", "kind", "before", "after"]
    list_filter = ["kind", "changed_at"]
    search_fields = ["user_name", "changed_by_name", "before", "after"]
    date_hierarchy = "changed_at"

    def has_view_permission(self, request, obj=None):
        return is_national_admin(request.user)

    def has_module_permission(self, request):
        return is_national_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
