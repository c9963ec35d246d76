# Included by knowledge/replications/urls.py: the pages live under /replications/ and its namespace.
from django.urls import path

from . import views

urlpatterns = [
    path("network/", views.network, name="network"),
    path("ministry/", views.ministry, name="ministry"),
]
