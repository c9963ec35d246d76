from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from livinglab.audit import AuditedQuerySet

PROVINCE_CODE_RE = r"^\d{2}$"
REGENCY_CODE_RE = r"^\d{2}\.\d{2}$"


class Province(models.Model):
    code = models.CharField(
        _("Kemendagri code"),
        max_length=2,
        primary_key=True,
        validators=[RegexValidator(PROVINCE_CODE_RE, _("A province code has two digits, e.g. 32."))],
    )
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class RegencyQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("province").prefetch_related("cohorts")


class Regency(models.Model):
    """A kabupaten or kota, the unit of local government (pemda) on the portal."""

    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", pgettext_lazy("regency kind", "Regency (kabupaten)")
        KOTA = "kota", pgettext_lazy("regency kind", "City (kota)")

    code = models.CharField(
        _("Kemendagri code"),
        max_length=5,
        primary_key=True,
        validators=[RegexValidator(REGENCY_CODE_RE, _("A regency code looks like 32.11."))],
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(
        _("description"), blank=True, max_length=2000, help_text=_("Plain text, shown on the public page.")
    )

    objects = RegencyQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("regency/city")
        verbose_name_plural = _("regencies/cities")
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regencies:detail", kwargs={"code": self.code})

    @staticmethod
    def kind_from_name(name):
        """Kemendagri names start with "Kabupaten" or "Kota"; anything else is not a regency."""
        first_word = name.split(" ", 1)[0]
        return {"Kabupaten": Regency.Kind.KABUPATEN, "Kota": Regency.Kind.KOTA}.get(first_word)


class Cohort(models.Model):
    """A named group of pemda that take part in a programme, such as the 2022 pilot."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    source_url = models.URLField(_("source"), blank=True)
    members = models.ManyToManyField(Regency, related_name="cohorts", blank=True, verbose_name=_("members"))

    class Meta:
        ordering = ["-started_on", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regencies:list") + f"?cohort={self.slug}"


class Membership(models.Model):
    """Attaches a staff account to exactly one pemda with a role."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        MANAGER = "manager", _("Manager")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("user"),
    )
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("regency/city")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["regency", "user__username"]
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")

    def __str__(self):
        return f"{self.user} — {self.regency} ({self.get_role_display()})"


class RoleChange(models.Model):
    """Who gave or took a role from whom, and when: the national groups and pemda memberships.

    Written by regencies.services.role_changes_record on every path that grants or removes one; read-only
    in the admin. Names are copied so the record outlives the accounts.
    """

    class Kind(models.TextChoices):
        NATIONAL_GROUP = "national_group", _("National group")
        PEMDA_ROLE = "pemda_role", _("Pemda role")

    changed_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    changed_by_name = models.CharField(_("by (user name)"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="role_changes",
        verbose_name=_("account"),
    )
    user_name = models.CharField(_("account (user name)"), max_length=150)
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    before = models.CharField(_("before"), max_length=200, blank=True)
    after = models.CharField(_("after"), max_length=200, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")

    def __str__(self):
        return f"{self.user_name}: {self.before or '—'} → {self.after or '—'}"
