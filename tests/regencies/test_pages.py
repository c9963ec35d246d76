import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from regencies.models import Membership, Regency
from regencies.services import regions_load

from .factories import CohortFactory, MembershipFactory, RegencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def _text(response):
    return response.content.decode()


def test_the_list_shows_the_first_page_of_all_regencies(regions, anon):
    response = anon.get("/regencies/")

    html = _text(response)
    assert response.status_code == 200
    assert "514 kabupaten/kota ditemukan" in html
    assert "Kabupaten Aceh Selatan" in html
    assert "Halaman 1 dari 11" in html
    assert html.count("<tr>") == 51  # header + 50 rows


def test_the_list_paginates_and_keeps_the_filters(regions, anon):
    html = _text(anon.get("/regencies/", {"province": "32", "page": 1}))

    assert "27 kabupaten/kota ditemukan" in html
    assert "Halaman" not in html  # 27 rows fit on one page

    html = _text(anon.get("/regencies/", {"kind": "kabupaten", "page": 2}))
    assert 'href="?kind=kabupaten&amp;page=3"' in html


@pytest.mark.parametrize(
    ("params", "present", "absent"),
    [
        ({"province": "16"}, "Kabupaten Ogan Ilir", "Kabupaten Sumedang"),
        ({"kind": "kota", "province": "32"}, "Kota Bandung", "Kabupaten Bandung<"),
        ({"cohort": "idsll-2022-pilot", "province": "16"}, "Kabupaten Musi Banyuasin", "Kota Palembang"),
        ({"search": "sumedang"}, "Kabupaten Sumedang", "Kabupaten Bogor"),
    ],
)
def test_the_list_filters_by_province_kind_cohort_and_name(regions, anon, params, present, absent):
    html = _text(anon.get("/regencies/", params))

    assert present in html
    assert absent not in html


def test_a_bad_filter_shows_the_error_next_to_the_field(regions, anon):
    response = anon.get("/regencies/", {"province": "99"})

    assert response.status_code == 200
    html = _text(response)
    assert 'id="id_province-error"' in html
    assert "0 kabupaten/kota ditemukan" in html


def test_a_page_number_out_of_range_shows_the_last_page(regions, anon):
    response = anon.get("/regencies/", {"page": 999})

    assert response.status_code == 200
    assert "Halaman 11 dari 11" in _text(response)


def test_the_detail_page_shows_province_kind_cohorts_and_staff_count(regions, anon, sumedang_editor):
    response = anon.get("/regencies/32.11/")

    html = _text(response)
    assert response.status_code == 200
    assert "<h1>Kabupaten Sumedang</h1>" in html
    assert "Jawa Barat" in html
    assert "IDSLL 2022 Pilot" in html
    assert "<dt>Staf di portal</dt><dd>1</dd>" in html
    assert "Ubah profil" not in html


def test_an_unknown_code_is_a_404_page(db, anon):
    response = anon.get("/regencies/99.99/")

    assert response.status_code == 404


# Query discipline: count, rows with province, cohort prefetch, and the two facet menus.
def _page_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_list_page_costs_the_same_queries_for_10_rows_as_for_514(db, anon):
    CohortFactory().members.add(*[RegencyFactory() for _ in range(10)])
    small = _page_queries(anon, "/regencies/")
    Regency.objects.all().delete()

    regions_load()
    CohortFactory().members.add(*Regency.objects.all())
    large = _page_queries(anon, "/regencies/?page=2")

    assert small == large == 5


def test_the_detail_page_has_a_fixed_query_count(regions, anon, django_assert_max_num_queries):
    # regency with province, cohorts, staff count; the SPBE section: own history, national index,
    # cohort and its averages, latest evaluation (no detail here); the pemda's practices
    with django_assert_max_num_queries(9):
        anon.get("/regencies/32.11/")


# Editing a regency profile, from each side.
EDIT = "/regencies/32.11/edit/"


def test_anonymous_is_sent_to_log_in(sumedang, anon):
    response = anon.get(EDIT)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_staff_of_another_pemda_cannot_edit(sumedang, ogan_ilir_editor, client_for):
    client = client_for(ogan_ilir_editor)

    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, {"website": "https://x.go.id", "description": ""}).status_code == 403
    sumedang.refresh_from_db()
    assert sumedang.website == ""


@pytest.mark.parametrize("actor", ["sumedang_editor", "sumedang_manager", "national_admin"])
def test_the_pemdas_staff_and_national_admins_can_edit(sumedang, client_for, request, actor):
    client = client_for(request.getfixturevalue(actor))

    response = client.post(EDIT, {"website": "https://sumedangkab.go.id", "description": "Tuan rumah."})

    assert response.status_code == 302
    sumedang.refresh_from_db()
    assert sumedang.website == "https://sumedangkab.go.id"
    page = _text(client.get(response["Location"]))
    assert "Profil Kabupaten Sumedang telah disimpan." in page
    assert "Ubah profil" in page


def test_a_bad_website_is_shown_next_to_the_field(sumedang, sumedang_editor, client_for):
    response = client_for(sumedang_editor).post(EDIT, {"website": "bukan url", "description": ""})

    assert response.status_code == 200
    html = _text(response)
    assert 'id="id_website_error"' in html
    assert "Masukkan URL dengan format yang benar." in html
    sumedang.refresh_from_db()
    assert sumedang.website == ""


