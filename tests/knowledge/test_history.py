"""Every change of a practice is in its history: who (role and pemda), when, each field old -> new."""

import datetime

import pytest
from rest_framework.test import APIClient

from knowledge.models import Practice, PracticeRevision

from .factories import RbThemeFactory
from .form_data import practice_form

pytestmark = pytest.mark.django_db


def _form(practice, **changes):
    """The edit form of `practice` as it stands, with `changes`."""
    return practice_form(
        **{"title": practice.title, "summary": practice.summary, "kind": practice.kind, **changes}
    )


def test_an_edit_records_each_changed_field_with_who_and_when(published, sumedang_editor, client_for):
    theme = RbThemeFactory(number=3, name="Digitalisasi Administrasi Pemerintahan")
    before = datetime.datetime.now(datetime.UTC)

    response = client_for(sumedang_editor).post(
        "/practices/e-office/edit/",
        _form(
            published,
            summary="Surat, disposisi, tanda tangan.",
            sustainability="stopped",
            rb_themes=[theme.pk],
        ),
    )

    assert response.status_code == 302
    revision = PracticeRevision.objects.get(practice=published)
    assert (revision.action, revision.changed_by, revision.by_role, revision.by_regency) == (
        PracticeRevision.Action.EDITED,
        sumedang_editor,
        "editor",
        published.regency,
    )
    assert revision.changed_at >= before
    assert revision.changes == [
        {"field": "summary", "old": "Surat-menyurat digital.", "new": "Surat, disposisi, tanda tangan."},
        {"field": "sustainability", "old": "active", "new": "stopped"},
        {"field": "rb_themes", "old": "", "new": "3"},
    ]


def test_saving_without_a_change_records_nothing(published, sumedang_editor, client_for):
    client_for(sumedang_editor).post("/practices/e-office/edit/", _form(published))

    assert not PracticeRevision.objects.exists()


def test_creation_publication_and_archiving_are_recorded(sumedang, sumedang_manager, national_admin):
    manager, admin = APIClient(), APIClient()
    manager.force_authenticate(sumedang_manager)
    admin.force_authenticate(national_admin)

    manager.post(
        "/api/v1/practices/",
        {"title": "Mal Pelayanan Publik Digital", "summary": "MPP.", "kind": "innovation"},
    )
    manager.post("/api/v1/practices/mal-pelayanan-publik-digital/publish/")
    admin.post("/api/v1/practices/mal-pelayanan-publik-digital/archive/")

    history = [
        (r.action, r.by_role, r.by_regency_id, r.changes[-1] if r.changes else None)
        for r in PracticeRevision.objects.order_by("pk")
    ]
    assert history == [
        ("created", "manager", "32.11", {"field": "available_languages", "old": "", "new": "id"}),
        ("published", "manager", "32.11", {"field": "status", "old": "draft", "new": "published"}),
        ("archived", "national_admin", None, {"field": "status", "old": "published", "new": "archived"}),
    ]


def test_long_values_are_kept_short_in_the_history(published, sumedang_editor, client_for):
    client_for(sumedang_editor).post("/practices/e-office/edit/", _form(published, body="x" * 5000))

    change = PracticeRevision.objects.get().changes[0]
    assert (change["field"], change["old"], len(change["new"])) == ("body", "", 120)
    assert change["new"].endswith("…")


def _history_section(response):
    return response.content.decode().split('<section id="history">', 1)[1].split("</section>", 1)[0]


def test_the_public_page_shows_roles_and_pemda_not_staff_names(published, sumedang_editor, client_for, anon):
    sumedang_editor.first_name, sumedang_editor.last_name = "Asep", "Sunandar"
    sumedang_editor.save()
    client_for(sumedang_editor).post("/practices/e-office/edit/", _form(published, summary="Ringkasan baru."))

    public = _history_section(anon.get("/practices/e-office/"))
    own = _history_section(client_for(sumedang_editor).get("/practices/e-office/"))
    full_history = anon.get("/practices/e-office/history/").content.decode()

    assert "Editor, Kabupaten Sumedang" in public
    assert "Ringkasan singkat" in public and "Ringkasan baru." in public  # field label, new value
    assert "Asep" not in public and "editor-sumedang" not in public
    assert "Asep Sunandar, Editor, Kabupaten Sumedang" in own
    assert "Editor, Kabupaten Sumedang" in full_history and "Asep" not in full_history


def test_choices_are_shown_by_their_names_in_the_history(published, sumedang_editor, client_for, anon):
    client_for(sumedang_editor).post("/practices/e-office/edit/", _form(published, sustainability="stopped"))

    public = _history_section(anon.get("/practices/e-office/"))

    assert "<del>Masih dipakai</del> → Dihentikan" in public


def test_the_admin_shows_the_history(published, sumedang_editor, client_for, national_admin):
    client_for(sumedang_editor).post("/practices/e-office/edit/", _form(published, summary="Ringkasan baru."))

    page = (
        client_for(national_admin).get(f"/admin/knowledge/practice/{published.pk}/change/").content.decode()
    )
    changelist = client_for(national_admin).get("/admin/knowledge/practicerevision/").content.decode()

    assert "Ringkasan baru." in page and "editor-sumedang" in page
    assert "Super Aplikasi e-Office" in changelist


def test_an_admin_edit_is_recorded_like_any_other(published, national_admin, client_for):
    response = client_for(national_admin).post(
        f"/admin/knowledge/practice/{published.pk}/change/",
        {
            "title": "Super Aplikasi e-Office Sumedang",
            "summary": published.summary,
            "kind": published.kind,
            "sustainability": published.sustainability,
            "available_languages": '["id"]',
            "national_platforms": "[]",
            "platforms": "[]",
            "dependencies": "[]",
            "maintenance_contacts": "[]",
            "publiccode_extra": "{}",
            **{
                f"{prefix}-{key}": 0
                for prefix in ("indicator_links", "documents", "revisions")
                for key in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    revision = PracticeRevision.objects.get()
    assert (revision.by_role, revision.changes) == (
        "national_admin",
        [{"field": "title", "old": "Super Aplikasi e-Office", "new": "Super Aplikasi e-Office Sumedang"}],
    )
    assert Practice.objects.get().title == "Super Aplikasi e-Office Sumedang"
