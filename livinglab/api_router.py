from rest_framework.routers import DefaultRouter

from knowledge.discussion.api import CommentViewSet
from knowledge.practices.api import PracticeViewSet
from knowledge.recommendations.api import RecommendationViewSet
from knowledge.replications.api import ReplicationViewSet
from knowledge.visits.api import StudyVisitViewSet
from regencies.api import CohortViewSet, ProvinceViewSet, RegencyViewSet
from spbe.api import (
    EvaluationViewSet,
    FrameworkViewSet,
    NationalIndexViewSet,
    RankingViewSet,
    RegencySpbeViewSet,
)

router = DefaultRouter()
router.register("provinces", ProvinceViewSet, basename="province")
router.register("regencies", RegencyViewSet, basename="regency")
router.register("cohorts", CohortViewSet, basename="cohort")
# A regency's SPBE history lives with spbe: regencies does not import spbe.
router.register(r"regencies/(?P<code>\d{2}\.\d{2})/spbe", RegencySpbeViewSet, basename="regency-spbe")
router.register("spbe/frameworks", FrameworkViewSet, basename="spbe-framework")
router.register("spbe/evaluations", EvaluationViewSet, basename="spbe-evaluation")
router.register("spbe/rankings", RankingViewSet, basename="spbe-ranking")
router.register("spbe/national", NationalIndexViewSet, basename="spbe-national")
router.register("practices", PracticeViewSet, basename="practice")
router.register(
    r"practices/(?P<practice_slug>[-a-zA-Z0-9_]+)/comments", CommentViewSet, basename="practice-comment"
)
router.register("replications", ReplicationViewSet, basename="replication")
router.register("study-visits", StudyVisitViewSet, basename="study-visit")
router.register(
    r"regencies/(?P<code>\d{2}\.\d{2})/recommendations",
    RecommendationViewSet,
    basename="regency-recommendations",
)
