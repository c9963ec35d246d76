from rest_framework.routers import DefaultRouter

from regencies.api import CohortViewSet, ProvinceViewSet, RegencyViewSet

router = DefaultRouter()
router.register("provinces", ProvinceViewSet, basename="province")
router.register("regencies", RegencyViewSet, basename="regency")
router.register("cohorts", CohortViewSet, basename="cohort")
