from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivingLabConfig(AppConfig):
    name = "livinglab"
    verbose_name = _("Living Lab")
