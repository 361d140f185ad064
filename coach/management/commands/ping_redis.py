import redis
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Exit 0 if the Redis at REDIS_URL answers, 1 otherwise (used by scripts/serve)."

    def handle(self, *args, **options):
        if not settings.REDIS_URL:
            raise CommandError("REDIS_URL is empty.")
        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
        except redis.RedisError as error:
            raise CommandError(f"Redis at {settings.REDIS_URL} did not answer: {error}") from None
