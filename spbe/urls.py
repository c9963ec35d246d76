from .views import imports, pages, self_assessment

app_name = "spbe"
# Each views module lists its own routes: public pages, imports/exports, the self-assessment workflow.
urlpatterns = pages.urlpatterns + imports.urlpatterns + self_assessment.urlpatterns
