from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import views
from .api_router import router
from .login import login_brake
from .metrics import metrics_view

admin.site.site_header = _("Living Lab")
admin.site.site_title = _("Living Lab")
admin.site.index_title = _("Portal administration")
admin.site.login = login_brake(admin.site.login)

handler404 = "livinglab.views.not_found"
handler500 = "livinglab.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("metrics", metrics_view, name="metrics"),
    path("regencies/", include("regencies.urls")),
    path("spbe/", include("spbe.urls")),
    path("accounts/login/", login_brake(auth_views.LoginView.as_view()), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/token/rotate/", views.token_rotate, name="token-rotate"),
    path("accounts/my-data/", views.my_data, name="my-data"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((router.urls, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        # GET only: the Swagger page has no template for an OPTIONS answer.
        SpectacularSwaggerView.as_view(url_name="schema", http_method_names=["get", "head"]),
        name="api-docs",
    ),
]
