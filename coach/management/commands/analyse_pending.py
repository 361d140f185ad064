from django.core.management.base import BaseCommand
from django.utils import timezone

from coach.sessions.analysis import requeue_stale


class Command(BaseCommand):
    help = (
        "Queue every session still waiting for its analysis. Without Redis (tasks run in-process) "
        "this analyses them right away; scripts/serve runs it at start-up in that mode."
    )

    def handle(self, *args, **options):
        queued = requeue_stale(queued_before=timezone.now())
        self.stdout.write(f"Queued {queued} sessions for analysis.")