def test_the_description_is_escaped(sumedang, anon):
    Regency.objects.filter(pk=sumedang.pk).update(description="<script>alert(1)</script>")

    html = _text(anon.get("/regencies/32.11/"))

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


# Managing staff, from each side.
STAFF = "/regencies/32.11/staff/"


@pytest.fixture
def sumedang_staffer(sumedang):
    return MembershipFactory(user=UserFactory(username="staf-sumedang"), regency=sumedang)


def test_anonymous_cannot_see_staff(sumedang, anon):
    assert anon.get(STAFF).status_code == 302


@pytest.mark.parametrize("actor", ["ogan_ilir_manager", "sumedang_editor"])
def test_other_pemdas_managers_and_editors_cannot_manage_staff(sumedang_staffer, client_for, request, actor):
    client = client_for(request.getfixturevalue(actor))
    role_url = f"{STAFF}{sumedang_staffer.pk}/role/"
    remove_url = f"{STAFF}{sumedang_staffer.pk}/remove/"

    assert client.get(STAFF).status_code == 403
    assert client.post(role_url, {f"{sumedang_staffer.pk}-role": "manager"}).status_code == 403
    assert client.post(remove_url, {"confirm": "on"}).status_code == 403
    sumedang_staffer.refresh_from_db()
    assert sumedang_staffer.role == Membership.Role.EDITOR


@pytest.mark.parametrize("actor", ["sumedang_manager", "national_admin"])
def test_the_pemdas_manager_and_national_admins_change_roles(sumedang_staffer, client_for, request, actor):
    client = client_for(request.getfixturevalue(actor))

    assert "staf-sumedang" in _text(client.get(STAFF))
    response = client.post(f"{STAFF}{sumedang_staffer.pk}/role/", {f"{sumedang_staffer.pk}-role": "manager"})

    assert response.status_code == 302
    sumedang_staffer.refresh_from_db()
    assert sumedang_staffer.role == Membership.Role.MANAGER


def test_a_manager_cannot_change_their_own_role(sumedang_manager, client_for):
    membership = sumedang_manager.membership
    client = client_for(sumedang_manager)

    response = client.post(f"{STAFF}{membership.pk}/role/", {f"{membership.pk}-role": "editor"}, follow=True)

    assert "Anda tidak dapat mengubah peran Anda sendiri." in _text(response)
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MANAGER


def test_a_pemda_keeps_at_least_one_manager(sumedang_manager, sumedang_staffer, national_admin, client_for):
    client = client_for(national_admin)
    membership = sumedang_manager.membership

    demoted = client.post(f"{STAFF}{membership.pk}/role/", {f"{membership.pk}-role": "editor"}, follow=True)
    removed = client.post(f"{STAFF}{membership.pk}/remove/", {"confirm": "on"}, follow=True)

    assert "harus tetap memiliki paling sedikit satu pengelola" in _text(demoted)
    assert "harus tetap memiliki paling sedikit satu pengelola" in _text(removed)
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MANAGER

    # With a second manager in place, the first can go.
    client.post(f"{STAFF}{sumedang_staffer.pk}/role/", {f"{sumedang_staffer.pk}-role": "manager"})
    client.post(f"{STAFF}{membership.pk}/remove/", {"confirm": "on"})
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_an_invalid_role_changes_nothing(sumedang_staffer, sumedang_manager, client_for):
    response = client_for(sumedang_manager).post(
        f"{STAFF}{sumedang_staffer.pk}/role/", {f"{sumedang_staffer.pk}-role": "raja"}, follow=True
    )

    assert response.status_code == 200
    sumedang_staffer.refresh_from_db()
    assert sumedang_staffer.role == Membership.Role.EDITOR


def test_removing_staff_asks_for_confirmation_first(sumedang_staffer, sumedang_manager, client_for):
    client = client_for(sumedang_manager)
    url = f"{STAFF}{sumedang_staffer.pk}/remove/"
    Token.objects.create(user=sumedang_staffer.user)

    assert client.get(url).status_code == 200
    unconfirmed = client.post(url, {})
    assert unconfirmed.status_code == 200
    assert Membership.objects.filter(pk=sumedang_staffer.pk).exists()

    response = client.post(url, {"confirm": "on"})

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=sumedang_staffer.pk).exists()
    assert not Token.objects.filter(user=sumedang_staffer.user).exists()
    sumedang_staffer.user.refresh_from_db()  # the account itself is kept


def test_a_manager_cannot_reach_staff_of_another_pemda_through_their_own_url(
    sumedang_manager, ogan_ilir_editor, client_for
):
    other = ogan_ilir_editor.membership

    response = client_for(sumedang_manager).post(f"{STAFF}{other.pk}/remove/", {"confirm": "on"})

    assert response.status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_the_staff_page_has_a_fixed_query_count(
    sumedang, sumedang_manager, client_for, django_assert_max_num_queries
):
    for _ in range(20):
        MembershipFactory(regency=sumedang)
    client = client_for(sumedang_manager)

    # session, user, membership (permission), regency, staff with users
    with django_assert_max_num_queries(6):
        client.get(STAFF)
