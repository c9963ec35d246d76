from dataclasses import dataclass

from .models import Cohort, Membership, Province, Regency


@dataclass(frozen=True)
class PortalCounts:
    provinces: int
    regencies: int


def portal_counts():
    # Public figures only: how many staff accounts exist is for the staff, not the home page.
    return PortalCounts(provinces=Province.objects.count(), regencies=Regency.objects.count())


def regency_list():
    return Regency.objects.for_list()


def cohorts_of(codes):
    """{regency code: [{"slug", "name"} of its cohorts, newest first]} for these regencies; one query."""
    cohorts = {}
    for code, slug, name in (
        Cohort.members.through.objects.filter(regency_id__in=codes)
        .order_by("-cohort__started_on", "cohort__name", "cohort_id")
        .values_list("regency_id", "cohort__slug", "cohort__name")
    ):
        cohorts.setdefault(code, []).append({"slug": slug, "name": name})
    return cohorts


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
