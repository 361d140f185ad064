"""The user's data version: one number per user, raised by one for every change their open
pages should learn of, and carried by every event as `seq`.

It lives in the database (`Profile.data_version`), not in Redis, so it survives a Redis
restart, and is raised right after the change it numbers commits: a page that reads the
version before the data it draws knows that every change up to that number is in what it
drew, and a gap in the numbers it receives means an event was lost.
"""

from django.db import connection

from coach.models import Profile


def bump_version(user_id: int) -> int:
    """Raise the user's version by one and return the new value, atomically: concurrent
    changes of one user wait for each other's row lock and get consecutive numbers."""
    table = Profile._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET data_version = data_version + 1 WHERE user_id = %s RETURNING data_version",
            [user_id],
        )
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    # A user made outside the sign-up page (createsuperuser, the admin) has no profile yet.
    Profile.objects.get_or_create(user_id=user_id)
    return bump_version(user_id)


def current_version(user_id: int) -> int:
    """The user's version now; 0 for a user with no change yet (or no profile)."""
    version = Profile.objects.filter(user_id=user_id).values_list("data_version", flat=True).first()
    return version or 0
