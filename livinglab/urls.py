from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from knowledge.dashboard.views import dashboard

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
    path("favicon.ico", views.favicon),
    path("metrics", metrics_view, name="metrics"),
    path("regencies/", include("regencies.urls")),
    path("spbe/", include("spbe.urls")),
    path("practices/", include("knowledge.practices.urls")),
    # Pages answer only the methods they handle (FormView would take a PUT like a POST): else 405.
    path(
        "accounts/login/",
        login_brake(auth_views.LoginView.as_view(http_method_names=["get", "head", "post"])),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/tasks/", views.tasks, name="tasks"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/token/", views.token, name="token"),
    path("accounts/token/rotate/", views.token_rotate, name="token-rotate"),
    path("practices/<slug:slug>/discussion/", include("knowledge.discussion.urls")),
    path("notifications/", include("knowledge.notifications.urls")),
    path("replications/", include("knowledge.replications.urls")),
    path("visits/", include("knowledge.visits.urls")),
    path("regencies/<regency:code>/recommendations/", include("knowledge.recommendations.urls")),
    path("dashboard/", dashboard, name="dashboard"),
    path("accounts/my-data/", views.my_data, name="my-data"),
    path("i18n/language/", views.language, name="language"),
    # The former POST switch, for links and scripts that still use it.
    path("i18n/setlang/", require_POST(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((router.urls, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        # GET only: the Swagger page has no template for an OPTIONS answer. The split view serves its
        # start-up script as a file (?script), so the page needs no inline script.
        # Swagger UI draws its icons as data: images, which cannot run script: allowed on this page only.
        csp_update({"img-src": ["data:"]})(
            SpectacularSwaggerSplitView.as_view(
                url_name="schema", template_name="livinglab/api_docs.html", http_method_names=["get", "head"]
            )
        ),
        name="api-docs",
    ),
]
