"""SPBE pages views."""

urlpatterns = []
