import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_staff_log_in_and_land_on_their_tasks_with_the_token_a_click_away(sumedang_editor, anon):
    response = anon.post(
        "/accounts/login/", {"username": "editor-sumedang", "password": "rahasia-yang-panjang-123"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/tasks/"
    tasks = anon.get("/accounts/tasks/").content.decode()
    assert "Kabupaten Sumedang" in tasks
    assert 'href="/accounts/profile/"' in tasks
    assert 'href="/accounts/token/"' in anon.get("/accounts/profile/").content.decode()
    assert not Token.objects.filter(user=sumedang_editor).exists()  # never shown, not even made
    token_page = anon.get("/accounts/token/").content.decode()
    assert Token.objects.get(user=sumedang_editor).key in token_page  # created when first shown


def test_a_wrong_password_is_refused_with_a_message(sumedang_editor, anon):
    response = anon.post("/accounts/login/", {"username": "editor-sumedang", "password": "salah"})

    assert response.status_code == 200
    assert "_auth_user_id" not in anon.session
    assert 'class="errorlist nonfield"' in response.content.decode()


def test_logging_out_needs_a_post_and_ends_the_session(sumedang_editor, client_for):
    client = client_for(sumedang_editor)

    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 302


def test_the_profile_needs_a_login(anon):
    response = anon.get("/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profile/"


def test_rotating_the_token_asks_for_confirmation_and_replaces_it(sumedang_editor, client_for):
    client = client_for(sumedang_editor)
    old = Token.objects.create(user=sumedang_editor).key

    assert client.get("/accounts/token/rotate/").status_code == 200
    client.post("/accounts/token/rotate/", {})
    assert Token.objects.get(user=sumedang_editor).key == old

    response = client.post("/accounts/token/rotate/", {"confirm": "on"}, follow=True)

    new = Token.objects.get(user=sumedang_editor).key
    assert new != old
    assert new in response.content.decode()
    api = client_for(sumedang_editor)
    api.logout()
    refused = api.get("/api/v1/provinces/", HTTP_AUTHORIZATION=f"Token {old}")
    assert refused.status_code == 401


def test_pages_showing_the_token_are_never_cached(sumedang_editor, client_for):
    client = client_for(sumedang_editor)

    for url in ("/accounts/token/", "/accounts/token/rotate/"):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control


PASSWORD = "rahasia-yang-panjang-123"  # the factories' password


def _log_in(client, username, password=PASSWORD, url="/accounts/login/"):
    return client.post(url, {"username": username, "password": password})


def _fail_to_log_in(client, username, times):
    for _ in range(times):
        _log_in(client, username, password="salah")


def test_ten_wrong_passwords_lock_the_account_for_a_while(sumedang_editor, ogan_ilir_editor, anon):
    _fail_to_log_in(anon, "editor-sumedang", 10)

    locked = _log_in(anon, "Editor-Sumedang")

    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in locked.content.decode()
    # The admin's log-in form is behind the same brake.
    assert _log_in(anon, "editor-sumedang", url="/admin/login/").status_code == 429
    assert "_auth_user_id" not in anon.session
    # Another account from the same address still logs in.
    assert _log_in(anon, ogan_ilir_editor.username).status_code == 302


def test_a_successful_log_in_clears_the_count(sumedang_editor, anon):
    _fail_to_log_in(anon, "editor-sumedang", 9)
    assert _log_in(anon, "editor-sumedang").status_code == 302
    anon.post("/accounts/logout/")

    _fail_to_log_in(anon, "editor-sumedang", 9)

    assert _log_in(anon, "editor-sumedang").status_code == 302


@pytest.fixture
def brake2(db):
    from .factories import UserFactory

    return UserFactory(username="brake2")


def test_a_look_alike_name_logs_in_as_the_account_and_shares_its_count(brake2, anon):
    # Fullwidth "ｂ" is what the log-in form turns into "b" (NFKC): the same account, the same count.
    _fail_to_log_in(anon, "ｂrake2", 5)
    _fail_to_log_in(anon, "BRAKE2", 5)

    assert _log_in(anon, "brake2").status_code == 429
    assert _log_in(anon, "ｂｒａｋｅ２").status_code == 429


def test_the_address_count_is_the_real_clients_behind_the_trusted_proxy(brake2, anon, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    behind_proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(50):
        # 50 accounts guessed from one client, who writes a new address in front each time.
        anon.post(
            "/accounts/login/",
            {"username": f"tebakan-{n}", "password": "salah"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7",
            **behind_proxy,
        )

    from_that_client = anon.post(
        "/accounts/login/",
        {"username": "brake2", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **behind_proxy,
    )
    from_a_colleague = anon.post(
        "/accounts/login/",
        {"username": "brake2", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.8",
        **behind_proxy,
    )

    assert from_that_client.status_code == 429
    assert from_a_colleague.status_code == 302


def test_a_national_admin_lets_a_locked_out_account_log_in_again(
    brake2, sumedang_editor, national_admin, anon, client_for
):
    _fail_to_log_in(anon, "brake2", 10)
    _fail_to_log_in(anon, "editor-sumedang", 10)
    assert _log_in(anon, "brake2").status_code == 429

    response = client_for(national_admin).post(
        "/admin/auth/user/",
        {"action": "lift_login_pause", "_selected_action": [brake2.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "1 akun dapat masuk lagi" in response.content.decode()
    assert _log_in(Client(), "brake2").status_code == 302
    assert _log_in(Client(), "editor-sumedang").status_code == 429  # only the chosen accounts


def test_pemda_staff_cannot_lift_a_pause(brake2, sumedang_manager, anon, client_for):
    _fail_to_log_in(anon, "brake2", 10)

    response = client_for(sumedang_manager).post(
        "/admin/auth/user/", {"action": "lift_login_pause", "_selected_action": [brake2.pk]}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert _log_in(Client(), "brake2").status_code == 429
