from django.urls import path

from coach.reminders import api, views

urlpatterns = [
    path("settings/reminders/", views.reminders_page, name="reminders"),
    path("reminders/off/<str:token>/", views.reminder_off, name="reminder-off"),
]

api_urlpatterns = [
    path("push-subscriptions/", api.PushSubscriptionApi.as_view(), name="api-push-subscriptions"),
]
