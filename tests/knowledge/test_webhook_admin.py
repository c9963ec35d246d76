"""Webhook endpoints are registered and edited by national admins only, in the Django admin; a URL
into the portal's own network is refused there, naming the field; the secret is never shown;
deliveries are read-only and retried with an action."""

import pytest

from knowledge.webhooks import addresses
from knowledge.webhooks.models import WebhookDelivery, WebhookEndpoint

from ..regencies.factories import UserFactory
from .replication_factories import ReplicationStepFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/knowledge/webhookendpoint/"
DELIVERIES = "/admin/knowledge/webhookdelivery/"


@pytest.fixture
def ministry_staff(db):
    """Django staff of the ministry, not in the national admin group."""
    return UserFactory(username="staf-kementerian", is_staff=True)


@pytest.fixture
def public_host(resolve):
    resolve({"hooks.example.org": "93.184.216.34"})


def _form(url="https://hooks.example.org/livinglab", secret="rahasia-123"):
    return {"url": url, "secret": secret, "active": "on", "description": "Dasbor kementerian"}


@pytest.mark.parametrize(
    "actor, expected", [("anon", 302), ("sumedang_editor", 302), ("ministry_staff", 403)]
)
def test_only_national_admins_open_or_register_endpoints(request, client_for, actor, expected, public_host):
    client = (
        request.getfixturevalue("anon") if actor == "anon" else client_for(request.getfixturevalue(actor))
    )

    pages = [client.get(ADD), client.get(ADD + "add/"), client.get(DELIVERIES)]
    posted = client.post(ADD + "add/", _form())

    assert [page.status_code for page in pages] == [expected] * 3
    assert posted.status_code == expected and not WebhookEndpoint.objects.exists()


def test_a_national_admin_registers_an_endpoint_and_never_sees_its_secret_again(
    client_for, national_admin, public_host
):
    client = client_for(national_admin)

    response = client.post(ADD + "add/", _form())

    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302
    assert (endpoint.url, endpoint.secret, endpoint.created_by) == (
        "https://hooks.example.org/livinglab",
        "rahasia-123",
        national_admin,
    )
    change = client.get(f"{ADD}{endpoint.pk}/change/")
    assert change.status_code == 200 and "rahasia-123" not in change.content.decode()
    # Saved again without a secret: the current one is kept.
    client.post(f"{ADD}{endpoint.pk}/change/", {**_form(secret=""), "description": "Baru"})
    endpoint.refresh_from_db()
    assert (endpoint.secret, endpoint.description) == ("rahasia-123", "Baru")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://localhost:8000/hook",
        "http://192.168.1.10/hook",
        "http://0.0.0.0/hook",
        "ftp://hooks.example.org/hook",
    ],
)
def test_registration_refuses_urls_into_the_portals_own_network(client_for, national_admin, url):
    response = client_for(national_admin).post(ADD + "add/", _form(url=url))

    assert response.status_code == 200 and not WebhookEndpoint.objects.exists()
    assert "url" in response.context["adminform"].form.errors


def test_a_setting_allows_private_addresses(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True

    assert addresses.check_url("http://127.0.0.1:9000/hook").ip == "127.0.0.1"


@pytest.mark.parametrize(
    "ip",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.0.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "224.0.0.1",
        "ff02::1",
        "0.0.0.0",
        "::",
        "240.0.0.1",
        "100.64.0.1",
    ],
)
def test_non_public_addresses_are_forbidden(ip):
    assert addresses.is_forbidden(ip)


@pytest.mark.parametrize(
    "ip", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34"]
)
def test_public_addresses_are_allowed(ip):
    assert not addresses.is_forbidden(ip)


def test_deliveries_are_read_only_and_retried_by_national_admins(
    client_for, national_admin, ministry_staff, make_replication, monkeypatch
):
    endpoint = WebhookEndpoint.objects.create(url="https://hooks.example.org/", secret="s")
    step = ReplicationStepFactory(replication=make_replication("requested"))
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, step=step, event="replication.step", payload={}, status="failed", attempts=5
    )
    queued = []
    monkeypatch.setattr(
        "knowledge.webhooks.services.delivery_enqueue",
        lambda pk, attempt, countdown=None: queued.append(attempt),
    )
    admin = client_for(national_admin)
    action = {"action": "retry", "_selected_action": [delivery.pk]}

    change = admin.get(f"{DELIVERIES}{delivery.pk}/change/")
    refused = client_for(ministry_staff).post(DELIVERIES, action)
    with_capture = admin.post(DELIVERIES, action)

    assert change.status_code == 200 and 'name="status"' not in change.content.decode()
    assert admin.get(DELIVERIES + "add/").status_code == 403
    assert refused.status_code == 403
    assert with_capture.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == "pending"


def test_the_lists_of_endpoints_and_deliveries_take_as_many_queries_for_one_row_as_for_many(
    client_for, national_admin, make_replication
):
    from ..queries import measure_get

    step = ReplicationStepFactory(replication=make_replication("requested"))
    client = client_for(national_admin)

    def add(count):
        for _ in range(count):
            endpoint = WebhookEndpoint.objects.create(
                url=f"https://hooks{WebhookEndpoint.objects.count()}.example.org/",
                secret="s",
                created_by=national_admin,
            )
            WebhookDelivery.objects.create(endpoint=endpoint, step=step, event="replication.step", payload={})

    add(1)
    few = [measure_get(client, url)[0] for url in (ADD, DELIVERIES)]
    add(6)
    many = [measure_get(client, url)[0] for url in (ADD, DELIVERIES)]

    assert many == few
