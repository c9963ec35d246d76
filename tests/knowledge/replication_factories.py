import factory
from django.utils import timezone

from knowledge.models import Replication, ReplicationStep

from ..regencies.factories import RegencyFactory
from .factories import PracticeFactory

BEFORE_ACCEPTANCE = ("requested", "declined")


class ReplicationFactory(factory.django.DjangoModelFactory):
    """A replication of a published practice at `stage` (accepted, when past acceptance)."""

    class Meta:
        model = Replication

    practice = factory.SubFactory(PracticeFactory)
    owner = factory.LazyAttribute(lambda o: o.practice.regency)
    adopter = factory.SubFactory(RegencyFactory)
    stage = "requested"
    message = "Kami ingin mereplikasi aplikasi ini tahun depan."
    accepted_at = factory.LazyAttribute(lambda o: None if o.stage in BEFORE_ACCEPTANCE else timezone.now())


class ReplicationStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReplicationStep

    replication = factory.SubFactory(ReplicationFactory)
    from_stage = "requested"
    to_stage = "accepted"
    side = "owner"
    by_role = "editor"
