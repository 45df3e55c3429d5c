"""Excel import and export of organisations and members (filled in by the import work)."""

app_name = "excel"
urlpatterns = []
