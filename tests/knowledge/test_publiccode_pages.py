"""publiccode.yml on the pages: download a practice as one, create or update a practice from one with
a check-then-save step, every problem next to the field with its key path, hostile YAML refused."""

import time

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge import publiccode
from knowledge.models import Notification, Practice, PracticeRevision

from ..regencies.factories import UserFactory
from .discussion_factories import FollowFactory
from .publiccode_data import DELETE, HOSTILE, application, publiccode_text

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages compared in their English source text (pages ignore Accept-Language)."""
    settings.LANGUAGE_CODE = "en"


ROLES = ["anonymous", "other pemda editor", "assessor", "own editor", "own manager", "national admin"]


@pytest.fixture
def as_role(anon, client_for, ogan_ilir_editor, assessor, sumedang_editor, sumedang_manager, national_admin):
    users = {
        "other pemda editor": ogan_ilir_editor,
        "assessor": assessor,
        "own editor": sumedang_editor,
        "own manager": sumedang_manager,
        "national admin": national_admin,
    }
    return lambda role: anon if role == "anonymous" else client_for(users[role])


def _check(client, url, text, **extra):
    return client.post(url, {"text": text, "action": "check", **extra}, **EN)


def _posted(page):
    """What the page's form posts back: the text and the hidden fields it was given."""
    form = page.context["form"]
    return {name: form[name].value() for name in form.fields if form[name].value() is not None}


def _save(client, url, checked_page):
    """Press Save on a preview."""
    return client.post(url, {**_posted(checked_page), "action": "save"}, **EN)


# Export ----------------------------------------------------------------------------------------


def test_the_download_is_a_publiccode_yml_with_every_mandatory_key_and_the_kemendagri_uri(anon, sumedang):
    application(sumedang)

    response = anon.get("/practices/simpel-desa/publiccode.yml")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="publiccode.yml"'
    assert response["X-Content-Type-Options"] == "nosniff"
    tree = yaml.safe_load(response.content)
    assert tree["organisation"] == {"uri": "urn:x-kemendagri:32.11", "name": "Kabupaten Sumedang"}
    mandatory = {
        "publiccodeYmlVersion",
        "name",
        "url",
        "platforms",
        "developmentStatus",
        "softwareType",
        "description",
        "legal",
        "maintenance",
        "localisation",
    }
    assert mandatory <= set(tree)
    assert set(tree["description"]["id"]) >= {"shortDescription", "longDescription", "features"}
    assert set(tree["localisation"]) == {"localisationReady", "availableLanguages"}
    assert tree["maintenance"]["contacts"] == [{"name": "Dewi Lestari"}]
    assert publiccode.parse(response.content).errors == []  # valid by the standard's rules


@pytest.mark.parametrize(
    ("role", "status"),
    list(zip(ROLES, [404, 404, 404, 200, 200, 200], strict=True)),
)
def test_a_drafts_publiccode_yml_is_only_for_those_who_see_the_draft(as_role, sumedang, role, status):
    application(sumedang, status=Practice.Status.DRAFT, published_at=None)

    assert as_role(role).get("/practices/simpel-desa/publiccode.yml").status_code == status


def test_a_practice_without_a_software_description_has_no_publiccode_yml_and_no_link(anon, sumedang):
    application(sumedang, kind=Practice.Kind.REGULATION, development_status="", maintenance_type="")

    assert anon.get("/practices/simpel-desa/publiccode.yml").status_code == 404
    assert b"publiccode.yml" not in anon.get("/practices/simpel-desa/").content


def test_the_practice_page_links_to_the_download_and_staff_to_the_import_and_the_links_work(
    anon, client_for, sumedang, sumedang_editor
):
    application(sumedang)
    editor = client_for(sumedang_editor)

    public_page = anon.get("/practices/simpel-desa/").content.decode()
    staff_page = editor.get("/practices/simpel-desa/").content.decode()
    new_page = editor.get("/practices/new/").content.decode()

    assert 'href="/practices/simpel-desa/publiccode.yml"' in public_page
    assert "/practices/simpel-desa/publiccode/" not in public_page
    assert 'href="/practices/simpel-desa/publiccode/"' in staff_page
    assert 'href="/practices/new/publiccode/"' in new_page
    for url in ["/practices/simpel-desa/publiccode.yml", "/practices/simpel-desa/publiccode/"]:
        assert editor.get(url).status_code == 200
    assert editor.get("/practices/new/publiccode/").status_code == 200


# Who may import --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    list(zip(ROLES, [302, 403, 403, 200, 200, 200], strict=True)),
)
def test_only_the_owner_pemda_and_national_admins_update_a_practice_from_a_file(
    as_role, sumedang, role, status
):
    practice = application(sumedang)
    text = publiccode_text([("name", "Diubah")])
    client = as_role(role)

    assert client.get("/practices/simpel-desa/publiccode/").status_code == status
    checked = _check(client, "/practices/simpel-desa/publiccode/", text)
    assert checked.status_code == status
    if status == 200:
        assert _save(client, "/practices/simpel-desa/publiccode/", checked).status_code == 302
    practice.refresh_from_db()
    assert (practice.title == "Diubah") is (status == 200)


