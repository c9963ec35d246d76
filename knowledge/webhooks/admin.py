"""Webhooks in the Django admin, for national admins only: endpoints are registered and edited there
(the secret is write-only), deliveries are read and retried."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from regencies.permissions import is_national_admin

from ..admin_access import NationalAdminOnly
from . import addresses, services
from .models import WebhookDelivery, WebhookEndpoint


class EndpointForm(forms.ModelForm):
    secret = forms.CharField(
        label=_("secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Used to sign every delivery (HMAC-SHA256). Leave empty to keep the current secret."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "secret", "active", "description"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            addresses.check_url(url)
        except addresses.UnsafeURL as refused:
            raise forms.ValidationError(str(refused)) from refused
        return url

    def clean_secret(self):
        secret = self.cleaned_data["secret"]
        if secret:
            return secret
        if self.instance.pk:
            return self.instance.secret
        raise forms.ValidationError(_("Give a secret: receivers check the signature with it."))


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(NationalAdminOnly, admin.ModelAdmin):
    form = EndpointForm
    list_display = ["url", "active", "description", "created_by", "created_at"]
    list_filter = ["active"]
    list_select_related = ["created_by"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(NationalAdminOnly, admin.ModelAdmin):
    list_display = ["pk", "endpoint", "event", "step", "status", "attempts", "last_status_code", "created_at"]
    list_filter = ["status", "event"]
    list_select_related = ["endpoint", "step"]
    fields = [
        "endpoint",
        "step",
        "event",
        "payload",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "sending_since",
        "delivered_at",
        "created_at",
    ]
    readonly_fields = fields
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        return is_national_admin(request.user)

    @admin.action(description=_("Retry the selected deliveries now"), permissions=["retry"])
    def retry(self, request, queryset):
        count = services.deliveries_retry(queryset)
        self.message_user(
            request,
            ngettext("%(count)s delivery queued again.", "%(count)s deliveries queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
