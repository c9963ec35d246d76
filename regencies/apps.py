from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegenciesConfig(AppConfig):
    name = "regencies"
    verbose_name = _("Regions and staff")

    def ready(self):
        # After every app's migrations, so the permissions of spbe and knowledge exist too.
        post_migrate.connect(ensure_national_admin_group, dispatch_uid="ensure_national_admin_group")
        from livinglab import personal_data

        from .personal_data import PROVIDER

        personal_data.register(PROVIDER)

        from livinglab import audit

        from .models import Membership

        audit.register(
            Membership, fields=["user", "regency", "role"], related=["user", "regency"], person="user_id"
        )


# What the ministry admins manage in the Django admin.
NATIONAL_ADMIN_APPS = ["regencies", "spbe", "knowledge"]
NATIONAL_ADMIN_MODELS = [("auth", "user"), ("livinglab", "failedtask")]


def ensure_national_admin_group(using="default", **kwargs):
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    from .permissions import ASSESSOR_GROUP, NATIONAL_ADMIN_GROUP

    Group.objects.using(using).get_or_create(name=ASSESSOR_GROUP)
    group, _created = Group.objects.using(using).get_or_create(name=NATIONAL_ADMIN_GROUP)
    wanted = Q(content_type__app_label__in=NATIONAL_ADMIN_APPS)
    for app_label, model in NATIONAL_ADMIN_MODELS:
        wanted |= Q(content_type__app_label=app_label, content_type__model=model)
    group.permissions.add(*Permission.objects.using(using).filter(wanted))
    # API tokens are secrets that only their owner sees (profile page): never the group's to read.
    group.permissions.remove(*Permission.objects.using(using).filter(content_type__app_label="authtoken"))
