"""publiccode.yml both ways: key-path errors, version rules, safe YAML, round trips (no database)."""

import copy
import time
from datetime import date
from pathlib import Path

import pytest
import yaml
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge import publiccode
from knowledge.publiccode import Problem, dump, is_proprietary, parse

EXAMPLES = Path(__file__).parent / "publiccode"

LONG_ID = (
    "Aplikasi ini memindahkan layanan surat-menyurat desa ke jaringan: warga mengajukan surat dari ponsel, "
    "perangkat desa memeriksa berkas, dan kepala desa menandatangani secara elektronik."
)
BASE = {
    "publiccodeYmlVersion": "0.7",
    "name": "SIMPEL Desa",
    "url": "https://git.sumedangkab.go.id/simpel-desa.git",
    "platforms": ["web"],
    "developmentStatus": "stable",
    "softwareType": "standalone/web",
    "description": {
        "id": {
            "shortDescription": "Layanan surat desa secara daring.",
            "longDescription": LONG_ID,
            "features": ["Surat keterangan daring"],
        }
    },
    "legal": {"license": "AGPL-3.0-or-later"},
    "maintenance": {"type": "internal", "contacts": [{"name": "Dewi Lestari"}]},
    "localisation": {"localisationReady": False, "availableLanguages": ["id"]},
}
_DELETE = object()


def document(changes=(), base=BASE):
    """BASE as YAML text, with (dotted path, value) changes; _DELETE removes the key."""
    tree = copy.deepcopy(base)
    for path, value in changes:
        *parents, last = path.split(".")
        node = tree
        for key in parents:
            node = node.setdefault(key, {})
        if value is _DELETE:
            node.pop(last, None)
        else:
            node[last] = value
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)


def paths(problems):
    return [problem.path for problem in problems]


def practice(**fields):
    """A practice's portal fields, as the portal stores them (trimmed text)."""
    data = {
        "title": "SIMPEL Desa",
        "title_en": "",
        "summary": "Layanan surat desa secara daring.",
        "summary_en": "",
        "body": LONG_ID,
        "repository_url": "https://git.sumedangkab.go.id/simpel-desa.git",
        "landing_url": "https://simpel.sumedangkab.go.id",
        "license": "AGPL-3.0-or-later",
        "development_status": "stable",
        "software_type": "standalone/web",
        "platforms": ["web", "android"],
        "dependencies": ["PostgreSQL"],
        "available_languages": ["id"],
        "maintenance_type": "internal",
        "maintenance_contacts": [
            {
                "name": "Dewi Lestari",
                "email": "dewi@sumedangkab.go.id",
                "phone": "+62 261 201234",
                "affiliation": "Diskominfo",
            }
        ],
        "launched_on": date(2021, 8, 17),
        "tags": ["document-management"],
        "used_by": ["Kabupaten Sumedang"],
        "organisation_name": "Kabupaten Sumedang",
        "organisation_code": "32.11",
        "publiccode_extra": {},
    }
    data.update(fields)
    return data


# --- The standard's versions ------------------------------------------------------------------------


def test_a_full_0_2_file_is_read_as_yaml_1_1_with_its_legacy_values():
    result = parse((EXAMPLES / "v0.2-full.yml").read_bytes())

    assert result.errors == []
    data = result.data
    assert data["title"] == "SIMPEL Desa"
    assert data["summary"] == "Layanan surat-menyurat desa secara daring untuk warga dan perangkat desa."
    assert data["title_en"] == "SIMPEL Village"
    assert data["software_type"] == "standalone/other"  # the deprecated bare "standalone"
    assert data["launched_on"] == date(2021, 8, 17)
    assert data["tags"] == ["document-management", "digital-citizenship"]
    assert data["dependencies"] == ["PostgreSQL"]
    extra = data["publiccode_extra"]
    assert extra["localisation"] == {"localisationReady": True}  # YAML 1.1 "yes"
    assert extra["dependsOn"]["hardware"] == [{"name": "Pemindai kode QR", "optional": True}]
    assert extra["description"]["id"]["genericName"] == "Layanan surat desa"  # from the "ind" texts
    assert "softwareType" in paths(result.warnings)
    assert "description.ind" in paths(result.warnings)
    assert "monochromeLogo" not in paths(result.warnings)  # deprecated only from 0.3


