from django.urls import path

from coach.portability import api, views

urlpatterns = [
    path("settings/data/", views.data_page, name="data"),
    path("settings/data/export/", views.data_export, name="data-export"),
    path("settings/data/import/", views.data_import, name="data-import"),
    path("settings/data/import/<str:token>/", views.data_import_preview, name="data-import-preview"),
]

api_urlpatterns = [
    path("export/", api.ExportApi.as_view(), name="api-export"),
    path("import/", api.ImportUploadApi.as_view(), name="api-import"),
    path("import/preview/", api.ImportPreviewApi.as_view(), name="api-import-preview"),
    path("import/confirm/", api.ImportConfirmApi.as_view(), name="api-import-confirm"),
    path("import/progress/", api.ImportProgressApi.as_view(), name="api-import-progress"),
]