@pytest.mark.parametrize(("role", "status"), list(zip(ROLES, [302, 404, 404, 200, 200, 200], strict=True)))
def test_a_draft_is_updated_from_a_file_only_by_those_who_see_it(as_role, sumedang, role, status):
    application(sumedang, status=Practice.Status.DRAFT, published_at=None)

    assert as_role(role).get("/practices/simpel-desa/publiccode/").status_code == status


@pytest.mark.parametrize(("role", "status"), list(zip(ROLES, [302, 200, 403, 200, 200, 200], strict=True)))
def test_staff_of_any_pemda_and_national_admins_may_start_a_practice_from_a_file(as_role, role, status):
    assert as_role(role).get("/practices/new/publiccode/").status_code == status


def test_a_person_without_a_pemda_may_not_start_a_practice_from_a_file(client_for):
    assert client_for(UserFactory()).get("/practices/new/publiccode/").status_code == 403


# Check, preview, save --------------------------------------------------------------------------


def test_the_file_is_checked_and_previewed_and_only_saved_on_confirmation_with_history_and_followers(
    client_for, sumedang, sumedang_editor, celery_eager, django_capture_on_commit_callbacks
):
    practice = application(sumedang)
    follower = UserFactory(username="pengikut")
    FollowFactory(user=follower, practice=practice)
    editor = client_for(sumedang_editor)
    url = "/practices/simpel-desa/publiccode/"
    text = publiccode_text([("maintenance.contacts", [{"name": "Budi"}]), ("usedBy", ["Kota Bandung"])])

    checked = _check(editor, url, text)

    assert checked.status_code == 200
    preview = checked.context["preview"]
    changed = {str(label) for label, _old, _new in preview["changes"]}
    assert changed == {
        "short summary",
        "platforms",
        "maintenance contacts",
        "other publiccode.yml keys",
    }
    practice.refresh_from_db()
    assert practice.summary == "Layanan surat desa secara daring."  # nothing saved yet
    assert not practice.revisions.exists()

    with django_capture_on_commit_callbacks(execute=True):
        saved = _save(editor, url, checked)

    assert saved.status_code == 302 and saved["Location"] == "/practices/simpel-desa/"
    practice.refresh_from_db()
    assert practice.summary == "Layanan surat desa secara daring untuk warga."
    assert practice.platforms == ["web", "android"]
    assert practice.maintenance_contacts == [{"name": "Budi", "email": "", "phone": "", "affiliation": ""}]
    assert practice.publiccode_extra == {
        "usedBy": ["Kota Bandung"],
        "description": {"id": {"features": ["Surat keterangan daring"]}},  # not a portal field
    }
    revision = practice.revisions.get()
    assert revision.action == PracticeRevision.Action.EDITED
    assert revision.changed_by == sumedang_editor
    assert {change["field"] for change in revision.changes} == {
        "summary",
        "platforms",
        "maintenance_contacts",
        "publiccode_extra",
    }
    assert Notification.objects.filter(recipient=follower).count() == 1


def test_a_save_of_text_that_was_not_previewed_shows_the_preview_instead(
    client_for, sumedang, sumedang_editor
):
    practice = application(sumedang)
    editor = client_for(sumedang_editor)
    url = "/practices/simpel-desa/publiccode/"
    checked = _check(editor, url, publiccode_text([("name", "Nama A")]))

    edited = editor.post(
        url,
        {**_posted(checked), "text": publiccode_text([("name", "Nama B")]), "action": "save"},
        **EN,
    )

    assert edited.status_code == 200 and edited.context["preview"] is not None
    practice.refresh_from_db()
    assert practice.title == "SIMPEL Desa"


def test_a_practice_changed_since_the_preview_is_not_overwritten(client_for, sumedang, sumedang_editor):
    practice = application(sumedang)
    editor = client_for(sumedang_editor)
    url = "/practices/simpel-desa/publiccode/"
    checked = _check(editor, url, publiccode_text([("name", "Nama A")]))
    Practice.objects.filter(pk=practice.pk).update(summary="Diubah orang lain.")
    Practice.objects.get(pk=practice.pk).save()  # a later updated_at

    again = _save(editor, url, checked)

    assert again.status_code == 200 and again.context["preview"] is not None
    practice.refresh_from_db()
    assert practice.title == "SIMPEL Desa"


def test_every_problem_is_shown_next_to_the_field_with_its_key_path_and_nothing_is_saved(
    client_for, sumedang, sumedang_editor
):
    practice = application(sumedang)
    text = publiccode_text(
        [
            ("legal.license", "Lisensi Bebas"),
            ("maintenance.contacts", [{"name": "Budi", "email": "bukan-surel"}]),
            ("developmentStatus", DELETE),
        ]
    )

    page = _check(client_for(sumedang_editor), "/practices/simpel-desa/publiccode/", text)

    assert page.status_code == 200 and page.context["preview"] is None
    errors = page.context["form"].errors["text"]
    assert "legal.license: not a valid SPDX expression" in errors
    assert "maintenance.contacts[0].email: not a valid e-mail address" in errors
    assert "developmentStatus: this key is required" in errors
    assert 'id="id_text-error"' in page.content.decode()
    practice.refresh_from_db()
    assert practice.license == "AGPL-3.0-or-later"