def test_a_minimal_0_3_file_gives_the_portal_fields():
    result = parse((EXAMPLES / "v0.3-minimal.yml").read_text())

    assert result.errors == [] and result.warnings == []
    assert result.data["maintenance_type"] == "community"
    assert result.data["maintenance_contacts"] == [
        {"name": "Rudi Hartono", "email": "", "phone": "", "affiliation": ""}
    ]
    assert result.data["license"] == "MIT"
    assert result.data["launched_on"] is None
    # Features are not a portal field, so they are kept; localisationReady: false is the export default.
    assert result.data["publiccode_extra"] == {
        "description": {"id": {"features": ["Pengaduan warga dengan nomor tiket"]}}
    }


def test_a_0_4_file_keeps_markdown_and_english_texts():
    result = parse((EXAMPLES / "v0.4-full.yml").read_text())

    assert result.errors == []
    assert paths(result.warnings) == ["legal.authorsFile"]
    assert result.data["platforms"] == ["web"]  # a single platform may be written as a string
    assert result.data["body"].startswith("e-Kinerja mencatat")
    assert "* laporan aktivitas harian dari ponsel;" in result.data["body"]
    assert result.data["title_en"] == "e-Performance"
    assert result.data["summary_en"] == "Daily performance appraisal for civil servants."
    assert result.data["publiccode_extra"]["description"]["en"]["longDescription"].startswith(
        "e-Kinerja records"
    )
    assert result.data["available_languages"] == ["id", "en", "su"]


def test_a_0_5_file_names_its_organisation_by_kemendagri_code():
    result = parse((EXAMPLES / "v0.5-full.yml").read_text())

    assert result.errors == [] and result.warnings == []
    assert result.data["organisation_code"] == "32.11"
    assert result.data["organisation_name"] == "Kabupaten Sumedang"
    assert result.data["tags"] == []  # categories are optional from 0.5
    assert result.data["maintenance_contacts"] == []
    assert result.data["publiccode_extra"]["maintenance"]["contractors"][0]["name"] == "PT Data Nusantara"


@pytest.mark.parametrize("name", ["v0.6-minimal.yml", "v0.7-full.yml"])
def test_0_6_and_0_7_files_are_accepted(name):
    result = parse((EXAMPLES / name).read_text())

    assert result.errors == []
    assert result.data["title"]


def test_0_7_accepts_its_own_version_zero_and_flags_a_proprietary_licence():
    result = parse((EXAMPLES / "v0.7-full.yml").read_text())

    assert result.data["license"] == "LicenseRef-Pemkot-Malang-Proprietary"
    assert paths(result.warnings) == ["legal.license"]
    assert is_proprietary(result.data["license"]) and is_proprietary("")
    assert is_proprietary("(LicenseRef-a AND LicenseRef-b) WITH Classpath-exception-2.0")
    assert not is_proprietary("MIT") and not is_proprietary("MIT OR LicenseRef-Pemkot-Malang")
    assert result.data["publiccode_extra"]["supports"] == [{"id": "alias:gdpr"}]


@pytest.mark.parametrize(
    "version", ["0.2", "0.2.0", "0.2.2", "0.3", "0.4", "0.4.0", "0.5.0", "0.6", "0.7", "0.7.0"]
)
def test_every_version_from_0_2_to_0_7_is_accepted(version):
    changes = [
        ("publiccodeYmlVersion", version),
        ("categories", ["other"] if version >= "0.5" else ["office"]),
    ]
    if version.startswith("0.2"):
        changes.append(("description.id.genericName", "Layanan desa"))
        changes.append(("description.id.longDescription", LONG_ID * 4))
    assert parse(document(changes)).errors == []


@pytest.mark.parametrize("version", ["0.1", "1.0", "0.8", "latest", ""])
def test_other_versions_are_refused_by_key_path(version):
    result = parse(document([("publiccodeYmlVersion", version)]))

    assert result.data is None
    assert paths(result.errors) == ["publiccodeYmlVersion"]


def test_an_unquoted_version_is_a_number_and_refused():
    result = parse(document().replace("publiccodeYmlVersion: '0.7'", "publiccodeYmlVersion: 0.7"))

    assert paths(result.errors) == ["publiccodeYmlVersion"]


