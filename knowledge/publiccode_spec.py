"""What the publiccode.yml standard says, version by version (0.2 to 0.7), as plain tables.

Sources: the standard's own repository (publiccodeyml/publiccode.yml: CHANGELOG.rst and
docs/standard/schema.core.rst at the tags core-0.2, core-0.2.1, v0.3.0, v0.4.0, v0.5.0, v0.7.0)
and the reference parser (italia/publiccode-parser-go, v0.go and publiccode.go).

Mandatory keys, and the release that changed each rule:

=================================================  =====================================================
key                                                 presence
=================================================  =====================================================
publiccodeYmlVersion, name, url, platforms,         mandatory in every version 0.2-0.7
developmentStatus, softwareType, legal.license,
maintenance.type, localisation.localisationReady,
localisation.availableLanguages, description
(at least one language)
description.[lang].shortDescription                 mandatory in every language section, 0.2-0.7
description.[lang].longDescription, .features       mandatory for at least one language, 0.2-0.7
description.[lang].genericName                      mandatory in 0.2; optional and deprecated from 0.3 (#146)
releaseDate                                         0.2 and 0.3: "mandatory if the software has been
                                                    released at least once and thus the version number
                                                    is present" (we read: required when softwareVersion
                                                    is given); optional from 0.4 (#180)
categories                                          mandatory in 0.2-0.4; optional from 0.5 (#241)
maintenance.contractors                             mandatory when maintenance.type is contract (0.2-0.7);
                                                    "must not be present otherwise" from 0.5 (#213)
maintenance.contacts                                mandatory when maintenance.type is internal or
                                                    community (since core-0.2; optional otherwise)
organisation.uri                                    mandatory inside the optional organisation section,
                                                    which 0.5 introduced (#229)
contacts[].name, contractors[].name and .until,     mandatory inside each entry (0.2-0.7;
dependsOn.*[].name, fundedBy[].name (0.5),          fundedBy from 0.5, supports from 0.7 #318)
supports[].id (0.7)
=================================================  =====================================================

Other version differences: longDescription is 500-10000 characters in 0.2 and 150-10000 from 0.3
(#149); each feature is at most 100 characters in 0.2, unlimited from 0.3 (#148); phone numbers must be
strings from core-0.2.1; the file is YAML 1.2 from 0.3 (#141; 0.2 files are YAML 1.1, where ``yes``
is a boolean); 0.6 changed nothing in the standard (CHANGELOG: "No changes to the standard itself").
"""

# Version string -> (minor, patch). "0.2" means the 0.2 family (0.2.0 ... 0.2.2); "0" is what the 0.7
# documentation's own examples write ("the latest 0.x"), and publiccode-parser-go accepts it, so it is
# read as 0.7. The parser omits "0.6": the standard's CHANGELOG lists a v0.6.0 release (no tag of it
# in the standard's repository that we could see), so we accept it as identical to 0.5.
VERSIONS = {
    "0.2": (2, 0),
    "0.2.0": (2, 0),
    "0.2.1": (2, 1),
    "0.2.2": (2, 2),
    "0.3": (3, 0),
    "0.3.0": (3, 0),
    "0.4": (4, 0),
    "0.4.0": (4, 0),
    "0.5": (5, 0),
    "0.5.0": (5, 0),
    "0.6": (6, 0),
    "0.6.0": (6, 0),
    "0.7": (7, 0),
    "0.7.0": (7, 0),
    "0": (7, 0),
}
# We export the newest release: it is the first with every key we write (organisation needs 0.5) and
# its validators accept it without the "not the latest version" warning publiccode-parser-go gives for
# older ones. "0" would be a moving target, so the number is written out.
EXPORT_VERSION = "0.7"

DEVELOPMENT_STATUSES = ("concept", "development", "beta", "stable", "obsolete")
SOFTWARE_TYPES = (
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
)
# core-0.2 deprecated the bare "standalone" for the six "standalone/..." values; it says nothing about
# what it meant, so it becomes the neutral "standalone/other". The 0.2-0.4 documentation describes the
# "addon" value under the name "softwareAddon" (its list of allowed values says "addon"); files that
# followed the description are read as "addon".
LEGACY_SOFTWARE_TYPES = {"standalone": "standalone/other", "softwareAddon": "addon"}
MAINTENANCE_TYPES = ("internal", "contract", "community", "none")

