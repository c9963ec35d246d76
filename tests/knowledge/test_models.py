import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from knowledge.models import Practice
from knowledge.practices.models import months_between
from knowledge.practices.validators import (
    normalize_license,
    validate_contacts,
    validate_language_tags,
)

from .factories import PracticeFactory


@pytest.mark.parametrize(
    ("earlier", "later", "months"),
    [
        ((2024, 3, 14), (2024, 5, 13), 1),
        ((2024, 3, 14), (2024, 5, 14), 2),
        ((2023, 12, 31), (2025, 2, 28), 13),
        ((2024, 1, 1), (2024, 1, 1), 0),
    ],
)
def test_months_between_counts_whole_months(earlier, later, months):
    assert months_between(datetime.date(*earlier), datetime.date(*later)) == months


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("mit", "MIT"),
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("Apache-2.0 AND MIT", "Apache-2.0 AND MIT"),
        ("licenseref-proprietary", "LicenseRef-proprietary"),
        ("", ""),
    ],
)
def test_licences_are_stored_as_normalized_spdx_expressions(given, stored):
    assert normalize_license(given) == stored


@pytest.mark.parametrize("wrong", ["FooBar", "(MIT", "MIT ANDD GPL-3.0-only"])
def test_a_licence_that_is_not_an_spdx_expression_is_refused(wrong):
    with pytest.raises(ValidationError) as error:
        normalize_license(wrong)
    assert "SPDX" in error.value.messages[0]


def test_language_tags_and_contacts_are_checked():
    validate_language_tags(["id", "en", "id-ID"])
    with pytest.raises(ValidationError):
        validate_language_tags(["bahasa indonesia"])
    validate_contacts([{"name": "Tim e-Office", "email": "eoffice@sumedangkab.go.id"}])
    with pytest.raises(ValidationError):
        validate_contacts([{"name": "Tim", "email": "bukan-email"}])
    with pytest.raises(ValidationError):
        validate_contacts([{"nama": "Tim"}])


@pytest.mark.django_db
def test_the_database_refuses_an_unknown_status():
    with pytest.raises(IntegrityError):
        PracticeFactory(status="deleted")


@pytest.mark.django_db
def test_the_database_refuses_the_slug_of_the_create_page():
    with pytest.raises(IntegrityError):
        PracticeFactory(slug="new")


@pytest.mark.django_db
def test_a_practice_is_stale_after_twelve_months_without_review():
    practice = PracticeFactory.build(reviewed_on=datetime.date(2024, 1, 10))

    assert practice.review_age_months(datetime.date(2025, 1, 10)) == 12
    assert not practice.is_stale(datetime.date(2025, 1, 10))
    assert practice.is_stale(datetime.date(2025, 2, 10))
    assert Practice(reviewed_on=None).is_stale() is False