@pytest.mark.parametrize(
    "version, changes, errors",
    [
        (
            "0.2",
            [("description.id.longDescription", LONG_ID * 4)],
            ["categories", "description.id.genericName"],
        ),
        ("0.3", [("categories", ["office"]), ("softwareVersion", "1.0")], ["releaseDate"]),
        ("0.4", [("softwareVersion", "1.0")], ["categories"]),
        ("0.5", [("softwareVersion", "1.0")], []),
    ],
)
def test_mandatory_keys_follow_the_version(version, changes, errors):
    result = parse(document([("publiccodeYmlVersion", version), *changes]))

    assert paths(result.errors) == errors


def test_contractors_are_refused_without_a_contract_from_0_5_and_kept_before():
    contractors = ("maintenance.contractors", [{"name": "PT Data Nusantara", "until": "2026-12-31"}])

    assert paths(parse(document([contractors])).errors) == ["maintenance.contractors"]
    older = parse(document([("publiccodeYmlVersion", "0.4"), ("categories", ["office"]), contractors]))
    assert older.errors == []
    assert paths(older.warnings) == ["maintenance.contractors"]
    assert older.data["publiccode_extra"]["maintenance"]["contractors"][0]["name"] == "PT Data Nusantara"


def test_a_category_newer_than_the_file_is_a_warning():
    result = parse(document([("publiccodeYmlVersion", "0.3"), ("categories", ["design-system"])]))

    assert result.errors == []
    assert paths(result.warnings) == ["categories[0]"]


# --- Errors name their key path ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, path",
    [
        ([("name", _DELETE)], "name"),
        ([("name", 2048)], "name"),
        ([("url", "javascript:alert(1)")], "url"),
        ([("url", "ftp://example.org/x.git")], "url"),
        ([("landingURL", "data:text/html,<script>alert(1)</script>")], "landingURL"),
        ([("roadmap", "javascript:alert(1)")], "roadmap"),
        ([("platforms", [])], "platforms"),
        ([("categories", "office")], "categories"),
        ([("categories", ["office", "not-a-category"])], "categories[1]"),
        ([("usedBy", [{"name": "Sumedang"}])], "usedBy[0]"),
        ([("developmentStatus", "alpha")], "developmentStatus"),
        ([("softwareType", "app")], "softwareType"),
        ([("releaseDate", "17/08/2021")], "releaseDate"),
        ([("releaseDate", "2021-02-30")], "releaseDate"),
        ([("organisation", {"name": "Kabupaten Sumedang"})], "organisation.uri"),
        ([("description", {})], "description"),
        ([("description", "Layanan desa")], "description"),
        ([("description.id.shortDescription", _DELETE)], "description.id.shortDescription"),
        ([("description.id.features", "Surat daring")], "description.id.features"),
        ([("description.id.documentation", "javascript:alert(1)")], "description.id.documentation"),
        ([("description.id.videos", ["https://example.org/v", "vbscript:x"])], "description.id.videos[1]"),
        ([("description.xx_YY", {"shortDescription": "x"})], "description.xx_YY"),
        ([("description.id.shortDescription", "x" * 301)], "description.id.shortDescription"),
        ([("legal", _DELETE)], "legal"),
        ([("legal.license", "MIT AND")], "legal.license"),
        ([("legal.license", "Not-A-Licence-1.0")], "legal.license"),
        ([("legal.license", "MIT WITH Apache-2.0")], "legal.license"),
        ([("legal.license", " OR ".join(["MIT"] * 300))], "legal.license"),
        ([("maintenance.type", "paid")], "maintenance.type"),
        ([("maintenance.contacts", _DELETE)], "maintenance.contacts"),
        ([("maintenance.contacts", "Dewi Lestari")], "maintenance.contacts"),
        ([("maintenance.contacts", [{"email": "dewi@sumedangkab.go.id"}])], "maintenance.contacts[0].name"),
        (
            [("maintenance.contacts", [{"name": "Dewi", "email": "dewi-at-sumedang"}])],
            "maintenance.contacts[0].email",
        ),
        (
            [("maintenance.contacts", [{"name": "Dewi", "phone": 62261201234}])],
            "maintenance.contacts[0].phone",
        ),
        ([("maintenance.type", "contract")], "maintenance.contractors"),
        (
            [
                ("maintenance.type", "contract"),
                ("maintenance.contractors", [{"name": "PT Data", "until": "31-12-2026"}]),
            ],
            "maintenance.contractors[0].until",
        ),
        ([("localisation.localisationReady", "maybe")], "localisation.localisationReady"),
        ([("localisation.localisationReady", _DELETE)], "localisation.localisationReady"),
        (
            [("localisation.availableLanguages", ["id", "bahasa indonesia"])],
            "localisation.availableLanguages[1]",
        ),
        ([("dependsOn", {"open": [{"version": "12"}]})], "dependsOn.open[0].name"),
    ],
)
def test_each_problem_is_reported_at_its_key_path(changes, path):
    result = parse(document(changes))

    assert result.data is None  # nothing to save
    assert path in paths(result.errors), result.errors


