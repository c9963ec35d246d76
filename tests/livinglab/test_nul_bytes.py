"""A NUL byte in a path, query string or form field is a 400 everywhere (JSON in the API), never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/regencies/?q=%00",
        "/regencies/?q=a%00b",
        "/regencies/?%00=1",
        "/spbe/compare/?regencies=32.11%2C%00",
        "/regencies/%00/",
    ],
)
def test_a_public_page_answers_a_nul_with_a_short_translated_page(sumedang, anon, url):
    response = anon.get(url)

    assert response.status_code == 400
    assert "karakter NUL" in response.content.decode()


@pytest.mark.parametrize("url", ["/api/v1/regencies/?search=%00", "/api/v1/regencies/?province=3%002"])
def test_an_api_list_answers_a_nul_with_json(sumedang, anon, url):
    response = anon.get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request contains a NUL character (byte zero), which no page or field accepts."
    }


def test_a_form_post_with_a_nul_is_refused_and_nothing_is_saved(sumedang, sumedang_editor, client_for):
    client = client_for(sumedang_editor)

    response = client.post("/regencies/32.11/edit/", {"website": "", "description": "ada\x00nul"})

    assert response.status_code == 400
    sumedang.refresh_from_db()
    assert sumedang.description == ""


def test_a_multipart_form_field_with_a_nul_is_refused(sumedang, sumedang_editor, client_for):
    response = client_for(sumedang_editor).post(
        "/regencies/32.11/edit/", {"description": "\x00"}, format="multipart"
    )

    assert response.status_code == 400


def test_an_admin_changelist_filter_with_a_nul_is_a_400(sumedang, national_admin, client_for):
    client = client_for(national_admin)

    assert client.get("/admin/regencies/regency/?kind__exact=%00").status_code == 400
    assert client.get("/admin/regencies/regency/?kind__exact=kota").status_code == 200


def test_text_without_a_nul_still_passes(sumedang, sumedang_editor, client_for):
    response = client_for(sumedang_editor).post(
        "/regencies/32.11/edit/", {"website": "", "description": "Kabupaten di Jawa Barat, 100%0 aman"}
    )

    assert response.status_code == 302
