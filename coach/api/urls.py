"""The REST API at /api/v1/, gathered from each capability's `api_urlpatterns`."""

from coach.accounts import urls as accounts
from coach.coaching import urls as coaching
from coach.corrections import urls as corrections
from coach.dashboard import urls as dashboard
from coach.portability import urls as portability
from coach.reminders import urls as reminders
from coach.sessions import urls as sessions

urlpatterns = [
    *sessions.api_urlpatterns,
    *dashboard.api_urlpatterns,
    *accounts.api_urlpatterns,
    *coaching.api_urlpatterns,
    *reminders.api_urlpatterns,
    *corrections.api_urlpatterns,
    *portability.api_urlpatterns,
]
