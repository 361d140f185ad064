"""What follows a change of credentials, wherever it happens (the password change and reset
pages, the admin, `manage.py changepassword`): every API token of the user is revoked and
the sockets of sessions it ends are closed. Logging out closes that session's sockets.
Deleting a user, however it is done, removes the rows that name them without a foreign key
and closes their sockets (coach/accounts/deletion.py)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver

from coach.accounts.deletion import user_traces_delete
from coach.accounts.tokens import tokens_revoke_all
from coach.realtime import events

User = get_user_model()


@receiver(pre_save, sender=User, dispatch_uid="coach-remember-password")
def remember_password(sender, instance, update_fields=None, **kwargs):
    if instance.pk and (update_fields is None or "password" in update_fields):
        instance._password_before = (
            User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
        )


@receiver(post_save, sender=User, dispatch_uid="coach-revoke-on-password-change")
def revoke_on_password_change(sender, instance, created, **kwargs):
    before = getattr(instance, "_password_before", None)
    instance._password_before = None
    if not created and before is not None and before != instance.password:
        tokens_revoke_all(user=instance)
        events.close_sockets(user_id=instance.id)


@receiver(user_logged_out, dispatch_uid="coach-close-sockets-at-logout")
def close_sockets_at_logout(sender, request, user, **kwargs):
    if user is not None and request is not None and request.session.session_key:
        events.close_sockets(user_id=user.id, session_key=request.session.session_key)


@receiver(pre_delete, sender=User, dispatch_uid="coach-delete-user-traces")
def delete_user_traces(sender, instance, **kwargs):
    user_traces_delete(instance)
