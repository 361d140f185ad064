from django.urls import path

from coach import coach_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("sessions/", views.session_list_page, name="session-list"),
    path("sessions/new/", views.session_new, name="session-new"),
    path("sessions/<int:session_id>/", views.session_detail, name="session-detail"),
    path("sessions/<int:session_id>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<int:session_id>/delete/", views.session_delete_page, name="session-delete"),
    path("sessions/<int:session_id>/retry/", views.session_retry_analysis, name="session-retry-analysis"),
    path("timer/", views.timer_page, name="timer"),
    path("timer/<slug:action>/", views.timer_action, name="timer-action"),
    path("settings/", views.settings_page, name="settings"),
    path("language/", views.switch_language, name="switch-language"),
    path("coach/", coach_views.coach_page, name="coach"),
    path("coach/panel/", coach_views.coach_panel_fragment, name="coach-panel"),
    path("coach/feedback/", coach_views.coach_feedback, name="coach-feedback"),
    path("coach/digests/", coach_views.digest_list_page, name="digest-list"),
    path("coach/digests/email/", coach_views.digest_email_setting, name="digest-email"),
    path("coach/digests/<int:digest_id>/", coach_views.digest_detail, name="digest-detail"),
    path("checkin/", coach_views.checkin_page, name="checkin"),
]
