from django.urls import path

from coach.coaching import api, views

urlpatterns = [
    path("coach/", views.coach_page, name="coach"),
    path("coach/panel/", views.coach_panel_fragment, name="coach-panel"),
    path("coach/feedback/", views.coach_feedback, name="coach-feedback"),
    path("coach/feedback/undo/", views.coach_feedback_undo, name="coach-feedback-undo"),
    path("coach/digests/", views.digest_list_page, name="digest-list"),
    path("coach/digests/email/", views.digest_email_setting, name="digest-email"),
    path("coach/digests/<int:digest_id>/", views.digest_detail, name="digest-detail"),
    path("checkin/", views.checkin_page, name="checkin"),
]

api_urlpatterns = [
    path("checkins/", api.CheckInListApi.as_view(), name="api-checkins"),
    path("checkins/<int:checkin_id>/", api.CheckInDetailApi.as_view(), name="api-checkin"),
    path("coach/", api.CoachApi.as_view(), name="api-coach"),
    path("coach/recommendations/", api.RecommendationListApi.as_view(), name="api-recommendations"),
    path("coach/feedback/", api.FeedbackApi.as_view(), name="api-coach-feedback"),
]
