from django.urls import path, register_converter

from . import views


class RegencyCodeConverter:
    regex = r"\d{2}\.\d{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(RegencyCodeConverter, "regency")

app_name = "regencies"
urlpatterns = [
    path("", views.regency_list, name="list"),
    path("<regency:code>/", views.regency_detail, name="detail"),
    path("<regency:code>/edit/", views.regency_edit, name="edit"),
    path("<regency:code>/staff/", views.staff_list, name="staff"),
    path("<regency:code>/staff/<int:pk>/role/", views.staff_role, name="staff-role"),
    path("<regency:code>/staff/<int:pk>/remove/", views.staff_remove, name="staff-remove"),
]
