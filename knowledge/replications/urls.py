from django.urls import include, path

from . import views

app_name = "replications"
urlpatterns = [
    path("", views.replication_list, name="list"),
    path("", include("knowledge.network.urls")),
    path("request/<slug:slug>/", views.replication_request, name="request"),
    path("<int:pk>/", views.replication_detail, name="detail"),
    path("<int:pk>/steps/", views.replication_step, name="step"),
    path("<int:pk>/version/", views.replication_version, name="version"),
    path("<int:pk>/steps/<int:step_pk>/documents/new/", views.step_document_new, name="step-document-new"),
    path(
        "<int:pk>/steps/<int:step_pk>/documents/<int:document_pk>/",
        views.step_document_download,
        name="step-document",
    ),
]
