"""Writes on practices. Every change is recorded as a PracticeRevision in the same transaction."""

import csv
import datetime
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from livinglab import audit
from regencies.models import Membership
from regencies.permissions import is_national_admin, membership_of

from ..notifications.services import practice_revision_notify
from . import documents, search
from .models import (
    RESERVED_SLUGS,
    GlossaryTerm,
    Practice,
    PracticeDocument,
    PracticeIndicator,
    PracticeRevision,
    RbTheme,
    Tag,
)

RB_THEMES_FILE = Path(__file__).resolve().parent.parent / "data" / "rb_tematik_themes.csv"
GLOSSARY_FILE = Path(__file__).resolve().parent.parent / "data" / "glossary.csv"
SHORT_VALUE = 120
MAX_TAGS = 10
# Set once or changed only by publish/archive: never part of an edit's field-by-field history.
UNTRACKED = {
    "id",
    "regency",
    "slug",
    "status",
    "created_at",
    "updated_at",
    "published_at",
    "archived_at",
    "search_vector",
}
TRACKED_FIELDS = [f.name for f in Practice._meta.concrete_fields if f.name not in UNTRACKED]
RELATIONS = ("rb_themes", "tags", "contacts", "indicators")


def rb_themes_load(*, path=RB_THEMES_FILE):
    """Create or update the RB tematik priorities from the shipped file. Returns (created, updated)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    existing = RbTheme.objects.in_bulk(field_name="number")
    created = updated = 0
    for row in rows:
        values = {
            "name": row["theme"].strip(),
            "name_en": row["theme_en"].strip(),
            "source_title": row["source_title"].strip(),
            "source_url": row["source_url"].strip(),
            "certainty": row["certainty"].strip(),
        }
        theme = existing.get(int(row["no"]))
        if theme is None:
            RbTheme.objects.create(number=int(row["no"]), **values)
            created += 1
        elif any(getattr(theme, name) != value for name, value in values.items()):
            RbTheme.objects.filter(pk=theme.pk).update(**values)
            updated += 1
    return created, updated


def glossary_load(*, path=GLOSSARY_FILE):
    """Add the shipped glossary terms that are not there yet (edits made in the admin stay).
    Returns how many were added."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = [(row["term"].strip(), row["expansion"].strip()) for row in csv.DictReader(handle)]
    existing = {
        (term.lower(), expansion.lower())
        for term, expansion in GlossaryTerm.objects.values_list("term", "expansion")
    }
    new = [
        GlossaryTerm(term=term, expansion=expansion)
        for term, expansion in dict.fromkeys(rows)
        if term and expansion and (term.lower(), expansion.lower()) not in existing
    ]
    GlossaryTerm.objects.bulk_create(new)
    return len(new)


