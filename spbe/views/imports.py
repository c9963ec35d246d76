"""SPBE imports views."""

urlpatterns = []
