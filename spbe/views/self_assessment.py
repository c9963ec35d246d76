"""SPBE self_assessment views."""

urlpatterns = []
