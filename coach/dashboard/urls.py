from django.urls import path

from coach.dashboard import api, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
]

api_urlpatterns = [
    path("dashboard/", api.DashboardApi.as_view(), name="api-dashboard"),
]