def practice_search_index(*, practice_ids=None):
    """Recompute the stored search vector of these practices (all when None). PostgreSQL only: SQLite
    searches the text itself. Call it after any change of a practice's text or tags."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if practice_ids is None:
            cursor.execute(search.SEARCH_VECTOR_SQL)
        else:
            cursor.execute(search.SEARCH_VECTOR_SQL + " WHERE p.id = ANY(%s)", [list(practice_ids)])


class PracticeError(Exception):
    """A change the rules refuse; `field` names the input it is about."""

    def __init__(self, message, field="non_field_errors"):
        super().__init__(message)
        self.field = field


def short(value):
    """A value as the history shows it: text of at most SHORT_VALUE characters."""
    if value is None or value == [] or value == {}:
        text = ""
    elif isinstance(value, bool):
        text = "1" if value else "0"
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        text = ", ".join(value)
    elif isinstance(value, list | dict):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        text = str(value)
    return text if len(text) <= SHORT_VALUE else text[: SHORT_VALUE - 1] + "…"


def _fields(practice):
    return {name: getattr(practice, name) for name in TRACKED_FIELDS}


def _relations(practice):
    """The relations as comparable text, one query each."""
    return {
        "rb_themes": ", ".join(str(n) for n in practice.rb_themes.values_list("number", flat=True)),
        "tags": ", ".join(practice.tags.values_list("name", flat=True)),
        "contacts": ", ".join(
            user.get_full_name() or user.username for user in practice.contacts.order_by("first_name", "pk")
        ),
        "indicators": "; ".join(
            f"{link.indicator.framework.name} {link.indicator.number}: {link.level}"
            for link in practice.indicator_links.select_related("indicator__framework").order_by(
                "indicator__framework__code", "indicator__number"
            )
        ),
    }


def _diff(before, after):
    return [
        {"field": name, "old": short(before.get(name)), "new": short(after[name])}
        for name in after
        if short(before.get(name)) != short(after[name])
    ]


def _author(user):
    """(role, pemda) of the author at the time of the change: the public history shows these."""
    if user is None:
        return PracticeRevision.Role.SYSTEM, None
    membership = membership_of(user)
    if is_national_admin(user):
        return PracticeRevision.Role.NATIONAL_ADMIN, None
    if membership is not None:
        return membership.role, membership.regency_id
    return PracticeRevision.Role.SYSTEM, None


def _record(practice, action, by_user, changes):
    role, regency_id = _author(by_user)
    revision = PracticeRevision.objects.create(
        practice=practice,
        action=action,
        changed_by=by_user,
        by_role=role,
        by_regency_id=regency_id,
        changes=changes,
    )
    practice_revision_notify(revision=revision)  # followers hear of changes to public practices
    return revision


def _lock(practice):
    return Practice.objects.select_for_update().get(pk=practice.pk)


def unique_slug(title):
    base = slugify(title)[:100].strip("-") or "praktik"
    if base in RESERVED_SLUGS:
        base = f"{base}-praktik"
    taken = set(Practice.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def tags_from_names(names):
    """Tags for the given names, created when new. Raises PracticeError(field="tags")."""
    names = list(dict.fromkeys(name.strip() for name in names if name and name.strip()))
    if len(names) > MAX_TAGS:
        raise PracticeError(_("At most %(max)s tags are allowed.") % {"max": MAX_TAGS}, "tags")
    tags = []
    for name in names:
        slug = slugify(name)[:60]
        if not slug or len(name) > 60:
            raise PracticeError(
                _("%(tag)s: a tag has letters or digits and at most 60 characters.") % {"tag": name[:80]},
                "tags",
            )
        tags.append(Tag.objects.get_or_create(slug=slug, defaults={"name": name})[0])
    return tags


def _check_contacts(practice, contacts):
    staff = set(
        Membership.objects.filter(regency_id=practice.regency_id, user__in=contacts).values_list(
            "user_id", flat=True
        )
    )
    strangers = [user for user in contacts if user.pk not in staff]
    if strangers:
        raise PracticeError(
            _("Contact persons must be staff of the owner pemda: %(names)s is not.")
            % {"names": ", ".join(user.get_full_name() or user.username for user in strangers)},
            "contacts",
        )


def _check_indicators(indicators):
    seen = set()
    for link in indicators:
        indicator, level = link["indicator"], link["level"]
        framework = indicator.framework
        if indicator.pk in seen:
            raise PracticeError(
                _("Indicator %(number)s of %(framework)s is listed twice.")
                % {"number": indicator.number, "framework": framework.name},
                "indicators",
            )
        seen.add(indicator.pk)
        if not framework.level_min <= level <= framework.level_max:
            raise PracticeError(
                _("Indicator %(number)s: a level of %(framework)s is between %(min)s and %(max)s.")
                % {
                    "number": indicator.number,
                    "framework": framework.name,
                    "min": framework.level_min,
                    "max": framework.level_max,
                },
                "indicators",
            )


@transaction.atomic
@audit.collecting()  # the save and its relations: one audit event
def practice_save(*, practice, by_user, rb_themes=None, tags=None, contacts=None, indicators=None):
    """Create or update a practice that a form or serializer has already validated and changed.

    Relations left as None stay as they are; `tags` are names, `indicators` are dicts with
    "indicator" (an spbe Indicator with its framework), "level" and "evidence". The owner pemda, the
    slug and the status never change here. Records one revision with every field that changed.
    Raises PracticeError naming the field.
    """
    creating = practice.pk is None
    if creating:
        before = {}
        practice.status = Practice.Status.DRAFT
        practice.slug = practice.slug or unique_slug(practice.title)
        if Practice.objects.filter(slug=practice.slug).exists() or practice.slug in RESERVED_SLUGS:
            raise PracticeError(_("Another practice already has this address (slug)."), "slug")
    else:
        stored = _lock(practice)
        before = {**_fields(stored), **_relations(stored)}
        practice.regency_id, practice.slug, practice.status = stored.regency_id, stored.slug, stored.status
    if contacts is not None:
        _check_contacts(practice, contacts)
    if indicators is not None:
        _check_indicators(indicators)
    if tags is not None:
        tags = tags_from_names(tags)
    try:
        with transaction.atomic():
            practice.save()
    except IntegrityError:
        raise PracticeError(_("Another practice already has this address (slug)."), "slug") from None
    for name, values in (("rb_themes", rb_themes), ("tags", tags), ("contacts", contacts)):
        if values is not None:
            getattr(practice, name).set(values)
    if indicators is not None:
        PracticeIndicator.objects.filter(practice=practice).delete()
        PracticeIndicator.objects.bulk_create(
            PracticeIndicator(
                practice=practice,
                indicator=link["indicator"],
                level=link["level"],
                evidence=link.get("evidence", ""),
            )
            for link in indicators
        )
    changes = _diff(before, {**_fields(practice), **_relations(practice)})
    audit.record(
        practice,
        audit.CHANGED,
        {c["field"]: [c["old"], c["new"]] for c in changes if c["field"] in RELATIONS},
    )
    if creating or changes:
        practice_search_index(practice_ids=[practice.pk])
        action = PracticeRevision.Action.CREATED if creating else PracticeRevision.Action.EDITED
        _record(practice, action, by_user, changes)
    return practice


def _status_change(practice, by_user, *, allowed_from, to, action, refusal):
    stored = _lock(practice)
    if stored.status not in allowed_from:
        raise PracticeError(refusal % {"status": stored.get_status_display()}, "status")
    old = stored.status
    stored.status = to
    now = timezone.now()
    if to == Practice.Status.PUBLISHED:
        stored.published_at = now
    else:
        stored.archived_at = now
    stored.save(update_fields=["status", "published_at", "archived_at", "updated_at"])
    _record(stored, action, by_user, [{"field": "status", "old": old, "new": to}])
    practice.status, practice.published_at, practice.archived_at = (
        stored.status,
        stored.published_at,
        stored.archived_at,
    )
    return practice


@transaction.atomic
def practice_publish(*, practice, by_user):
    """A draft becomes public."""
    return _status_change(
        practice,
        by_user,
        allowed_from={Practice.Status.DRAFT},
        to=Practice.Status.PUBLISHED,
        action=PracticeRevision.Action.PUBLISHED,
        refusal=_("Only a draft can be published; this practice is %(status)s."),
    )


@transaction.atomic
def practice_archive(*, practice, by_user):
    """A draft or published practice is archived: still visible, marked as archived."""
    return _status_change(
        practice,
        by_user,
        allowed_from={Practice.Status.DRAFT, Practice.Status.PUBLISHED},
        to=Practice.Status.ARCHIVED,
        action=PracticeRevision.Action.ARCHIVED,
        refusal=_("This practice is already %(status)s."),
    )


@transaction.atomic
def document_add(*, practice, by_user, title, upload):
    """Attach a document after checking it by content and size. Raises PracticeError(field="file")."""
    try:
        documents.validate_document(upload)
    except ValidationError as error:
        raise PracticeError(error.messages[0], "file") from None
    file_type = documents.prepare(upload)
    document = PracticeDocument.objects.create(
        practice=practice,
        title=title,
        file=upload,
        file_type=file_type,
        size=upload.size,
        uploaded_by=by_user,
    )
    _record(
        practice,
        PracticeRevision.Action.DOCUMENT_ADDED,
        by_user,
        [{"field": "documents", "old": "", "new": short(title)}],
    )
    return document


@transaction.atomic
def document_remove(*, document, by_user):
    """Delete a document and its file (once the deletion is committed)."""
    name, storage = document.file.name, document.file.storage
    _record(
        document.practice,
        PracticeRevision.Action.DOCUMENT_REMOVED,
        by_user,
        [{"field": "documents", "old": short(document.title), "new": ""}],
    )
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