# The controlled vocabulary of categories (docs/standard/categories-list.rst at v0.7.0), with the
# release that added the later ones.
CATEGORIES_ADDED = {
    "educational-content": (3, 0),
    "whistleblowing": (3, 0),
    "design": (4, 0),
    "design-system": (4, 0),
    "integrated-library-system": (4, 0),
    "regulations-and-directives": (4, 0),
    "other": (5, 0),
}
CATEGORIES = frozenset(
    [
        "accounting",
        "agile-project-management",
        "applicant-tracking",
        "application-development",
        "appointment-scheduling",
        "backup",
        "billing-and-invoicing",
        "blog",
        "budgeting",
        "business-intelligence",
        "business-process-management",
        "cad",
        "call-center-management",
        "cloud-management",
        "collaboration",
        "communications",
        "compliance-management",
        "contact-management",
        "content-management",
        "crm",
        "customer-service-and-support",
        "data-analytics",
        "data-collection",
        "data-visualization",
        "digital-asset-management",
        "digital-citizenship",
        "document-management",
        "donor-management",
        "e-commerce",
        "e-signature",
        "email-management",
        "email-marketing",
        "employee-management",
        "enterprise-project-management",
        "enterprise-social-networking",
        "erp",
        "event-management",
        "facility-management",
        "feedback-and-reviews-management",
        "financial-reporting",
        "fleet-management",
        "fundraising",
        "gamification",
        "geographic-information-systems",
        "grant-management",
        "graphic-design",
        "help-desk",
        "hr",
        "ide",
        "identity-management",
        "instant-messaging",
        "inventory-management",
        "it-asset-management",
        "it-development",
        "it-management",
        "it-security",
        "it-service-management",
        "knowledge-management",
        "learning-management-system",
        "marketing",
        "mind-mapping",
        "mobile-marketing",
        "mobile-payment",
        "network-management",
        "office",
        "online-booking",
        "online-community",
        "payment-gateway",
        "payroll",
        "predictive-analysis",
        "procurement",
        "productivity-suite",
        "project-collaboration",
        "project-management",
        "property-management",
        "real-estate-management",
        "remote-support",
        "resource-management",
        "sales-management",
        "seo",
        "service-desk",
        "social-media-management",
        "survey",
        "talent-management",
        "task-management",
        "taxes-management",
        "test-management",
        "time-management",
        "time-tracking",
        "translation",
        "video-conferencing",
        "video-editing",
        "visitor-management",
        "voip",
        "warehouse-management",
        "web-collaboration",
        "web-conferencing",
        "website-builder",
        "workflow-management",
    ]
) | frozenset(CATEGORIES_ADDED)

# Key order of each mapping, as the standard documents it; exports follow it and put unknown keys
# after the known ones. "*" stands for a language under description, "[]" for a list entry.
KEY_ORDER = {
    (): [
        "publiccodeYmlVersion",
        "name",
        "applicationSuite",
        "url",
        "landingURL",
        "isBasedOn",
        "softwareVersion",
        "releaseDate",
        "logo",
        "monochromeLogo",
        "inputTypes",
        "outputTypes",
        "platforms",
        "categories",
        "usedBy",
        "fundedBy",
        "roadmap",
        "developmentStatus",
        "softwareType",
        "supports",
        "organisation",
        "intendedAudience",
        "description",
        "legal",
        "maintenance",
        "localisation",
        "dependsOn",
        "IT",
        "it",
    ],
    ("organisation",): ["uri", "name"],
    ("fundedBy", "[]"): ["name", "uri"],
    ("supports", "[]"): ["id"],
    ("intendedAudience",): ["countries", "unsupportedCountries", "scope"],
    ("description", "*"): [
        "localisedName",
        "genericName",
        "shortDescription",
        "longDescription",
        "documentation",
        "apiDocumentation",
        "features",
        "screenshots",
        "videos",
        "awards",
    ],
    ("legal",): ["license", "mainCopyrightOwner", "repoOwner", "authorsFile"],
    ("maintenance",): ["type", "contractors", "contacts"],
    ("maintenance", "contractors", "[]"): ["name", "until", "email", "website"],
    ("maintenance", "contacts", "[]"): ["name", "email", "phone", "affiliation"],
    ("localisation",): ["localisationReady", "availableLanguages"],
    ("dependsOn",): ["open", "proprietary", "hardware"],
    **{
        ("dependsOn", kind, "[]"): ["name", "versionMin", "versionMax", "version", "optional"]
        for kind in ("open", "proprietary", "hardware")
    },
}
# Mappings whose keys we know; a key outside these is reported as unknown (and kept). The country
# sections (IT, it) are kept whole without looking inside.
CHECKED_SECTIONS = (
    (),
    ("organisation",),
    ("intendedAudience",),
    ("description", "*"),
    ("legal",),
    ("maintenance",),
    ("localisation",),
    ("dependsOn",),
)

# Deprecated keys: path -> the release that deprecated them.
DEPRECATED = {
    "monochromeLogo": "0.3",
    "inputTypes": "0.3",
    "outputTypes": "0.3",
    "description.*.genericName": "0.3",
    "legal.authorsFile": "0.4",
    "legal.repoOwner": "0.5",
    "it": "0.5",  # lowercase country code, in favour of IT (#227); IT itself is deprecated in 0.7
    "IT": "0.7",  # country sections, in favour of supports (#318)
}

# Keys whose value is a web address the portal could render as a link: only http(s) is accepted.
# This is the portal's rule, stricter than the standard, which also allows git:// or svn:// in url.
HTTP_URL_KEYS = ("url", "landingURL", "roadmap")
HTTP_URL_DESCRIPTION_KEYS = ("documentation", "apiDocumentation")
