from django.conf import settings
from django.core.management.base import BaseCommand

from coach.reminders import vapid


class Command(BaseCommand):
    help = "Create the server's Web Push (VAPID) key pair unless one exists, and print its public key."

    def handle(self, *args, **options):
        if settings.VAPID_PRIVATE_KEY:
            self.stdout.write("VAPID_PRIVATE_KEY is set; nothing to create.")
        elif vapid.generate(settings.VAPID_PRIVATE_KEY_FILE):
            self.stdout.write(f"Created {settings.VAPID_PRIVATE_KEY_FILE}.")
        vapid.private_key_pem.cache_clear()
        self.stdout.write(f"Public key: {vapid.public_key()}")
