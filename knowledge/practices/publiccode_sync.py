"""A practice as a publiccode.yml and back: the database side of knowledge/publiccode.py.

`export` writes a practice; `check` reads a pasted or uploaded file for a new practice or an
existing one and reports every problem by key path (nothing is written); `practice_import` saves a
checked file through services.practice_save, so the revision history and followers see it like any
other change.

What the portal adds to the pure mapping:
- the owner is the practice's pemda, written as ``organisation.uri: urn:x-kemendagri:<code>``; a file
  naming another pemda is refused (``organisation.uri``). National admins create practices for any
  pemda, so for them a new practice's owner is the pemda the file names;
- ``usedBy`` is written from the verified adopters running the practice (replications at ``live`` or
  ``evaluated``, replications.selectors); an imported ``usedBy`` is kept with the other keys in
  ``publiccode_extra`` and written only while no verified adopter runs it;
- categories are the practice's tags whose slug is a category of the standard; an import replaces
  those and keeps the practice's other tags;
- the exporter's stand-ins read back as "not given": ``url`` equal to ``landingURL`` or to the
  practice's own page means no repository, a longDescription equal to the shortDescription means no
  body, and a lone contact named after the pemda (or the practice) means no contact person; so
  export -> import -> export gives the same bytes and leaves the practice as it was;
- the licence is normalised like the practice form does (``GPL-2.0+`` -> ``GPL-2.0-or-later``); the
  portal knows SPDX licences and ``LicenseRef-proprietary`` only, so a proprietary licence of the
  file's own (``LicenseRef-Pemkot-Malang``) is recorded as ``LicenseRef-proprietary``, with a warning.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _

from regencies.models import Regency
from regencies.permissions import can_create_practice, is_national_admin, membership_of

from .. import publiccode
from ..publiccode import Problem
from ..publiccode_spec import CATEGORIES
from ..replications.selectors import running_adopter_names
from . import services, validators
from .models import Practice

# The practice's model fields a publiccode.yml sets, and the key path each comes from.
KEY_PATHS = {
    "title": "name",
    "title_en": "description.en.localisedName",
    "summary": "description.id.shortDescription",
    "summary_en": "description.en.shortDescription",
    "body": "description.id.longDescription",
    "repository_url": "url",
    "landing_url": "landingURL",
    "license": "legal.license",
    "development_status": "developmentStatus",
    "software_type": "softwareType",
    "platforms": "platforms",
    "dependencies": "dependsOn.open",
    "available_languages": "localisation.availableLanguages",
    "maintenance_type": "maintenance.type",
    "maintenance_contacts": "maintenance.contacts",
    "launched_on": "releaseDate",
    "publiccode_extra": "",
}
MODEL_FIELDS = list(KEY_PATHS)
# services.PracticeError fields, as key paths of the file.
FIELD_KEYS = {"tags": "categories", "slug": "name"}
FILENAME = "publiccode.yml"
CONTENT_TYPE = "application/yaml; charset=utf-8"  # RFC 9512


def _category_tags(tags):
    return [tag.slug for tag in tags if tag.slug in CATEGORIES]


def portal_data(practice):
    """The practice as knowledge.publiccode.dump reads it (the tags are queried unless prefetched)."""
    data = {name: getattr(practice, name) for name in MODEL_FIELDS}
    data.update(
        tags=_category_tags(practice.tags.all()),
        # Verified adopters win over a kept publiccode_extra["usedBy"] (publiccode.dump's merge).
        used_by=running_adopter_names([practice.pk]).get(practice.pk, []),
        organisation_name=practice.regency.name,
        organisation_code=practice.regency.code,
    )
    return data


def export(practice, *, practice_url):
    """The practice as publiccode.yml text. `practice_url` (its page) stands in for a missing `url`."""
    return publiccode.dump(portal_data(practice), practice_url=practice_url)


def download_response(practice, *, practice_url):
    response = HttpResponse(export(practice, practice_url=practice_url), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@dataclass
class Checked:
    """A file read for a practice: `values` to set when `errors` is empty."""

    values: dict | None = None
    categories: list = field(default_factory=list)
    regency: Regency | None = None
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    digest: str = ""

    @property
    def ok(self):
        return not self.errors


def digest(source):
    """Identifies the exact text that was checked (the page saves only what the person saw)."""
    raw = source.encode("utf-8") if isinstance(source, str) else source
    return hashlib.sha256(raw).hexdigest()


def _owner(user, practice, code):
    """The owner pemda and the problems with the file's organisation.uri."""
    if practice is not None:
        regency = practice.regency
    elif is_national_admin(user):
        regency = Regency.objects.filter(code=code).first() if code else None
        if regency is None:
            message = (
                _("no pemda has Kemendagri code %(code)s") % {"code": code}
                if code
                else _("national admins name the owner pemda here, e.g. urn:x-kemendagri:32.11")
            )
            return None, [Problem("organisation.uri", message)]
    else:
        membership = membership_of(user)
        regency = membership.regency if membership else None
    if regency is None or (practice is None and not can_create_practice(user, regency)):
        return None, [Problem("", _("Only staff of a pemda publish practices."))]
    if code and code != regency.code:
        message = _("names the pemda with code %(code)s; this practice belongs to %(name)s (%(own)s)")
        return regency, [
            Problem("organisation.uri", message % {"code": code, "name": regency.name, "own": regency.code})
        ]
    return regency, []


