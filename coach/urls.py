from django.urls import path

from coach import views

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
]
