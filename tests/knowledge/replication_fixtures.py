"""Fixtures of the replication tests: Ogan Ilir replicates Sumedang's e-Office (the model case), Kota
Banjar is a third pemda, and the sides every rule is tested from."""

import pytest
from rest_framework.test import APIClient

from ..regencies.factories import MembershipFactory, RegencyFactory, UserFactory
from .replication_factories import ReplicationFactory

# Who is who for a replication of Sumedang's practice by Ogan Ilir.
OWNER, ADOPTER = "sumedang_editor", "ogan_ilir_editor"
STRANGERS = ["anon", "banjar_editor", "national_admin"]


@pytest.fixture
def banjar_editor(db):
    banjar = RegencyFactory(code="32.79", name="Kota Banjar", province__name="Jawa Barat")
    return MembershipFactory(user=UserFactory(username="editor-banjar"), regency=banjar).user


@pytest.fixture
def make_replication(published, ogan_ilir):
    def make(stage="requested", **kwargs):
        return ReplicationFactory(practice=published, adopter=ogan_ilir, stage=stage, **kwargs)

    return make


def api_as(request, actor):
    client = APIClient()
    if actor != "anon":
        client.force_authenticate(request.getfixturevalue(actor))
    return client
