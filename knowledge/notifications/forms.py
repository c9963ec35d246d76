from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationPreference


class FollowForm(forms.Form):
    follow = forms.BooleanField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class MarkReadForm(forms.Form):
    """Marks one notification (the one in the URL) or all of them read; the CSRF token is the input."""


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["frequency", "language"]
        labels = {"frequency": _("Send me e-mail"), "language": _("Language of e-mails")}
        widgets = {"frequency": forms.RadioSelect}
