from django.contrib import admin
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext

from coach.models import (
    ApiToken,
    CheckIn,
    PendingEmail,
    PersonalCalibration,
    Profile,
    Recommendation,
    SessionAnalysis,
    SessionCorrection,
    StudySession,
    Timer,
    TipFeedback,
    WeeklyDigest,
)


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "language", "time_zone", "weekly_goal_hours", "daily_goal_sessions")
    search_fields = ("user__username", "user__email")


class SessionAnalysisInline(admin.StackedInline):
    model = SessionAnalysis
    can_delete = False
    readonly_fields = (
        "revision",
        "focus_score",
        "labels",
        "model_labels",
        "text_focus",
        "themes",
        "score_breakdown",
        "model_version",
        "analysed_at",
        "duration_ms",
    )
    exclude = ("attention",)


class SessionCorrectionInline(admin.StackedInline):
    """The user's own correction: shown, never edited here, because it is their word."""

    model = SessionCorrection
    can_delete = False
    readonly_fields = (
        "revision",
        "labels",
        "text_focus",
        "model_labels",
        "model_text_focus",
        "model_version",
        "created_at",
        "updated_at",
    )
    exclude = ("model_themes", "journal_digest")


@admin.register(StudySession)
class StudySessionAdmin(admin.ModelAdmin):
    inlines = [SessionAnalysisInline, SessionCorrectionInline]
    list_display = (
        "subject",
        "user",
        "started_at",
        "ended_at",
        "interruptions",
        "self_rating",
        "analysis_status",
    )
    list_filter = ("analysis_status", "started_at")
    search_fields = ("subject", "user__username", "journal")
    date_hierarchy = "started_at"
    raw_id_fields = ("user",)


@admin.register(Timer)
class TimerAdmin(admin.ModelAdmin):
    list_display = ("user", "subject", "started_at", "state")
    raw_id_fields = ("user",)


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ("user", "day", "hours_slept", "meditation_minutes", "exercise_minutes", "mood")
    list_filter = ("day",)
    search_fields = ("user__username",)
    raw_id_fields = ("user",)


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("user", "rank", "tip", "family", "score", "computed_at")
    search_fields = ("user__username", "tip")
    raw_id_fields = ("user",)


@admin.register(TipFeedback)
class TipFeedbackAdmin(admin.ModelAdmin):
    list_display = ("user", "tip", "verdict", "updated_at")
    list_filter = ("verdict",)
    raw_id_fields = ("user",)


@admin.register(WeeklyDigest)
class WeeklyDigestAdmin(admin.ModelAdmin):
    list_display = ("user", "week_start", "sessions", "focus_minutes", "goal_hours", "emailed_at")
    date_hierarchy = "week_start"
    raw_id_fields = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are listed and can be revoked (deleted); nobody can read a key, which is not
    stored, and staff cannot make one for someone else."""

    list_display = ("name", "user", "token_key", "created", "last_used_at", "expiry")
    search_fields = ("name", "user__username", "token_key")
    fields = ("name", "user", "token_key", "created", "last_used_at", "expiry")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PendingEmailInline(admin.StackedInline):
    model = PendingEmail
    can_delete = True
    extra = 0
    fields = ("email", "requested_at")
    readonly_fields = fields
    verbose_name = "email address waiting for verification"

    def has_add_permission(self, request, obj=None):
        return False


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class UserAdmin(DjangoUserAdmin):
    """Django's user admin. The email field holds the verified address (one staff set here
    counts as verified); an address the user asked for waits below until they verify it.
    Deleting a user, from the page or the action, removes everything of theirs (the User's
    pre_delete signal, coach/accounts/deletion.py), and the log keeps that an account was
    deleted, not whose."""

    inlines = [PendingEmailInline]

    def log_deletions(self, request, queryset):
        # The delete page passes a list of one user, the action a queryset.
        content_type = ContentType.objects.get_for_model(get_user_model())
        return [
            LogEntry.objects.create(
                user_id=request.user.pk,
                content_type=content_type,
                object_id=None,
                object_repr=gettext("a deleted account"),
                action_flag=DELETION,
            )
            for _user in queryset
        ]


@admin.register(PersonalCalibration)
class PersonalCalibrationAdmin(admin.ModelAdmin):
    list_display = ("user", "enabled", "reason", "corrections", "fitted_at")
    readonly_fields = (
        "user",
        "enabled",
        "offsets",
        "corrections",
        "agreement",
        "reason",
        "model_version",
        "fitted_at",
    )
