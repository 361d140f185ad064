"""The REST API at /api/v1/, gathered from each capability's `api_urlpatterns`."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

from coach.accounts import urls as accounts
from coach.coaching import urls as coaching
from coach.dashboard import urls as dashboard
from coach.sessions import urls as sessions

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    *sessions.api_urlpatterns,
    *dashboard.api_urlpatterns,
    *accounts.api_urlpatterns,
    *coaching.api_urlpatterns,
]
