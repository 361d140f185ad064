from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachConfig(AppConfig):
    name = "coach"
    verbose_name = _("Focus coach")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coach.accounts import signals  # noqa: F401 - connects the credential signals

        # Every process registers the Celery tasks, so coach.queue can send them by name and,
        # with no broker configured, run them in-process.
        from coach.accounts import tasks as accounts_tasks  # noqa: F401
        from coach.coaching import tasks as coaching_tasks  # noqa: F401
        from coach.corrections import tasks as corrections_tasks  # noqa: F401
        from coach.portability import tasks as portability_tasks  # noqa: F401
        from coach.reminders import tasks as reminders_tasks  # noqa: F401
        from coach.sessions import tasks as sessions_tasks  # noqa: F401