def _values(data, practice_url, regency):
    values = {name: data[name] for name in MODEL_FIELDS}
    if values["repository_url"] in (values["landing_url"], practice_url):
        values["repository_url"] = ""  # the exporter's stand-in for "no repository"
    if values["body"] == values["summary"]:
        values["body"] = ""  # the exporter's stand-in for "no body"
    contacts = values["maintenance_contacts"]
    if (
        len(contacts) == 1
        and contacts[0]["name"] in (values["title"], regency.name if regency else None)
        and not any(contacts[0][key] for key in ("email", "phone", "affiliation"))
    ):
        values["maintenance_contacts"] = []  # the exporter's stand-in for "no contact person"
    extra = dict(values["publiccode_extra"])
    if data["used_by"]:
        extra["usedBy"] = data["used_by"]
    values["publiccode_extra"] = extra
    return values


def _model_problems(values):
    """The practice's own field rules (lengths, licence, contacts...), by key path."""
    problems = []
    try:  # the practice form's rule, which also writes the licence in its normal form
        values["license"] = validators.normalize_license(values["license"])
    except ValidationError as error:
        problems.append(Problem("legal.license", error.messages[0]))
    exclude = [f.name for f in Practice._meta.concrete_fields if f.name not in MODEL_FIELDS]
    try:
        Practice(**values).clean_fields(exclude=[*exclude, "license"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            problems += [Problem(KEY_PATHS.get(name, name), message) for message in messages]
    return problems


def check(source, *, user, practice=None, practice_url=""):
    """Read `source` (text or bytes) for `practice`, or for a new practice when None. Writes nothing."""
    result = publiccode.parse(source)
    checked = Checked(errors=list(result.errors), warnings=list(result.warnings), digest=digest(source))
    if result.data is None:
        return checked
    data = result.data
    checked.regency, problems = _owner(user, practice, data["organisation_code"])
    checked.errors += problems
    if checked.regency is not None and data["organisation_name"] not in ("", checked.regency.name):
        checked.warnings.append(
            Problem("organisation.name", _("exported as %(name)s") % {"name": checked.regency.name})
        )
    values = _values(data, practice_url, checked.regency)
    if values["license"] != validators.PROPRIETARY_LICENSE and publiccode.is_proprietary(values["license"]):
        message = _("recorded as %(license)s, the portal's name for every proprietary licence")
        checked.warnings.append(
            Problem("legal.license", message % {"license": validators.PROPRIETARY_LICENSE})
        )
        values["license"] = validators.PROPRIETARY_LICENSE
    checked.errors += _model_problems(values)
    if len(_tags(practice, data["tags"])) > services.MAX_TAGS:
        message = _("with the practice's other tags, more than %(max)d tags") % {"max": services.MAX_TAGS}
        checked.errors.append(Problem("categories", message))
    if not checked.errors:
        checked.values, checked.categories = values, data["tags"]
    return checked


def changes(practice, checked):
    """(field label, old, new) of what saving `checked` would change, as the history will show it."""
    rows = []
    for name in MODEL_FIELDS:
        old = services.short(getattr(practice, name) if practice else None)
        new = services.short(checked.values[name])
        if old != new:
            rows.append((Practice._meta.get_field(name).verbose_name, old, new))
    old_categories = _category_tags(practice.tags.all()) if practice else []
    if sorted(old_categories) != sorted(checked.categories):
        rows.append(
            (_("categories (tags)"), services.short(old_categories), services.short(checked.categories))
        )
    return rows


def _tags(practice, categories):
    """The practice's tags after an import: its own tags, and the file's categories."""
    kept = [tag.name for tag in practice.tags.all() if tag.slug not in CATEGORIES] if practice else []
    return kept + categories


@transaction.atomic
def practice_import(*, checked, by_user, practice=None):
    """Create (practice None: an application, as a draft of checked.regency) or update a practice from
    a file `check` accepted. Raises services.PracticeError naming the field."""
    if not checked.ok:
        raise ValueError("only a checked file without errors is saved")
    tags = _tags(practice, checked.categories)
    if practice is None:
        practice = Practice(regency=checked.regency, kind=Practice.Kind.APPLICATION)
    for name, value in checked.values.items():
        setattr(practice, name, value)
    return services.practice_save(practice=practice, by_user=by_user, tags=tags)


def error_key(problem):
    """The key an API error lists a problem under: its key path, or "publiccode" for the whole file."""
    return problem.path or "publiccode"
