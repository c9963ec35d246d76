from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/read/", views.mark_read, name="read"),
    path("read-all/", views.mark_all_read, name="read-all"),
    path("follow/practice/<slug:slug>/", views.follow_practice, name="follow-practice"),
    path("follow/regency/<str:code>/", views.follow_regency, name="follow-regency"),
]