def test_a_file_naming_another_pemda_is_refused_at_organisation_uri(client_for, sumedang, sumedang_editor):
    application(sumedang)
    text = publiccode_text([("organisation.uri", "urn:x-kemendagri:16.10")])

    page = _check(client_for(sumedang_editor), "/practices/simpel-desa/publiccode/", text)

    assert page.context["form"].errors["text"] == [
        "organisation.uri: names the pemda with code 16.10; this practice belongs to Kabupaten Sumedang (32.11)"
    ]


def test_unknown_keys_are_warned_about_and_kept(client_for, sumedang, sumedang_editor):
    practice = application(sumedang)
    editor = client_for(sumedang_editor)
    url = "/practices/simpel-desa/publiccode/"
    checked = _check(editor, url, publiccode_text([("x-sumedang", {"opd": "Diskominfo"})]))

    assert "x-sumedang" in [warning.path for warning in checked.context["preview"]["warnings"]]
    assert "<code>x-sumedang</code>" in checked.content.decode()
    _save(editor, url, checked)
    practice.refresh_from_db()
    assert practice.publiccode_extra["x-sumedang"] == {"opd": "Diskominfo"}
    exported = yaml.safe_load(editor.get("/practices/simpel-desa/publiccode.yml").content)
    assert exported["x-sumedang"] == {"opd": "Diskominfo"}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_yaml_is_refused_quickly_with_a_clear_error(client_for, sumedang, sumedang_editor, case):
    application(sumedang)
    text, message = HOSTILE[case]

    started = time.monotonic()
    page = _check(client_for(sumedang_editor), "/practices/simpel-desa/publiccode/", text)

    assert time.monotonic() - started < 2
    assert page.status_code == 200
    [error] = page.context["form"].errors["text"]
    assert message in error


def test_an_uploaded_file_starts_a_draft_application_of_the_editors_pemda(
    client_for, sumedang, sumedang_editor
):
    editor = client_for(sumedang_editor)
    url = "/practices/new/publiccode/"
    upload = SimpleUploadedFile("publiccode.yml", publiccode_text().encode(), "application/yaml")

    checked = editor.post(url, {"upload": upload, "action": "check"}, **EN)
    saved = _save(editor, url, checked)

    practice = Practice.objects.get()
    assert saved["Location"] == practice.get_absolute_url() == "/practices/simpel-desa/"
    assert (practice.regency, practice.status, practice.kind) == (sumedang, "draft", "application")
    assert practice.revisions.get().action == PracticeRevision.Action.CREATED


def test_a_national_admin_starts_a_practice_for_the_pemda_the_file_names(
    client_for, sumedang, ogan_ilir, national_admin
):
    admin = client_for(national_admin)
    url = "/practices/new/publiccode/"

    unnamed = _check(admin, url, publiccode_text([("organisation", DELETE)]))
    checked = _check(admin, url, publiccode_text([("organisation.uri", "urn:x-kemendagri:16.10")]))
    _save(admin, url, checked)

    assert unnamed.context["form"].errors["text"][0].startswith("organisation.uri: national admins name")
    assert Practice.objects.get().regency == ogan_ilir


def test_publiccode_fields_are_inert_on_the_practice_page(client_for, anon, sumedang, sumedang_editor):
    application(sumedang)
    editor = client_for(sumedang_editor)
    url = "/practices/simpel-desa/publiccode/"
    hostile = [
        ("name", "<script>alert('nama')</script>"),
        ("description.id.shortDescription", '<img src=x onerror="alert(1)">'),
        ("description.id.longDescription", "[klik](javascript:alert(1)) <script>alert(2)</script> " * 4),
        (
            "maintenance.contacts",
            [{"name": "<b onmouseover=alert(3)>Budi</b>", "affiliation": "<svg onload=x>"}],
        ),
        ("platforms", ["<iframe src=//evil.example>"]),
    ]
    preview = _check(editor, url, publiccode_text(hostile))
    _save(editor, url, preview)

    page = anon.get("/practices/simpel-desa/").content.decode()

    assert Practice.objects.get().title == "<script>alert('nama')</script>"
    preview_table = preview.content.decode().split('id="publiccode-preview"')[1].split("</section>")[0]
    for raw in [
        "<script>alert",
        "<img src=x",
        'href="javascript:',
        "<b onmouseover",
        "<svg onload",
        "<iframe",
    ]:
        assert raw not in page
        assert raw not in preview_table
    assert "&lt;script&gt;alert(&#x27;nama&#x27;)&lt;/script&gt;" in page


def test_a_javascript_url_is_refused_at_its_key_path(client_for, sumedang, sumedang_editor):
    application(sumedang)

    page = _check(
        client_for(sumedang_editor),
        "/practices/simpel-desa/publiccode/",
        publiccode_text([("url", "javascript:alert(1)")]),
    )

    assert page.context["form"].errors["text"] == [
        "url: must be a web address starting with http:// or https://"
    ]
