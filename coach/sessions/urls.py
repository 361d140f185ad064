from django.urls import path

from coach.sessions import api, timer, views

urlpatterns = [
    path("sessions/", views.session_list_page, name="session-list"),
    path("sessions/new/", views.session_new, name="session-new"),
    path("sessions/<int:session_id>/", views.session_detail, name="session-detail"),
    path("sessions/<int:session_id>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<int:session_id>/delete/", views.session_delete_page, name="session-delete"),
    path("sessions/<int:session_id>/retry/", views.session_retry_analysis, name="session-retry-analysis"),
    path("help/focus-score/", views.focus_score_help, name="focus-score-help"),
    path("timer/", views.timer_page, name="timer"),
    path("timer/pomodoro/", views.timer_pomodoro_settings, name="timer-pomodoro"),
    path("timer/indicator/", views.timer_indicator_state, name="timer-indicator"),
    path("timer/<slug:action>/", views.timer_action, name="timer-action"),
]

api_urlpatterns = [
    path("sessions/", api.SessionListApi.as_view(), name="api-sessions"),
    path("sessions/<int:session_id>/", api.SessionDetailApi.as_view(), name="api-session"),
    path(
        "sessions/<int:session_id>/retry-analysis/",
        api.SessionRetryAnalysisApi.as_view(),
        name="api-session-retry-analysis",
    ),
    path("timer/", api.TimerApi.as_view(), name="api-timer"),
    path("timer/start/", api.TimerStartApi.as_view(), name="api-timer-start"),
    path("timer/pause/", api.TimerStepApi.as_view(step=timer.timer_pause), name="api-timer-pause"),
    path("timer/resume/", api.TimerStepApi.as_view(step=timer.timer_resume), name="api-timer-resume"),
    path(
        "timer/interruption/",
        api.TimerStepApi.as_view(step=timer.timer_interrupt),
        name="api-timer-interruption",
    ),
    path("timer/next/", api.TimerStepApi.as_view(step=timer.timer_next_period), name="api-timer-next"),
    path("timer/stop/", api.TimerStepApi.as_view(step=timer.timer_stop), name="api-timer-stop"),
    path("timer/save/", api.TimerSaveApi.as_view(), name="api-timer-save"),
]
