from django.urls import path

from coach.corrections import api, views

urlpatterns = [
    path("sessions/<int:session_id>/correction/", views.session_correction, name="session-correction"),
    path(
        "sessions/<int:session_id>/correction/delete/",
        views.session_correction_delete,
        name="session-correction-delete",
    ),
    path("classifier/", views.classifier_agreement_page, name="classifier-agreement"),
]

api_urlpatterns = [
    path("sessions/<int:session_id>/correction/", api.CorrectionApi.as_view(), name="api-session-correction"),
]
