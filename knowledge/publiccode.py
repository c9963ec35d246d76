"""publiccode.yml both ways: `parse` a pasted or uploaded file into a practice's portal fields, `dump`
a practice as a publiccode.yml. Pure functions, no database; what the standard requires in which
version is in `knowledge/publiccode_spec.py`.

Safety. Parsing never raises on bad input: every failure is a `Problem(path, message)` in
`ParseResult.errors` (the path is the key path, e.g. ``legal.license`` or
``maintenance.contacts[0].email``; "" for the file as a whole). The YAML is read by `safe_yaml`, a
SafeLoader subclass that builds no objects of its own: files over MAX_BYTES, explicit tags (``!!python/...``,
any ``!tag``), aliases (``*name``: refused outright, so a "billion laughs" cannot expand), nesting
deeper than MAX_DEPTH collections, duplicate keys and keys that are not plain text are refused.
Files of 0.3 and later are read as YAML 1.2 (``NO`` stays the string "NO"), 0.2 files as the YAML 1.1
they were written in (``yes`` is true). Text comes back as plain `str`, never HTML and never
unescaped or rendered here: a ``<script>`` in a description is just text, and the templates escape it.

Mapping. The owner is ``organisation.uri: urn:x-kemendagri:<code>`` (e.g. ``urn:x-kemendagri:32.11``):
a stable identifier that does not change with the portal's address, in the form the standard's own
example uses (``urn:x-italian-pa:...``); `dump` takes another base if wanted. ``usedBy`` holds the
adopting pemda (``used_by``). The portal's ``dependencies`` are ``dependsOn.open`` by name (the
portal form is to ask for open-source runtime dependencies; proprietary and hardware ones are kept
as imported). ``categories`` are the practice's tags that are categories of the standard.

Round trip. Keys the portal does not hold as fields (softwareVersion, logo, features, contractors,
other languages, unknown keys...) are kept verbatim in ``publiccode_extra`` and merged back in place on
export, so ``dump(parse(dump(d)).data) == dump(d)`` byte for byte, and ``parse(dump(d)).data == d`` for
every field the portal holds (trimmed text; tags that are standard categories).

Export placeholders, used only where the portal holds no value for a key the standard makes mandatory
(each reads back as a value that exports the same way, so exports never drift):

- ``url``: the repository; without one, the landing page; without that, ``practice_url`` (the
  practice's page on the portal);
- ``platforms: [unspecified]`` and ``availableLanguages: [und]`` (BCP 47 for "undetermined"): both
  read back as an empty list;
- ``description.id.longDescription``: the summary when the portal has no body;
  ``description.id.features``: ``[summary]``, read back as "no features";
  ``description.en.shortDescription``: the English title when only that is known;
- ``legal.license: LicenseRef-proprietary`` when the portal's licence is empty (proprietary);
- ``localisation.localisationReady: false`` unless an imported file said otherwise;
- ``maintenance.contacts``: the owning pemda's name (not a person, as the standard wants) when the
  maintenance is internal or community and the portal lists no contact.
A practice maintained under ``contract`` exports its contractors only if an imported file gave them
(the portal does not record contractors); without them the export lacks ``maintenance.contractors``,
and ``parse(dump(d))`` reports exactly that, as it reports every other gap: run it to check an export.
"""

import copy
import functools
import re
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from . import publiccode_spec as spec
from . import safe_yaml

MAX_BYTES = 256 * 1024
MAX_DEPTH = 20  # nested mappings/lists; the standard needs 4 (maintenance.contacts[0].name)

ORGANISATION_URI_BASE = "urn:x-kemendagri:"  # a stable URN, like the standard's urn:x-italian-pa:...
PROPRIETARY_LICENSE = "LicenseRef-proprietary"
PLATFORM_PLACEHOLDER = "unspecified"
LANGUAGE_PLACEHOLDER = "und"
INDONESIAN = ("id", "ind", "in")  # BCP 47, ISO 639-2/3, and the withdrawn ISO 639-1 code
ENGLISH = ("en", "eng")
SUMMARY_MAX = 300  # the portal's summary; the standard's shortDescription stops at 150
SHORT_DESCRIPTION_MAX = 150