def test_messages_keep_the_key_path_untranslated():
    source = document([("legal.license", "MIT AND")])

    with translation.override("en"):
        assert [str(problem) for problem in parse(source).errors] == [
            "legal.license: not a valid SPDX expression"
        ]
    with translation.override("id"):
        assert [str(problem) for problem in parse(source).errors] == [
            "legal.license: bukan ekspresi SPDX yang sah"
        ]


def test_every_problem_of_a_file_is_reported_at_once():
    result = parse(
        document([("url", "javascript:x"), ("legal.license", "nope"), ("maintenance.type", "paid")])
    )

    assert paths(result.errors) == ["url", "legal.license", "maintenance.type"]


def test_a_file_without_indonesian_texts_is_refused():
    english = {
        "en": {"shortDescription": "Village letters.", "longDescription": LONG_ID, "features": ["Letters"]}
    }

    assert paths(parse(document([("description", english)])).errors) == ["description"]


def test_a_summary_longer_than_the_standard_allows_is_kept_with_a_warning():
    result = parse(document([("description.id.shortDescription", "x" * 200)]))

    assert result.errors == []
    assert result.data["summary"] == "x" * 200  # not truncated
    assert paths(result.warnings) == ["description.id.shortDescription"]


def test_a_0_2_0_phone_number_written_as_a_number_is_read_as_text():
    contacts = [{"name": "Dewi", "phone": 62261201234}]
    result = parse(
        document(
            [
                ("publiccodeYmlVersion", "0.2"),
                ("categories", ["office"]),
                ("description.id.genericName", "Layanan desa"),
                ("description.id.longDescription", LONG_ID * 4),
                ("maintenance.contacts", contacts),
            ]
        )
    )

    assert result.errors == []
    assert result.data["maintenance_contacts"][0]["phone"] == "62261201234"
    assert paths(result.warnings) == ["maintenance.contacts[0].phone"]


# --- Unknown, deprecated and dropped keys are warnings ------------------------------------------------


def test_unknown_keys_are_kept_and_reported():
    result = parse(document([("x-pemda", {"kode": "32.11"}), ("legal.catatan", "lihat LICENSE")]))

    assert result.errors == []
    assert paths(result.warnings) == ["x-pemda", "legal.catatan"]
    assert result.data["publiccode_extra"] == {
        "x-pemda": {"kode": "32.11"},
        "legal": {"catatan": "lihat LICENSE"},
        "description": {"id": {"features": ["Surat keterangan daring"]}},
    }


def test_deprecated_keys_and_dropped_values_are_reported():
    result = parse(
        document(
            [
                ("monochromeLogo", "img/mono.svg"),
                ("legal.repoOwner", "Diskominfo"),
                ("organisation", {"uri": "https://sumedangkab.go.id"}),
                ("description.it", {"shortDescription": "Servizi del villaggio."}),
                ("dependsOn", {"open": [{"name": "PostgreSQL", "versionMin": "12"}]}),
            ]
        )
    )

    assert result.errors == []
    assert paths(result.warnings) == [
        "monochromeLogo",
        "legal.repoOwner",
        "organisation.uri",
        "description.it",
        "dependsOn.open[0].versionMin",
    ]
    assert result.data["dependencies"] == ["PostgreSQL"]
    assert result.data["publiccode_extra"]["description"]["it"] == {
        "shortDescription": "Servizi del villaggio."
    }


# --- Safe YAML ------------------------------------------------------------------------------------------

