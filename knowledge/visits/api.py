from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from regencies.models import Regency

from ..practices.models import Practice
from ..practices.serializers import API_PREFIX, HTML_PREFIX
from ..replications.api import ERRORS, ReadOrAuthenticated
from . import selectors, services
from .serializers import StudyVisitCreateSerializer, StudyVisitDetailSerializer, StudyVisitSerializer


def _regency(code, field):
    regency = Regency.objects.filter(code=code).first()
    if regency is None:
        raise ValidationError({field: [_("No pemda has this code.")]})
    return regency


def _practices(slugs, field):
    found = {p.slug: p for p in Practice.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise ValidationError({field: [_("No practice has the slug “%(slug)s”.") % {"slug": missing[0]}]})
    return [found[slug] for slug in dict.fromkeys(slugs)]


@extend_schema_view(
    list=extend_schema(responses={200: StudyVisitSerializer(many=True)}),
    retrieve=extend_schema(responses={200: StudyVisitDetailSerializer, 404: ERRORS[404]}),
)
class StudyVisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Study visits between pemda: anyone reads them; staff of the visiting or the host pemda and
    national admins record one."""

    permission_classes = [ReadOrAuthenticated]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.visit_list()

    def get_serializer_class(self):
        return StudyVisitSerializer if self.action == "list" else StudyVisitDetailSerializer

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            API_PREFIX: self.request.build_absolute_uri(reverse("api:study-visit-list")),
            HTML_PREFIX: self.request.build_absolute_uri(reverse("visits:list")),
        }

    def retrieve(self, request, *args, **kwargs):
        visit = selectors.visit_detail(kwargs["pk"])
        return Response(StudyVisitDetailSerializer(visit, context=self.get_serializer_context()).data)

    @extend_schema(request=StudyVisitCreateSerializer, responses={201: StudyVisitDetailSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        data = StudyVisitCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            visit = services.visit_record(
                by_user=request.user,
                visitor=_regency(values["visitor"], "visitor"),
                host=_regency(values["host"], "host"),
                visited_on=values["visited_on"],
                participants=values["participants"],
                practices=_practices(values["practices"], "practices"),
                commitments=_practices(values["commitments"], "commitments"),
                notes=values["notes"],
            )
        except services.NotYourVisit as error:
            raise PermissionDenied(str(error)) from None
        except services.VisitError as error:
            raise ValidationError({error.field: [str(error)]}) from None
        visit = selectors.visit_detail(visit.pk)
        body = StudyVisitDetailSerializer(visit, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)
