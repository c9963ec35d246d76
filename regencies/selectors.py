from dataclasses import dataclass

from .models import Cohort, Membership, Province, Regency


@dataclass(frozen=True)
class PortalCounts:
    provinces: int
    regencies: int
    cohorts: int
    cohort_members: int
    staff: int


def portal_counts():
    return PortalCounts(
        provinces=Province.objects.count(),
        regencies=Regency.objects.count(),
        cohorts=Cohort.objects.count(),
        cohort_members=Regency.objects.filter(cohorts__isnull=False).distinct().count(),
        staff=Membership.objects.filter(user__is_active=True).count(),
    )


def regency_list():
    return Regency.objects.for_list()


def regency_detail(code):
    """The regency with what its page shows; raises Regency.DoesNotExist."""
    return Regency.objects.select_related("province").prefetch_related("cohorts").get(code=code)


def regency_staff(regency):
    return (
        Membership.objects.filter(regency=regency)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )


def staff_count(regency):
    return Membership.objects.filter(regency=regency, user__is_active=True).count()


def cohort_list():
    return Cohort.objects.all()
