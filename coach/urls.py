"""The site's pages, gathered from each capability's own `urls.py`."""

from coach.accounts import urls as accounts
from coach.coaching import urls as coaching
from coach.corrections import urls as corrections
from coach.dashboard import urls as dashboard
from coach.portability import urls as portability
from coach.reminders import urls as reminders
from coach.sessions import urls as sessions
from coach.webapp import urls as webapp

urlpatterns = [
    *dashboard.urlpatterns,
    *accounts.urlpatterns,
    *sessions.urlpatterns,
    *coaching.urlpatterns,
    *webapp.urlpatterns,
    *reminders.urlpatterns,
    *corrections.urlpatterns,
    *portability.urlpatterns,
]
