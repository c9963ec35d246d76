from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Membership, Regency


class ConfirmForm(forms.Form):
    """A POST that only confirms an action; the CSRF token does the real work."""

    confirm = forms.BooleanField(label=_("Yes, I understand"), required=True, initial=False)


class RegencyProfileForm(forms.ModelForm):
    class Meta:
        model = Regency
        fields = ["website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class MembershipRoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]