BILLION_LAUGHS = """
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(BILLION_LAUGHS, id="billion-laughs"),
        pytest.param(
            "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 30)) + "  " * 30 + "x: 1\n",
            id="deep-block",
        ),
        pytest.param("[" * 100_000 + "]" * 100_000, id="deep-flow"),
        pytest.param("x" * 10_000_000, id="10-MB-text"),
        pytest.param(b"a: " + b"x" * 10_000_000, id="10-MB-bytes"),
        pytest.param("a: !!python/object/apply:os.system ['touch /tmp/publiccode-pwned']", id="python-tag"),
        pytest.param("!!python/object/new:os.system [echo]\n", id="python-tag-top"),
        pytest.param("name: !custom SIMPEL\n", id="custom-tag"),
        pytest.param("base: &b {name: x}\nother:\n  <<: *b\n", id="merge-key"),
        pytest.param(b"name: \xff\xfe SIMPEL\n", id="not-utf-8"),
        pytest.param("", id="empty"),
        pytest.param("- a\n- b\n", id="a-list"),
        pytest.param("just text", id="a-scalar"),
        pytest.param("a: 1\n---\nb: 2\n", id="two-documents"),
        pytest.param("name: [unclosed\n", id="syntax-error"),
        pytest.param("? [a, b]\n: c\n", id="complex-key"),
        pytest.param("n: " + "9" * 5000 + "\n", id="huge-integer"),
    ],
)
def test_hostile_yaml_is_refused_quickly_with_an_error(source):
    started = time.perf_counter()
    result = parse(source)

    # Bounded whatever the input's size (each takes well under a second alone); generous for a busy CI.
    assert time.perf_counter() - started < 5
    assert result.data is None
    assert len(result.errors) == 1
    assert not Path("/tmp/publiccode-pwned").exists()


def test_why_hostile_yaml_was_refused_is_said():
    with translation.override("en"):
        assert "aliases" in str(parse(BILLION_LAUGHS).errors[0])
        assert "too large" in str(parse("x" * 10_000_000).errors[0])
        assert "deeper than 20" in str(parse("[" * 100_000).errors[0])
        assert "tags" in str(parse("a: !!python/object/apply:os.system [ls]").errors[0])


def test_a_duplicate_key_is_refused_at_its_path():
    source = document().replace(
        "  license: AGPL-3.0-or-later\n", "  license: AGPL-3.0-or-later\n  license: MIT\n"
    )

    assert parse(source).errors == [Problem("legal.license", parse(source).errors[0].message)]


def test_yaml_1_2_reads_norway_as_a_country_not_false():
    result = parse(document([("intendedAudience", {"countries": ["NO", "ID"]})]).replace("'NO'", "NO"))

    assert result.data["publiccode_extra"]["intendedAudience"] == {"countries": ["NO", "ID"]}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=2000)))
def test_random_input_never_raises(source):
    result = parse(source)

    assert (result.data is None) == bool(result.errors)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_a_damaged_valid_file_never_raises(data):
    source = (EXAMPLES / "v0.5-full.yml").read_text()
    position = data.draw(st.integers(0, len(source)))
    cut = data.draw(st.integers(0, 20))
    insert = data.draw(
        st.sampled_from(["", ":", "- ", "&a ", "*a", "!x ", "\t", "{", "]", "'", '"', "\n  ", "? "])
    )

    result = parse(source[:position] + insert + source[position + cut :])

    assert (result.data is None) == bool(result.errors)


# --- Text stays text ----------------------------------------------------------------------------------

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[klik](javascript:alert(1)) & <b>tebal</b>",
]


@pytest.mark.parametrize("payload", XSS)
def test_markup_in_text_comes_back_as_the_same_plain_text(payload):
    result = parse(
        document(
            [
                ("name", payload),
                ("description.id.shortDescription", payload),
                ("description.id.longDescription", LONG_ID + "\n\n" + payload),
                ("maintenance.contacts", [{"name": payload}]),
            ]
        )
    )

    assert result.errors == []
    assert result.data["title"] == payload
    assert result.data["summary"] == payload
    assert result.data["body"].endswith(payload)
    assert result.data["maintenance_contacts"][0]["name"] == payload
    assert type(result.data["title"]) is str
    again = parse(dump(result.data | {"organisation_code": "32.11"})).data
    assert (again["title"], again["summary"], again["body"]) == (payload, payload, result.data["body"])


# --- Export -------------------------------------------------------------------------------------------


def test_an_export_is_plain_ordered_yaml():
    data = practice(
        title="Lapor Bupati",
        body="",
        landing_url="",
        dependencies=[],
        maintenance_contacts=[{"name": "Rudi Hartono"}],
        launched_on=None,
        tags=["office", "not-a-category"],
        used_by=[],
        publiccode_extra={"x-pemda": {"kode": "32.11"}, "softwareVersion": "1.2"},
    )

    assert dump(data) == (
        'publiccodeYmlVersion: "0.7"\n'
        "name: Lapor Bupati\n"
        "url: https://git.sumedangkab.go.id/simpel-desa.git\n"
        "softwareVersion: '1.2'\n"
        "platforms:\n- web\n- android\n"
        "categories:\n- office\n"
        "developmentStatus: stable\n"
        "softwareType: standalone/web\n"
        "organisation:\n  uri: urn:x-kemendagri:32.11\n  name: Kabupaten Sumedang\n"
        "description:\n  id:\n"
        "    shortDescription: Layanan surat desa secara daring.\n"
        "    longDescription: Layanan surat desa secara daring.\n"
        "    features:\n    - Layanan surat desa secara daring.\n"
        "legal:\n  license: AGPL-3.0-or-later\n"
        "maintenance:\n  type: internal\n  contacts:\n  - name: Rudi Hartono\n"
        "localisation:\n  localisationReady: false\n  availableLanguages:\n  - id\n"
        "x-pemda:\n  kode: '32.11'\n"
    )


def test_an_export_carries_every_mandatory_key():
    exported = yaml.safe_load(
        dump(practice(platforms=[], available_languages=[], license="", maintenance_contacts=[]))
    )

    for key in ("publiccodeYmlVersion", "name", "url", "platforms", "developmentStatus", "softwareType"):
        assert exported[key]
    texts = exported["description"]["id"]
    assert texts["shortDescription"] and texts["longDescription"] and texts["features"]
    assert exported["legal"]["license"] == "LicenseRef-proprietary"
    assert exported["maintenance"] == {"type": "internal", "contacts": [{"name": "Kabupaten Sumedang"}]}
    assert exported["localisation"] == {"localisationReady": False, "availableLanguages": ["und"]}
    assert exported["platforms"] == ["unspecified"]
    assert exported["organisation"]["uri"] == "urn:x-kemendagri:32.11"


def test_placeholders_read_back_as_nothing_known():
    data = parse(dump(practice(platforms=[], available_languages=[]))).data

    assert data["platforms"] == [] and data["available_languages"] == []
    assert "features" not in data["publiccode_extra"].get("description", {}).get("id", {})


def test_the_url_falls_back_to_the_landing_page_then_the_portal_page():
    assert yaml.safe_load(dump(practice(repository_url="")))["url"] == "https://simpel.sumedangkab.go.id"
    portal_page = "https://livinglab.example/praktik/simpel-desa/"
    assert (
        yaml.safe_load(dump(practice(repository_url="", landing_url=""), practice_url=portal_page))["url"]
        == portal_page
    )


def test_the_organisation_uri_base_can_be_a_portal_address():
    exported = dump(practice(), organisation_uri_base="https://livinglab.example/pemda/")

    assert yaml.safe_load(exported)["organisation"]["uri"] == "https://livinglab.example/pemda/32.11"


def test_a_contract_practice_without_known_contractors_exports_but_says_what_is_missing():
    result = parse(dump(practice(maintenance_type="contract", maintenance_contacts=[])))

    assert paths(result.errors) == ["maintenance.contractors"]


def test_kept_contractors_are_not_exported_once_the_maintenance_is_no_longer_a_contract():
    extra = {"maintenance": {"contractors": [{"name": "PT Data", "until": "2026-12-31"}]}}

    assert "contractors" not in yaml.safe_load(dump(practice(publiccode_extra=extra)))["maintenance"]


def test_a_practice_without_its_required_fields_is_not_exported():
    with pytest.raises(ValueError, match="title, maintenance_type"):
        dump(practice(title="", maintenance_type=""))
    with pytest.raises(ValueError, match="practice_url"):
        dump(practice(repository_url="", landing_url=""))


# --- Round trips --------------------------------------------------------------------------------------

PRACTICES = {
    "full": practice(),
    "english": practice(
        title_en="SIMPEL Village",
        summary_en="Online village letters.",
        available_languages=["id", "en"],
    ),
    "english-title-only": practice(title_en="SIMPEL Village", summary_en="SIMPEL Village"),
    "unicode": practice(
        title="Sistem Informasi Desa “Sauyunan” — ᮞᮥᮔ᮪ᮓ",
        summary="Layanan warga: «surat», 日本語, émoji 🚀, tanda kutip 'tunggal' dan \"ganda\".",
        body="Baris pertama.\n\n* butir satu\n* butir dua\n\nAkhir: 100% — selesai.",
        used_by=["Kabupaten Sumedang", "Kota Bandung"],
    ),
    "empty-lists": practice(
        dependencies=[],
        tags=[],
        used_by=[],
        maintenance_type="none",
        maintenance_contacts=[],
        launched_on=None,
        landing_url="",
    ),
    "proprietary": practice(license="LicenseRef-Pemkab-Sumedang", software_type="standalone/mobile"),
    "contract": practice(
        maintenance_type="contract",
        publiccode_extra={"maintenance": {"contractors": [{"name": "PT Data", "until": "2026-12-31"}]}},
    ),
    "kept-keys": practice(
        publiccode_extra={
            "softwareVersion": "2.3",
            "description": {
                "id": {"features": ["Surat daring", "Tanda tangan elektronik"]},
                "jv": {"shortDescription": "Layang desa."},
            },
            "x-pemda": {"catatan": ["a", 1, True, None, 2.5]},
        }
    ),
}


@pytest.mark.parametrize("name", PRACTICES)
def test_export_import_export_is_byte_stable_and_keeps_the_portal_fields(name):
    data = PRACTICES[name]
    exported = dump(data)
    result = parse(exported)

    assert result.errors == []
    assert result.data == data
    assert dump(result.data) == exported


@pytest.mark.parametrize("name", sorted(path.name for path in EXAMPLES.glob("*.yml")))
def test_import_export_import_keeps_everything_imported(name):
    imported = parse((EXAMPLES / name).read_text()).data
    imported |= {
        "organisation_name": "Kabupaten Sumedang",
        "organisation_code": "32.11",
    }  # the owner, set by the portal

    exported = dump(imported)

    assert parse(exported).data == imported
    assert dump(parse(exported).data) == exported


_text = (
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60).map(str.strip).filter(bool)
)
_portal_fields = st.fixed_dictionaries(
    {
        "title": _text,
        "title_en": st.just("") | _text,
        "summary": _text,
        "summary_en": st.just("") | _text,
        "body": st.just("") | _text,
        "repository_url": st.sampled_from(["", "https://git.example.go.id/a.git"]),
        "landing_url": st.sampled_from(["", "https://a.example.go.id/"]),
        "license": st.sampled_from(["", "MIT", "EUPL-1.2 OR AGPL-3.0-or-later", "LicenseRef-x"]),
        "development_status": st.sampled_from(publiccode.spec.DEVELOPMENT_STATUSES),
        "software_type": st.sampled_from(publiccode.spec.SOFTWARE_TYPES),
        "platforms": st.lists(_text, max_size=3),
        "dependencies": st.lists(_text, max_size=3),
        "available_languages": st.lists(st.sampled_from(["id", "en", "jv", "su-ID"]), max_size=3),
        "maintenance_type": st.sampled_from(["internal", "community", "none"]),
        "maintenance_contacts": st.lists(
            st.fixed_dictionaries({"name": _text, "phone": st.just("") | _text}), max_size=2
        ),
        "launched_on": st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)),
        "tags": st.lists(st.sampled_from(sorted(publiccode.spec.CATEGORIES)), max_size=3, unique=True),
        "used_by": st.lists(_text, max_size=3),
        "organisation_name": st.just("") | _text,
        "organisation_code": st.sampled_from(["32.11", "16.10"]),
        "publiccode_extra": st.dictionaries(
            _text.map(lambda key: f"x-{key}"),
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _text,
                lambda children: (
                    st.lists(children, max_size=3) | st.dictionaries(_text, children, max_size=3)
                ),
                max_leaves=8,
            ),
            max_size=3,
        ),
    }
)


@settings(max_examples=80, deadline=None)
@given(_portal_fields)
def test_any_practice_exports_byte_stably(data):
    exported = dump(data, practice_url="https://livinglab.example/praktik/a/")

    assert dump(parse(exported).data) == exported
