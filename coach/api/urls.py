from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

from coach import timer as timers
from coach.api import views

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("sessions/", views.SessionListApi.as_view(), name="api-sessions"),
    path("sessions/<int:session_id>/", views.SessionDetailApi.as_view(), name="api-session"),
    path(
        "sessions/<int:session_id>/retry-analysis/",
        views.SessionRetryAnalysisApi.as_view(),
        name="api-session-retry-analysis",
    ),
    path("timer/", views.TimerApi.as_view(), name="api-timer"),
    path("timer/start/", views.TimerStartApi.as_view(), name="api-timer-start"),
    path("timer/pause/", views.TimerStepApi.as_view(step=timers.timer_pause), name="api-timer-pause"),
    path("timer/resume/", views.TimerStepApi.as_view(step=timers.timer_resume), name="api-timer-resume"),
    path(
        "timer/interruption/",
        views.TimerStepApi.as_view(step=timers.timer_interrupt),
        name="api-timer-interruption",
    ),
    path("timer/stop/", views.TimerStepApi.as_view(step=timers.timer_stop), name="api-timer-stop"),
    path("timer/save/", views.TimerSaveApi.as_view(), name="api-timer-save"),
    path("dashboard/", views.DashboardApi.as_view(), name="api-dashboard"),
    path("profile/", views.ProfileApi.as_view(), name="api-profile"),
    path("checkins/", views.CheckInListApi.as_view(), name="api-checkins"),
    path("checkins/<int:checkin_id>/", views.CheckInDetailApi.as_view(), name="api-checkin"),
    path("coach/", views.CoachApi.as_view(), name="api-coach"),
    path("coach/recommendations/", views.RecommendationListApi.as_view(), name="api-recommendations"),
    path("coach/feedback/", views.FeedbackApi.as_view(), name="api-coach-feedback"),
]