# The practice fields a publiccode.yml carries (slug and free tags stay the portal's own).
FIELDS = [
    "title",
    "title_en",
    "summary",
    "summary_en",
    "body",
    "repository_url",
    "landing_url",
    "license",
    "development_status",
    "software_type",
    "platforms",
    "dependencies",
    "available_languages",
    "maintenance_type",
    "maintenance_contacts",
    "launched_on",
    "tags",
    "used_by",
    "organisation_name",
    "organisation_code",
    "publiccode_extra",
]
CONTACT_KEYS = ("name", "email", "phone", "affiliation")
REQUIRED_FOR_EXPORT = ("title", "summary", "development_status", "software_type", "maintenance_type")

_LANGUAGE_TAG = re.compile(
    r"^[a-zA-Z]{2,3}(?:-[a-zA-Z]{4})?(?:-(?:[a-zA-Z]{2}|[0-9]{3}))?(?:-(?:[a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_KEMENDAGRI_URN = re.compile(r"^urn:x-kemendagri:(\d{2}\.\d{2})$", re.IGNORECASE)
_LICENSE_REF = re.compile(r"(?:DocumentRef-[A-Za-z0-9.\-]+:)?LicenseRef-[A-Za-z0-9.\-]+")
_http_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()


class Problem(NamedTuple):
    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass
class ParseResult:
    data: dict | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def is_proprietary(license_expression):
    """True for a licence the portal lists as not open source: none, or only LicenseRef-... of its own."""
    others = _LICENSE_REF.sub(" ", re.sub(r"\bWITH\s+\S+", " ", license_expression or "", flags=re.I))
    return not set(re.findall(r"[\w.+-]+", others)) - {"AND", "OR", "and", "or"}


# --- From the file to the portal's fields ---------------------------------------------------------


@functools.cache
def _spdx():
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


def _spdx_valid(expression):
    if len(expression) > 1000:  # real expressions are a few dozen characters; spare the parser
        return False
    # LicenseRef-... are the SPDX way to name a licence of one's own: swap them for a known id so that
    # only the rest of the expression is checked.
    try:
        info = _spdx().validate(_LICENSE_REF.sub("MIT", expression))
    except Exception:  # license-expression raises odd errors on some malformed input ("MIT AND")
        return False
    return not info.errors and not info.invalid_symbols


def _stripped(value):
    return value.strip() if isinstance(value, str) else ""


def _language_tag(value):
    return isinstance(value, str) and bool(_LANGUAGE_TAG.match(value))


class _Reader:
    def __init__(self, tree):
        self.rest = tree  # consumed keys are popped; what remains is publiccode_extra
        self.errors, self.warnings = [], []
        self.version = (7, 0)

    def error(self, path, message):
        self.errors.append(Problem(path, message))

    def warn(self, path, message):
        self.warnings.append(Problem(path, message))

    # Typed access: each pops the key and reports a wrong type with the key's path.

    def section(self, key, *, required=False):
        """A top-level mapping (left in place: what is not taken from it is kept), or None."""
        value = self.rest.get(key)
        if value is None and required:
            self.error(key, _("this key is required"))
        elif value is not None and not isinstance(value, dict):
            self.error(key, _("must be a mapping of keys"))
        return value if isinstance(value, dict) else None

    def text(self, mapping, key, path, *, required=False):
        value = mapping.pop(key, None)
        if value is None or value == "":
            if required:
                self.error(path, _("this key is required"))
            return ""
        if not isinstance(value, str):
            self.error(path, _("must be text (put it in quotes)"))
            return ""
        return value.strip()

    def texts(self, mapping, key, path, *, required=False, single=False):
        value = mapping.pop(key, None)
        if single and isinstance(value, str):
            value = [value]
        if value is None or value == []:
            if required:
                self.error(path, _("this key is required and lists at least one value"))
            return []
        if not isinstance(value, list):
            self.error(path, _("must be a list of texts"))
            return []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.error(f"{path}[{i}]", _("must be text (put it in quotes)"))
        return [item.strip() for item in value if isinstance(item, str) and item.strip()]

    def choice(self, mapping, key, path, choices, legacy=None):
        value = self.text(mapping, key, path, required=True)
        if value in (legacy or {}):
            self.warn(
                path, _("%(old)s is deprecated; read as %(new)s") % {"old": value, "new": legacy[value]}
            )
            return legacy[value]
        if value and value not in choices:
            self.error(path, _("must be one of: %(choices)s") % {"choices": ", ".join(choices)})
        return value

    def http_url(self, path, value):
        try:
            _http_url(value)
        except ValidationError:
            self.error(path, _("must be a web address starting with http:// or https://"))
            return False
        return True

    def day(self, path, value):
        if not isinstance(value, str) or not _DATE.match(value):
            self.error(path, _("must be a date written YYYY-MM-DD"))
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.error(path, _("is not a real date"))
            return None

    # The file, key by key.

    def read(self):
        version = self.rest.pop("publiccodeYmlVersion", None)
        if version is None:
            self.error("publiccodeYmlVersion", _("this key is required"))
        elif not isinstance(version, str):
            self.error("publiccodeYmlVersion", _('must be text: write it in quotes, e.g. "0.7"'))
        elif version not in spec.VERSIONS:
            self.error("publiccodeYmlVersion", _('unsupported version; write one of "0.2" to "0.7"'))
        if self.errors:  # every other rule depends on the version
            return None
        self.version = spec.VERSIONS[version]
        self.check_keys()
        rest, data = self.rest, {}
        data["title"] = self.text(rest, "name", "name", required=True)
        data["repository_url"] = self.url(rest, "url", required=True)
        data["landing_url"] = self.url(rest, "landingURL")
        data["launched_on"] = self.release_date()
        platforms = self.texts(rest, "platforms", "platforms", required=True, single=True)
        data["platforms"] = [p for p in platforms if p != PLATFORM_PLACEHOLDER]
        data["tags"] = self.categories()
        data["used_by"] = self.texts(rest, "usedBy", "usedBy")
        data["development_status"] = self.choice(
            rest, "developmentStatus", "developmentStatus", spec.DEVELOPMENT_STATUSES
        )
        data["software_type"] = self.choice(
            rest, "softwareType", "softwareType", spec.SOFTWARE_TYPES, spec.LEGACY_SOFTWARE_TYPES
        )
        data.update(self.organisation())
        data.update(self.description())
        data["license"] = self.license()
        data.update(self.maintenance())
        data["available_languages"] = self.localisation()
        data["dependencies"] = self.dependencies()
        self.check_other_urls()
        for key in ("organisation", "description", "legal", "maintenance", "localisation", "dependsOn"):
            if rest.get(key) == {}:
                del rest[key]
        data["publiccode_extra"] = rest
        return {name: data[name] for name in FIELDS}

    def check_keys(self):
        version_name = f"0.{self.version[0]}"
        for section in spec.CHECKED_SECTIONS:
            if section == ("description", "*"):
                description = self.rest.get("description")
                found = (
                    [(f"description.{lang}", texts) for lang, texts in description.items()]
                    if isinstance(description, dict)
                    else []
                )
            elif section:
                found = [(section[0], self.rest.get(section[0]))]
            else:
                found = [("", self.rest)]
            for path, mapping in found:
                for key in mapping if isinstance(mapping, dict) else ():
                    key_path = f"{path}.{key}" if path else key
                    deprecated = spec.DEPRECATED.get(".".join((*section, key)))
                    if deprecated and self.version >= spec.VERSIONS[deprecated]:
                        self.warn(
                            key_path,
                            _("deprecated since publiccode.yml %(version)s; kept as it is")
                            % {"version": deprecated},
                        )
                    elif key not in spec.KEY_ORDER[section]:
                        self.warn(
                            key_path,
                            _("not a key of publiccode.yml %(version)s; kept as it is")
                            % {"version": version_name},
                        )

    def url(self, mapping, key, *, required=False):
        value = self.text(mapping, key, key, required=required)
        return value if value and self.http_url(key, value) else ""

    def release_date(self):
        value = self.rest.pop("releaseDate", None)
        if value is None:
            if self.version < (4, 0) and "softwareVersion" in self.rest:
                self.error("releaseDate", _("required with softwareVersion before publiccode.yml 0.4"))
            return None
        return self.day("releaseDate", value)

    def categories(self):
        categories = self.texts(self.rest, "categories", "categories", required=self.version < (5, 0))
        for i, category in enumerate(categories):
            if category not in spec.CATEGORIES:
                self.error(f"categories[{i}]", _("not a category of the standard's list"))
            elif self.version < spec.CATEGORIES_ADDED.get(category, (0, 0)):
                self.warn(f"categories[{i}]", _("a category added in a later version of the standard"))
        return categories

    def organisation(self):
        organisation = self.section("organisation")
        if organisation is None:
            return {"organisation_name": "", "organisation_code": ""}
        uri = self.text(organisation, "uri", "organisation.uri", required=True)
        match = _KEMENDAGRI_URN.match(uri)
        if uri and not match:
            self.warn(
                "organisation.uri",
                _("not a Kemendagri code (urn:x-kemendagri:32.11); the practice belongs to your pemda"),
            )
        return {
            "organisation_name": self.text(organisation, "name", "organisation.name"),
            "organisation_code": match[1] if match else "",
        }

    def description(self):
        description = self.section("description", required=True)
        if description is None:
            return {"summary": "", "body": "", "title_en": "", "summary_en": ""}
        if not description:
            self.error("description", _("must hold the texts of at least one language (description.id: ...)"))
        chosen = {}
        for lang, texts in description.items():
            path = f"description.{lang}"
            if not _language_tag(lang):
                self.error(path, _("not a language tag (BCP 47, e.g. id or en)"))
            elif not isinstance(texts, dict):
                self.error(path, _("must be a mapping of keys"))
            else:
                self.check_texts(path, texts)
                group = next((g for g in (INDONESIAN, ENGLISH) if lang.split("-")[0].lower() in g), None)
                if group and (group[0] not in chosen or lang == group[0]):
                    chosen[group[0]] = lang  # the first of a language, or its plain code
        if not any(isinstance(t, dict) and "longDescription" in t for t in description.values()):
            self.error("description", _("at least one language needs longDescription"))
        if not any(isinstance(t, dict) and "features" in t for t in description.values()):
            self.error("description", _("at least one language needs features"))
        if "id" not in chosen:
            self.error("description", _("the portal needs the Indonesian texts (description.id)"))
        for lang in description:
            if lang not in chosen.values() and isinstance(description[lang], dict):
                self.warn(
                    f"description.{lang}",
                    _("the portal shows Indonesian and English texts only; kept for export"),
                )
        data = {"summary": "", "body": "", "title_en": "", "summary_en": ""}
        for code, lang in chosen.items():
            texts, path = description.pop(lang), f"description.{lang}"
            if lang != code:
                self.warn(path, _("exported as description.%(code)s") % {"code": code})
            if code == "id":  # check_texts reported wrong types already
                data["summary"] = _stripped(texts.pop("shortDescription", ""))
                data["body"] = _stripped(texts.pop("longDescription", ""))
                if len(data["summary"]) > SUMMARY_MAX:
                    self.error(
                        f"{path}.shortDescription",
                        _("the portal keeps at most %(max)d characters") % {"max": SUMMARY_MAX},
                    )
                if texts.get("features") == [data["summary"]]:
                    del texts["features"]  # the exporter's placeholder
            else:
                data["title_en"] = self.text(texts, "localisedName", f"{path}.localisedName")
                data["summary_en"] = _stripped(texts.pop("shortDescription", ""))
            if texts:
                description[code] = texts
        return data

    def check_texts(self, path, texts):
        """The standard's rules for one language's texts (kept or taken, they are checked alike)."""
        short = texts.get("shortDescription")
        if not isinstance(short, str) or not short.strip():
            self.error(f"{path}.shortDescription", _("this key is required, as text"))
        elif len(short.strip()) > SHORT_DESCRIPTION_MAX:
            self.warn(
                f"{path}.shortDescription",
                _("longer than the standard's %(max)d characters") % {"max": SHORT_DESCRIPTION_MAX},
            )
        long = texts.get("longDescription")
        shortest = 500 if self.version < (3, 0) else 150
        if long is not None and not isinstance(long, str):
            self.error(f"{path}.longDescription", _("must be text (put it in quotes)"))
        elif long is not None and not shortest <= len(long.strip()) <= 10000:
            self.warn(
                f"{path}.longDescription",
                _("the standard asks for %(min)d to 10000 characters") % {"min": shortest},
            )
        if self.version < (3, 0) and not isinstance(texts.get("genericName"), str):
            self.error(f"{path}.genericName", _("required in publiccode.yml 0.2, as text"))
        features = texts.get("features")
        if features is not None and not (
            isinstance(features, list) and features and all(isinstance(f, str) for f in features)
        ):
            self.error(f"{path}.features", _("must be a list of texts"))
        elif features and self.version < (3, 0) and any(len(f) > 100 for f in features):
            self.warn(f"{path}.features", _("publiccode.yml 0.2 allows 100 characters per feature"))
        for key in spec.HTTP_URL_DESCRIPTION_KEYS:
            if key in texts:
                self.http_url(f"{path}.{key}", texts[key])
        videos = texts.get("videos", [])
        for i, video in enumerate(videos if isinstance(videos, list) else [videos]):
            self.http_url(f"{path}.videos[{i}]", video)

    def license(self):
        legal = self.section("legal", required=True)
        if legal is None:
            return ""
        license = self.text(legal, "license", "legal.license", required=True)
        if license and not _spdx_valid(license):
            self.error("legal.license", _("not a valid SPDX expression"))
        elif license and is_proprietary(license):
            self.warn("legal.license", _("a proprietary licence: the practice is listed as not open source"))
        return license

    def maintenance(self):
        maintenance = self.section("maintenance", required=True)
        if maintenance is None:
            return {"maintenance_type": "", "maintenance_contacts": []}
        kind = self.choice(maintenance, "type", "maintenance.type", spec.MAINTENANCE_TYPES)
        contractors = maintenance.get("contractors")
        if kind == "contract" and not contractors:
            self.error("maintenance.contractors", _("required when maintenance.type is contract"))
        elif contractors is not None and kind != "contract":
            if self.version >= (5, 0):
                self.error("maintenance.contractors", _("only allowed when maintenance.type is contract"))
            else:
                self.warn(
                    "maintenance.contractors", _("kept, but exported only while maintenance.type is contract")
                )
        for i, contractor in enumerate(self.entries(maintenance, "contractors", "maintenance.contractors")):
            path = f"maintenance.contractors[{i}]"
            if "until" in contractor:
                self.day(f"{path}.until", contractor["until"])
            else:
                self.error(f"{path}.until", _("this key is required"))
            if "website" in contractor:
                self.http_url(f"{path}.website", contractor["website"])
        contacts, listed = [], "contacts" in maintenance
        for i, raw in enumerate(self.entries(maintenance, "contacts", "maintenance.contacts", pop=True)):
            path = f"maintenance.contacts[{i}]"
            if isinstance(raw.get("phone"), int) and self.version == (2, 0):
                raw["phone"] = str(raw["phone"])
                self.warn(
                    f"{path}.phone", _("a number, read as text (from 0.2.1 phone numbers must be quoted)")
                )
            contact = {
                key: self.text(raw, key, f"{path}.{key}") for key in CONTACT_KEYS
            }  # entries() checks name
            if contact["email"]:
                try:
                    _email(contact["email"])
                except ValidationError:
                    self.error(f"{path}.email", _("not a valid e-mail address"))
            for key in raw:
                self.warn(f"{path}.{key}", _("not kept: a contact has name, email, phone and affiliation"))
            contacts.append(contact)
        if not listed and kind in ("internal", "community"):
            self.error("maintenance.contacts", _("required when maintenance.type is internal or community"))
        return {"maintenance_type": kind, "maintenance_contacts": contacts}

    def entries(self, mapping, key, path, *, pop=False):
        """A list of mappings, each with a name: contacts, contractors, dependencies."""
        value = mapping.pop(key, None) if pop else mapping.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
            self.error(path, _("must be a list of mappings (- name: ...)"))
            return []
        for i, entry in enumerate(value):
            if not isinstance(entry.get("name"), str) or not entry["name"].strip():
                self.error(f"{path}[{i}].name", _("this key is required, as text"))
        return value

    def localisation(self):
        localisation = self.section("localisation", required=True)
        if localisation is None:
            return []
        if "localisationReady" not in localisation:
            self.error("localisation.localisationReady", _("this key is required"))
        elif not isinstance(localisation["localisationReady"], bool):
            self.error("localisation.localisationReady", _("must be true or false"))
        elif localisation["localisationReady"] is False:
            del localisation["localisationReady"]  # the exporter's default: nothing to keep
        path = "localisation.availableLanguages"
        languages = self.texts(localisation, "availableLanguages", path, required=True)
        for i, language in enumerate(languages):
            if not _language_tag(language):
                self.error(f"{path}[{i}]", _("not a language tag (BCP 47, e.g. id or en)"))
        return [language for language in languages if language != LANGUAGE_PLACEHOLDER]

    def dependencies(self):
        depends_on = self.section("dependsOn") or {}
        for kind in ("proprietary", "hardware"):
            self.entries(depends_on, kind, f"dependsOn.{kind}")
        names = []
        for i, entry in enumerate(self.entries(depends_on, "open", "dependsOn.open", pop=True)):
            names.append(entry.get("name", "").strip() if isinstance(entry.get("name"), str) else "")
            for key in [key for key in entry if key != "name"]:
                self.warn(f"dependsOn.open[{i}].{key}", _("not kept: the portal lists dependencies by name"))
        return names

    def check_other_urls(self):
        for key in spec.HTTP_URL_KEYS:
            if key in self.rest:  # url and landingURL were taken and checked already
                self.http_url(key, self.rest[key])


def _written_in_yaml11(tree):
    version = tree.get("publiccodeYmlVersion") if isinstance(tree, dict) else None
    return isinstance(version, str) and spec.VERSIONS.get(version, (0,))[0] == 2


def parse(source):
    """Read a publiccode.yml (text or bytes) into the portal's practice fields; see the module doc."""
    try:
        tree = safe_yaml.load(source, max_bytes=MAX_BYTES, max_depth=MAX_DEPTH, yaml11=_written_in_yaml11)
    except safe_yaml.Refused as refused:
        return ParseResult(None, [Problem(refused.path, refused.message)])
    if not isinstance(tree, dict):
        return ParseResult(None, [Problem("", _("the file must be a mapping of keys (name: value, ...)"))])
    reader = _Reader(tree)
    data = reader.read()
    return ParseResult(None if reader.errors else data, reader.errors, reader.warnings)


# --- From the portal's fields to the file ---------------------------------------------------------


def _portal_tree(data, organisation_uri_base, practice_url):
    tags = [tag for tag in data.get("tags") or () if tag in spec.CATEGORIES]
    english = {
        "localisedName": data.get("title_en"),
        "shortDescription": data.get("summary_en") or data.get("title_en"),
    }
    contacts = [
        {key: contact[key] for key in CONTACT_KEYS if contact.get(key)}
        for contact in data.get("maintenance_contacts") or ()
    ]
    tree = {
        "publiccodeYmlVersion": safe_yaml.Quoted(spec.EXPORT_VERSION),
        "name": data["title"],
        "url": data.get("repository_url") or data.get("landing_url") or practice_url,
        "landingURL": data.get("landing_url"),
        "releaseDate": data["launched_on"].isoformat() if data.get("launched_on") else None,
        "platforms": data.get("platforms") or [PLATFORM_PLACEHOLDER],
        "categories": tags,
        "usedBy": data.get("used_by"),
        "developmentStatus": data["development_status"],
        "softwareType": data["software_type"],
        "organisation": {
            "uri": organisation_uri_base + data["organisation_code"],
            "name": data.get("organisation_name"),
        }
        if data.get("organisation_code")
        else None,
        "description": {
            "id": {
                "shortDescription": data["summary"],
                "longDescription": data.get("body") or data["summary"],
            },
            "en": {key: value for key, value in english.items() if value},
        },
        "legal": {"license": data.get("license") or PROPRIETARY_LICENSE},
        "maintenance": {"type": data["maintenance_type"], "contacts": contacts},
        "localisation": {"availableLanguages": data.get("available_languages") or [LANGUAGE_PLACEHOLDER]},
        "dependsOn": {"open": [{"name": name} for name in data.get("dependencies") or ()]},
    }
    return _without_empty(tree)


def _without_empty(value):
    if isinstance(value, dict):
        value = {key: _without_empty(item) for key, item in value.items()}
        return {key: item for key, item in value.items() if item not in (None, "", [], {})}
    return value


def _merge(tree, extra):
    for key, value in extra.items():
        if isinstance(tree.get(key), dict) and isinstance(value, dict):
            _merge(tree[key], value)
        elif key not in tree:  # the portal's own values win over stale kept ones
            tree[key] = copy.deepcopy(value)
    return tree


def _fill_mandatory(tree, data):
    tree.setdefault("localisation", {}).setdefault("localisationReady", False)
    description = tree["description"]
    if not any(isinstance(texts, dict) and "features" in texts for texts in description.values()):
        description["id"]["features"] = [data["summary"]]
    maintenance = tree["maintenance"]
    if maintenance["type"] != "contract":
        maintenance.pop("contractors", None)
    if maintenance["type"] in ("internal", "community") and not maintenance.get("contacts"):
        maintenance["contacts"] = [{"name": data.get("organisation_name") or data["title"]}]


def _ordered(value, path):
    if isinstance(value, dict):
        order = ["id", "en"] if path == ("description",) else spec.KEY_ORDER.get(path, ())
        keys = [key for key in order if key in value] + [key for key in value if key not in order]
        return {
            key: _ordered(value[key], ("description", "*") if path == ("description",) else (*path, key))
            for key in keys
        }
    if isinstance(value, list):
        return [_ordered(item, (*path, "[]")) for item in value]
    return value


def dump(data, *, organisation_uri_base=ORGANISATION_URI_BASE, practice_url=""):
    """The practice as a publiccode.yml (text), with every mandatory key; see the module doc.

    `data` holds the portal's fields (FIELDS); title, summary, development_status, software_type and
    maintenance_type must be set (the portal requires them), otherwise ValueError names the missing.
    """
    missing = [name for name in REQUIRED_FOR_EXPORT if not data.get(name)]
    if not (data.get("repository_url") or data.get("landing_url") or practice_url):
        missing.append("repository_url, landing_url or practice_url")
    if missing:
        raise ValueError(f"a practice needs {', '.join(missing)} to be exported")
    tree = _merge(_portal_tree(data, organisation_uri_base, practice_url), data.get("publiccode_extra") or {})
    _fill_mandatory(tree, data)
    return safe_yaml.dump(_ordered(tree, ()))
