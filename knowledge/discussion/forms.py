from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BODY_MAX_LENGTH, Comment, CommentReport


class CommentForm(forms.Form):
    """A new question or comment, or (with `parent`) a reply."""

    # Not required: a reply has no kind of its own (the service makes it a comment).
    kind = forms.ChoiceField(
        label=_("This is a"),
        choices=Comment.Kind.choices,
        initial=Comment.Kind.QUESTION,
        required=False,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown: **bold**, *italic*, lists, links. At most 5,000 characters."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, reply_to=None, **kwargs):
        super().__init__(*args, **kwargs)
        if reply_to is not None:
            self.fields["kind"].widget = forms.HiddenInput()
            self.fields["body"].label = _("Your reply")
            self.initial["parent"] = reply_to.pk
            self.auto_id = f"id_reply{reply_to.pk}_%s"


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this comment?"),
        max_length=CommentReport._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=Comment._meta.get_field("hidden_reason").max_length,
        help_text=_("Shown to everyone in place of a hidden comment."),
    )
    confirm = forms.BooleanField(label=_("Yes, I understand"), required=True)


class AnswerForm(forms.Form):
    is_answer = forms.BooleanField(required=False, widget=forms.HiddenInput)


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Text"), max_length=BODY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 6})
    )
