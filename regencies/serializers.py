from rest_framework import serializers

from .models import Cohort, Province, Regency


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name"]


class CohortSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Cohort
        fields = ["slug", "name"]


class RegencySerializer(serializers.ModelSerializer):
    province = ProvinceSerializer(read_only=True)
    cohorts = CohortSummarySerializer(many=True, read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:regency-detail", lookup_field="code")

    class Meta:
        model = Regency
        fields = ["code", "name", "kind", "province", "cohorts", "website", "description", "url"]
        read_only_fields = ["code", "name", "kind"]


class RegencyMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Regency
        fields = ["code", "name", "kind", "province_id"]


class CohortSerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Cohort
        fields = ["slug", "name", "description", "started_on", "source_url", "member_count"]


class CohortDetailSerializer(CohortSerializer):
    members = RegencyMemberSerializer(many=True, read_only=True)

    class Meta(CohortSerializer.Meta):
        fields = CohortSerializer.Meta.fields + ["members"]
