"""Questions and comments on a published practice, the owner's answer, reports and moderation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from regencies.models import Regency

from ..practices.models import Practice
from ..roles import PublicRole, role_label

BODY_MAX_LENGTH = 5000


class CommentKind(models.TextChoices):
    QUESTION = "question", pgettext_lazy("comment kind", "Question")
    COMMENT = "comment", pgettext_lazy("comment kind", "Comment")


class CommentQuerySet(models.QuerySet):
    def threads(self):
        """Top-level questions and comments (replies hang under them)."""
        return self.filter(parent__isnull=True)


class Comment(models.Model):
    """A question or comment on a practice, or a reply under one (one level deep)."""

    Kind = CommentKind
    Role = PublicRole

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="comments", verbose_name=_("practice")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="practice_comments",
        verbose_name=_("author"),
    )
    # The author's role and pemda when they wrote: public pages show these, not the person's name.
    author_role = models.CharField(_("author's role"), max_length=20, choices=Role.choices)
    author_regency = models.ForeignKey(
        Regency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author's pemda"),
    )
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH, help_text=_("Markdown."))
    is_answer = models.BooleanField(
        _("answer"), default=False, help_text=_("Marked by the owner pemda as the answer to the question.")
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["practice", "parent", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CommentKind.values), name="comment_kind_valid"),
            models.CheckConstraint(
                condition=Q(author_role__in=PublicRole.values), name="comment_author_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(is_answer=False) | Q(parent__isnull=False), name="answer_is_reply"
            ),
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""), name="hidden_comment_has_reason"
            ),
            models.UniqueConstraint(
                fields=["parent"], condition=Q(is_answer=True), name="one_answer_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} ({self.practice_id})"

    def get_absolute_url(self):
        return f"{self.practice.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def is_question(self):
        return self.parent_id is None and self.kind == self.Kind.QUESTION

    @property
    def author_label(self):
        """ "Editor, Kabupaten Ogan Ilir": who wrote it, as the public sees it."""
        return role_label(self.author_role, self.author_regency.name if self.author_regency_id else "")


class CommentReport(models.Model):
    """A logged-in person's report that a comment breaks the rules; national admins decide."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("comment")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("reported by")
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_person_per_comment")
        ]

    def __str__(self):
        return f"{self.comment_id}: {self.reason[:40]}"


class CommentModeration(models.Model):
    """Every hide and unhide, with who and why: the audit trail of moderation."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")
        UNHIDE = "unhide", _("Shown again")

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="moderations", verbose_name=_("comment")
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation")
        verbose_name_plural = _("moderations")
        constraints = [
            models.CheckConstraint(condition=Q(action__in=["hide", "unhide"]), name="moderation_action_valid")
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.comment_id}"
