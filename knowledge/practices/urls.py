from django.urls import path

from . import publiccode_views, views

app_name = "practices"
urlpatterns = [
    path("", views.practice_list, name="list"),
    path("new/", views.practice_new, name="new"),
    path("new/publiccode/", publiccode_views.publiccode_import_new, name="publiccode-import-new"),
    path("<slug:slug>/", views.practice_detail, name="detail"),
    path("<slug:slug>/edit/", views.practice_edit, name="edit"),
    path("<slug:slug>/publish/", views.practice_publish, name="publish"),
    path("<slug:slug>/archive/", views.practice_archive, name="archive"),
    path("<slug:slug>/history/", views.practice_history, name="history"),
    path("<slug:slug>/lineage/", views.practice_lineage, name="lineage"),
    path("<slug:slug>/documents/new/", views.document_new, name="document-new"),
    path("<slug:slug>/documents/<int:pk>/", views.document_download, name="document"),
    path("<slug:slug>/documents/<int:pk>/delete/", views.document_delete, name="document-delete"),
    path("<slug:slug>/publiccode.yml", publiccode_views.publiccode_download, name="publiccode"),
    path("<slug:slug>/publiccode/", publiccode_views.publiccode_import, name="publiccode-import"),
]
