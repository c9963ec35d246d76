import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from regencies.models import Cohort, Membership, Province, Regency
from regencies.permissions import NATIONAL_ADMIN_GROUP


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{(n % 89) + 10:02d}")
    name = factory.LazyAttribute(lambda o: f"Provinsi {o.code}")


class RegencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regency
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"99.{n % 100:02d}")
    province = factory.SubFactory(
        ProvinceFactory, code=factory.LazyAttribute(lambda o: o.factory_parent.code[:2])
    )
    name = factory.Sequence(lambda n: f"Kabupaten Contoh {n}")
    kind = Regency.Kind.KABUPATEN


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Kohort {n}")
    slug = factory.Sequence(lambda n: f"kohort-{n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.go.id")
    password = factory.django.Password("rahasia-yang-panjang-123")


class NationalAdminFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=NATIONAL_ADMIN_GROUP)
            self.groups.add(group)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    regency = factory.SubFactory(RegencyFactory)
    role = Membership.Role.EDITOR
