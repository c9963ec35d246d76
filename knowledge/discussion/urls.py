from django.urls import path

from . import views

app_name = "discussion"
urlpatterns = [
    path("", views.discussion, name="list"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/hide/", views.hide, name="hide"),
    path("<int:pk>/unhide/", views.unhide, name="unhide"),
    path("<int:pk>/edit/", views.edit, name="edit"),
]
