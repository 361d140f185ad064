"""The site's pages, gathered from each capability's own `urls.py`."""

from coach.accounts import urls as accounts
from coach.coaching import urls as coaching
from coach.dashboard import urls as dashboard
from coach.portability import urls as portability
from coach.sessions import urls as sessions

urlpatterns = [
    *dashboard.urlpatterns,
    *accounts.urlpatterns,
    *sessions.urlpatterns,
    *coaching.urlpatterns,
    *portability.urlpatterns,
]
