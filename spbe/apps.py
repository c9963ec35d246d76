from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpbeConfig(AppConfig):
    name = "spbe"
    verbose_name = _("SPBE evaluation")

    def ready(self):
        from django.urls import register_converter

        from .converters import FourDigitYear

        # Registered before any URLconf is read: `<year:year>` in every route with a year.
        register_converter(FourDigitYear, "year")

        from livinglab import personal_data

        from .personal_data import PROVIDER

        personal_data.register(PROVIDER)
