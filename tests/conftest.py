"""Test speed-ups and the named actors used across the suite."""

import pytest
from django.core.cache import cache
from django.test import Client

from regencies.models import Membership
from regencies.services import pilot_cohort_load, regions_load

from .regencies.factories import MembershipFactory, NationalAdminFactory, RegencyFactory, UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Plain static storage: no collectstatic manifest needed; fast password hashing.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "id"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def regions(db):
    """The real 38 provinces and 514 kabupaten/kota, and the pilot cohort."""
    regions_load()
    cohort, _ = pilot_cohort_load()
    return cohort


@pytest.fixture
def sumedang(db):
    return RegencyFactory(code="32.11", name="Kabupaten Sumedang", province__name="Jawa Barat")


@pytest.fixture
def ogan_ilir(db):
    return RegencyFactory(code="16.10", name="Kabupaten Ogan Ilir", province__name="Sumatera Selatan")


def _client_for(user):
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def anon():
    return Client()


@pytest.fixture
def national_admin(db):
    return NationalAdminFactory(username="admin-kementerian")


@pytest.fixture
def sumedang_editor(sumedang):
    return MembershipFactory(user=UserFactory(username="editor-sumedang"), regency=sumedang).user


@pytest.fixture
def sumedang_manager(sumedang):
    return MembershipFactory(
        user=UserFactory(username="manager-sumedang"), regency=sumedang, role=Membership.Role.MANAGER
    ).user


@pytest.fixture
def ogan_ilir_editor(ogan_ilir):
    return MembershipFactory(user=UserFactory(username="editor-ogan-ilir"), regency=ogan_ilir).user


@pytest.fixture
def ogan_ilir_manager(ogan_ilir):
    return MembershipFactory(
        user=UserFactory(username="manager-ogan-ilir"), regency=ogan_ilir, role=Membership.Role.MANAGER
    ).user


@pytest.fixture
def client_for():
    return _client_for


@pytest.fixture
def celery_eager(monkeypatch):
    """Tasks run in the test's process and transaction (tests/*/test_*worker* use a real worker)."""
    from livinglab.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
