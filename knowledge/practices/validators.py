"""Checks on the structured values of a practice (lists kept as JSON, licences), without the database."""

import functools
import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

PROPRIETARY_LICENSE = "LicenseRef-proprietary"
# A BCP-47 tag as publiccode.yml writes them: "id", "en", "jv", "id-ID", "zh-Hant-TW".
LANGUAGE_TAG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
MAX_LIST_ITEMS = 30
MAX_ITEM_LENGTH = 100
CONTACT_KEYS = ("name", "email", "phone", "affiliation")


@functools.cache
def _spdx():
    # Reading the SPDX licence list takes a few hundred milliseconds: once per process.
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


def normalize_license(value):
    """The licence as a normalized SPDX expression ("mit" -> "MIT"), "LicenseRef-proprietary" or "".

    Raises ValidationError naming what is wrong."""
    value = (value or "").strip()
    if not value or value.lower() == PROPRIETARY_LICENSE.lower():
        return PROPRIETARY_LICENSE if value else ""
    info = _spdx().validate(value)
    if info.errors:
        raise ValidationError(
            _(
                "%(value)s is not an SPDX licence expression (e.g. MIT, GPL-3.0-or-later, "
                "Apache-2.0 AND MIT); write %(proprietary)s for a proprietary licence."
            )
            % {"value": value[:200], "proprietary": PROPRIETARY_LICENSE},
            code="invalid_license",
        )
    return info.normalized_expression


def validate_license(value):
    normalize_license(value)


def validate_string_list(value):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Give a list of texts."), code="not_a_list")
    if len(value) > MAX_LIST_ITEMS:
        raise ValidationError(
            _("At most %(max)s items are allowed.") % {"max": MAX_LIST_ITEMS}, code="too_many"
        )
    for item in value:
        if not item.strip() or len(item) > MAX_ITEM_LENGTH:
            raise ValidationError(
                _("Each item is a non-empty text of at most %(max)s characters.") % {"max": MAX_ITEM_LENGTH},
                code="bad_item",
            )


def validate_language_tags(value):
    validate_string_list(value)
    wrong = [item for item in value if not LANGUAGE_TAG_RE.match(item)]
    if wrong:
        raise ValidationError(
            _("%(tags)s: not a language tag such as id, en or jv.") % {"tags": ", ".join(wrong)[:200]},
            code="bad_language",
        )


@deconstructible
class ChoiceListValidator:
    """A list of values taken from `allowed` (e.g. a TextChoices' values)."""

    def __init__(self, allowed):
        self.allowed = list(allowed)

    def __call__(self, value):
        validate_string_list(value)
        unknown = [item for item in value if item not in self.allowed]
        if unknown:
            raise ValidationError(
                _("Unknown value(s): %(unknown)s. Allowed: %(allowed)s.")
                % {"unknown": ", ".join(unknown)[:200], "allowed": ", ".join(self.allowed)},
                code="invalid_choice",
            )

    def __eq__(self, other):
        return isinstance(other, ChoiceListValidator) and self.allowed == other.allowed


def validate_contacts(value):
    """Maintenance contacts as publiccode.yml keeps them: [{"name", "email", "phone", "affiliation"}]."""
    if not isinstance(value, list) or len(value) > MAX_LIST_ITEMS:
        raise ValidationError(
            _("Give a list of at most %(max)s contacts.") % {"max": MAX_LIST_ITEMS}, code="not_a_list"
        )
    for number, contact in enumerate(value, start=1):
        if not isinstance(contact, dict) or set(contact) - set(CONTACT_KEYS):
            raise ValidationError(
                _("Contact %(number)s: use only the keys %(keys)s.")
                % {"number": number, "keys": ", ".join(CONTACT_KEYS)},
                code="bad_contact",
            )
        if not all(isinstance(item, str) and len(item) <= MAX_ITEM_LENGTH for item in contact.values()):
            raise ValidationError(
                _("Contact %(number)s: each value is a text of at most %(max)s characters.")
                % {"number": number, "max": MAX_ITEM_LENGTH},
                code="bad_contact",
            )
        if not contact.get("name", "").strip():
            raise ValidationError(
                _("Contact %(number)s has no name.") % {"number": number}, code="bad_contact"
            )
        if contact.get("email"):
            try:
                EmailValidator()(contact["email"])
            except ValidationError:
                raise ValidationError(
                    _("Contact %(number)s: %(email)s is not an e-mail address.")
                    % {"number": number, "email": contact["email"]},
                    code="bad_contact",
                ) from None


def default_languages():
    return ["id"]
