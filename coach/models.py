import uuid
import zoneinfo
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken

from coach.durations import hours

JOURNAL_MAX_CHARS = 5000
MAX_SESSION_DURATION = timedelta(hours=16)
# Sessions are recorded after the fact: none starts before this or later than now, give or
# take a device clock that runs a few minutes fast. The bounds also keep every stored time
# far inside what the database, Python and any time zone can represent.
EARLIEST_SESSION_TIME = datetime(1970, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(minutes=5)


# The IANA zones a person lives in ("Asia/Shanghai"), and UTC: not the database's
# bookkeeping entries ("Factory", "localtime", "posixrules"), fixed offsets or old aliases.
LIVING_TIME_ZONES = frozenset(
    name
    for name in zoneinfo.available_timezones()
    if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))
) | {"UTC"}


def validate_time_zone(value: str) -> None:
    if value not in LIVING_TIME_ZONES:
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class Profile(models.Model):
    LANGUAGE_CHOICES = settings.LANGUAGES

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES, default="en")
    weekly_goal_hours = models.PositiveSmallIntegerField(
        _("focused hours per week"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    daily_goal_sessions = models.PositiveSmallIntegerField(
        _("sessions per day"), default=2, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    weekly_digest_email = models.BooleanField(_("email me the weekly digest"), default=False)
    pomodoro_work_minutes = models.PositiveSmallIntegerField(
        _("Pomodoro work period, minutes"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    pomodoro_short_break_minutes = models.PositiveSmallIntegerField(
        _("short break, minutes"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    pomodoro_long_break_minutes = models.PositiveSmallIntegerField(
        _("long break, minutes"), default=15, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    pomodoro_long_break_every = models.PositiveSmallIntegerField(
        _("a long break after every … work periods"),
        default=4,
        validators=[MinValueValidator(2), MaxValueValidator(12)],
    )
    share_corrections = models.BooleanField(
        _("let my corrections improve the shared model"),
        default=False,
        help_text=_(
            "When on, the journals you corrected and your corrections may be exported to train "
            "the next version of the classifier everyone uses."
        ),
    )
    # The version of the user's data as their open pages see it: raised by one, in the
    # transaction of the change, for every event sent to those pages (realtime/sequence.py).
    data_version = models.BigIntegerField(default=0, editable=False)

    def __str__(self) -> str:
        return f"{self.user} ({self.language}, {self.time_zone})"


def check_session_times(started_at, ended_at, *, now: datetime | None = None) -> None:
    """Raise a ValidationError naming each bad field unless both times lie between 1970 and
    now (with a few minutes of clock skew) and the session lasts more than 0 and at most 16
    hours."""
    latest = (now or timezone.now()) + CLOCK_SKEW
    errors = {}
    for name, value in (("started_at", started_at), ("ended_at", ended_at)):
        if value is None:
            continue
        if value < EARLIEST_SESSION_TIME:
            errors[name] = _("Must be in 1970 or later.")
        elif value > latest:
            errors[name] = _("Cannot be in the future: record a session once it has happened.")
    if errors:
        raise ValidationError(errors)
    if started_at is None or ended_at is None:
        return
    if ended_at <= started_at:
        raise ValidationError({"ended_at": _("The end must be after the start.")})
    if ended_at - started_at > MAX_SESSION_DURATION:
        raise ValidationError({"ended_at": _("A session can last at most 16 hours.")})


def check_interruptions_within(interruption_times: list, started_at, ended_at) -> None:
    """Raise a ValidationError naming the start or the end when an interruption the timer
    recorded would fall outside the session's times."""
    if not interruption_times or started_at is None or ended_at is None:
        return
    times = sorted(datetime.fromisoformat(value) for value in interruption_times)
    if times[0] < started_at:
        raise ValidationError(
            {
                "started_at": _(
                    "The timer recorded an interruption at %(time)s, before this start. "
                    "Start at or before it."
                )
                % {"time": timezone.localtime(times[0]).strftime("%H:%M:%S")}
            }
        )
    if times[-1] > ended_at:
        raise ValidationError(
            {
                "ended_at": _(
                    "The timer recorded an interruption at %(time)s, after this end. End at or after it."
                )
                % {"time": timezone.localtime(times[-1]).strftime("%H:%M:%S")}
            }
        )


class StudySession(models.Model):
    class AnalysisStatus(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Analysing")
        DONE = "done", _("Analysed")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_sessions"
    )
    # The session's identity across instances: exported, and matched on import, so importing
    # the same file twice adds nothing the second time.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    subject = models.CharField(_("subject or task"), max_length=120)
    started_at = models.DateTimeField(_("start"))
    ended_at = models.DateTimeField(_("end"))
    paused_seconds = models.PositiveIntegerField(_("paused seconds"), default=0)
    planned_minutes = models.PositiveSmallIntegerField(
        _("planned minutes"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(960)]
    )
    interruptions = models.PositiveSmallIntegerField(
        _("interruptions"), default=0, validators=[MaxValueValidator(1000)]
    )
    interruption_times = models.JSONField(_("interruption times"), default=list, blank=True)
    # The timer's periods, when a Pomodoro timer recorded the session: [{kind, started_at,
    # ended_at, paused_seconds}]. Break time is part of `paused_seconds`, so it never
    # counts as focused time.
    timer_periods = models.JSONField(_("timer periods"), default=list, blank=True)
    self_rating = models.PositiveSmallIntegerField(
        _("self-rated focus"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    goal = models.CharField(_("what I intend to finish"), max_length=300, blank=True)
    goal_achieved = models.BooleanField(_("goal achieved"), null=True, blank=True)
    journal = models.TextField(_("journal"), max_length=JOURNAL_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Bumped by every edit; an analysis is written only for the revision it read, so an
    # older run never overwrites the result of a newer edit.
    revision = models.PositiveIntegerField(default=1)
    analysis_status = models.CharField(
        _("analysis"), max_length=10, choices=AnalysisStatus.choices, default=AnalysisStatus.PENDING
    )
    analysis_error = models.CharField(max_length=500, blank=True)
    analysis_queued_at = models.DateTimeField(null=True, blank=True)
    analysis_claimed_at = models.DateTimeField(null=True, blank=True)
    # The Celery task id holding the claim: the same task redelivered after its worker died
    # takes its own claim over at once instead of waiting out the lease.
    analysis_claimed_by = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-started_at"]),
            # Only the sessions still waiting for an analysis (or failed), a handful among
            # thousands: the pending-analysis sweep, the queue choice per user and the
            # dashboard's "waiting" list read this instead of a user's whole history or the
            # whole table (PostgreSQL; docs/architecture.md, "Indexes").
            models.Index(
                fields=["user", "-started_at"],
                condition=~models.Q(analysis_status="done"),
                name="session_not_done_idx",
            ),
            # The latest edit of a user's sessions, for the dashboard cache's data version
            # (coach/dashboard/payload_cache.py), without reading their history.
            models.Index(fields=["user", "-updated_at"], name="session_user_edited_idx"),
            # The sweep reads only unfinished sessions: a few rows, whatever the history.
            models.Index(
                fields=["analysis_status", "analysis_queued_at"],
                condition=models.Q(analysis_status__in=["pending", "running"]),
                name="analysis_unfinished",
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["user", "uid"], name="one_session_per_uid_per_user")]

    def __str__(self) -> str:
        return f"{self.subject} ({self.started_at:%Y-%m-%d %H:%M})"

    def clean(self) -> None:
        check_session_times(self.started_at, self.ended_at)
        check_interruptions_within(self.interruption_times, self.started_at, self.ended_at)
        if self.started_at and self.ended_at and self.paused_seconds >= self.duration.total_seconds() > 0:
            raise ValidationError({"paused_seconds": _("Must be shorter than the session itself.")})

    @property
    def duration(self) -> timedelta:
        return self.ended_at - self.started_at

    @property
    def current_analysis(self) -> "SessionAnalysis | None":
        """The analysis of this revision; None while the latest edit waits for its analysis."""
        analysis = getattr(self, "analysis", None)
        return analysis if analysis is not None and analysis.revision == self.revision else None

    @property
    def focused_minutes(self) -> float:
        return max(0.0, (self.duration.total_seconds() - self.paused_seconds) / 60)


class SessionAnalysis(models.Model):
    """What the classifier and the focus score made of one revision of a session."""

    session = models.OneToOneField(StudySession, on_delete=models.CASCADE, related_name="analysis")
    revision = models.PositiveIntegerField()
    themes = models.JSONField(help_text="Every theme code to its probability.")
    labels = models.JSONField(
        help_text="Theme codes the analysis decided: the model's, through the user's calibration when on."
    )
    model_labels = models.JSONField(
        default=list,
        help_text="The model's own labels, above its thresholds, before any personal calibration.",
    )
    text_focus = models.FloatField(
        null=True, help_text="The model's focus estimate, 1 to 5; null without a journal."
    )
    attention = models.JSONField(help_text="Per theme, spans {start, end, weight} in the journal.")
    truncated = models.BooleanField(default=False)
    focus_score = models.FloatField(
        null=True,
        help_text="0 to 100; null when the session says too little to score (docs/focus-score.md).",
    )
    score_breakdown = models.JSONField()
    model_version = models.CharField(max_length=64)
    analysed_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    # How many times this revision's analysis was written: 1 unless work was done twice.
    times_stored = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = "session analyses"

    def __str__(self) -> str:
        score = "unscored" if self.focus_score is None else f"{self.focus_score:.0f}"
        return f"analysis of {self.session_id} r{self.revision}: {score}"


class SessionCorrection(models.Model):
    """What the user says the classifier got wrong (or right) about a session: the themes that
    pulled their focus and the focus the journal shows, beside what the model read then.

    A correction stays in force until the user changes or removes it, through re-analyses and
    edits of the journal (docs/corrections.md); `journal_digest` tells when it was made on an
    earlier text."""

    session = models.OneToOneField(StudySession, on_delete=models.CASCADE, related_name="correction")
    revision = models.PositiveIntegerField(help_text="The session's revision the correction was made on.")
    journal_digest = models.CharField(max_length=64, help_text="SHA-256 of the journal it was made on.")
    labels = models.JSONField(
        null=True, blank=True, help_text="The corrected theme codes; null: not corrected."
    )
    text_focus = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="The corrected focus of the text, 1 to 5; null: not corrected.",
    )
    model_labels = models.JSONField(
        default=list, help_text="The model's own labels when the correction was made."
    )
    model_themes = models.JSONField(default=dict, help_text="The model's theme probabilities then.")
    model_text_focus = models.FloatField(null=True, blank=True)
    model_version = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"correction of {self.session_id} r{self.revision}"

    @property
    def added(self) -> list[str]:
        return [t for t in self.labels if t not in self.model_labels] if self.labels is not None else []

    @property
    def removed(self) -> list[str]:
        return [t for t in self.model_labels if t not in self.labels] if self.labels is not None else []


class PersonalCalibration(models.Model):
    """A user's per-theme threshold offsets over the model's probabilities, fitted on their own
    label corrections, and how it did on them held out (coach/corrections/calibration.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calibration"
    )
    enabled = models.BooleanField(default=False)
    offsets = models.JSONField(
        default=dict, help_text="Theme code to threshold offset, for the themes it changes."
    )
    corrections = models.PositiveIntegerField(default=0, help_text="Label corrections it was fitted on.")
    agreement = models.JSONField(
        default=dict, help_text="Per theme: {sessions, model, calibrated}, counts of held-out agreement."
    )
    reason = models.CharField(max_length=20, help_text="too_few, no_gain or enabled.")
    model_version = models.CharField(max_length=64, blank=True)
    fitted_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"calibration of {self.user_id}: {self.reason}"


class SessionLabel(models.Model):
    """One theme of a session as the app counts it: the user's corrected set when they
    corrected the labels, the analysis's otherwise. A row per label, so the dashboard and the
    coach count themes per week with a GROUP BY instead of reading JSON."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="theme_labels")
    theme = models.CharField(max_length=20)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "theme"], name="one_label_per_theme")]
        indexes = [models.Index(fields=["theme", "session"])]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.theme}"


class Timer(models.Model):
    """The one running (or stopped, not yet saved) live session of a user, kept on the server."""

    class Mode(models.TextChoices):
        FREE = "free", _("Free: count up")
        COUNTDOWN = "countdown", _("Countdown to the planned length")
        POMODORO = "pomodoro", _("Pomodoro: work periods and breaks")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="timer")
    subject = models.CharField(_("subject or task"), max_length=120)
    goal = models.CharField(_("what I intend to finish"), max_length=300, blank=True)
    planned_minutes = models.PositiveSmallIntegerField(
        _("planned minutes"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(960)]
    )
    started_at = models.DateTimeField(default=timezone.now)
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0)
    interruption_times = models.JSONField(default=list, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.FREE)
    # A Pomodoro timer's periods, oldest first: [{kind, started_at, ended_at, paused_seconds}];
    # the last one is the current period. Empty in the other modes.
    periods = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.subject} ({self.state})"

    @property
    def state(self) -> str:
        if self.stopped_at:
            return "stopped"
        return "paused" if self.paused_at else "running"

    def _clock_end(self, now=None):
        return self.stopped_at or self.paused_at or now or timezone.now()

    def elapsed_seconds(self, now=None) -> int:
        """Seconds of focused time so far: wall time since the start minus the pauses and
        the Pomodoro breaks."""
        wall = int((self._clock_end(now) - self.started_at).total_seconds())
        return max(0, wall - self.paused_seconds - self.break_seconds(now))

    @property
    def current_period(self) -> dict | None:
        return self.periods[-1] if self.periods else None

    def period_seconds(self, period: dict, now=None) -> int:
        """Seconds of a period's own time, its pauses left out."""
        started = datetime.fromisoformat(period["started_at"])
        ended = datetime.fromisoformat(period["ended_at"]) if period.get("ended_at") else self._clock_end(now)
        # An open pause stops the clock at `paused_at`; the closed ones are counted here.
        return max(0, int((ended - started).total_seconds()) - period.get("paused_seconds", 0))

    def break_seconds(self, now=None) -> int:
        return sum(self.period_seconds(period, now) for period in self.periods if period["kind"] != "work")


class CheckIn(models.Model):
    """One day's habits, recorded by the user: how they slept and what they did for body and mind."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins")
    day = models.DateField(_("day"))
    hours_slept = models.FloatField(
        _("hours slept last night"), validators=[MinValueValidator(0), MaxValueValidator(24)]
    )
    bedtime = models.TimeField(_("bedtime"), null=True, blank=True)
    meditation_minutes = models.PositiveSmallIntegerField(
        _("minutes of meditation"), default=0, validators=[MaxValueValidator(600)]
    )
    exercise_minutes = models.PositiveSmallIntegerField(
        _("minutes of exercise"), default=0, validators=[MaxValueValidator(600)]
    )
    caffeine_cups = models.PositiveSmallIntegerField(
        _("cups of caffeine"), default=0, validators=[MaxValueValidator(20)]
    )
    mood = models.PositiveSmallIntegerField(
        _("mood"), validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("1 low, 5 great")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_checkin_per_user_per_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"


class Recommendation(models.Model):
    """One tip chosen for a user by the last recompute, with why it was chosen.

    Rows are replaced as a whole by coach.coaching.recommendations.recommendations_recompute; `reasons` holds
    the numbers behind the choice, and pages render them in the reader's language."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recommendations"
    )
    tip = models.CharField(max_length=64)
    family = models.CharField(max_length=32)
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["rank"]
        constraints = [models.UniqueConstraint(fields=["user", "tip"], name="one_recommendation_per_tip")]

    def __str__(self) -> str:
        return f"{self.user} #{self.rank}: {self.tip}"


class CoachingState(models.Model):
    """The insights of a user's last recompute, so pages read them instead of recomputing."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching")
    insights = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"coaching of {self.user} at {self.computed_at:%Y-%m-%d %H:%M}"


class TipFeedback(models.Model):
    """The user's latest verdict on a tip; it changes how the tip ranks from then on."""

    class Verdict(models.TextChoices):
        HELPFUL = "helpful", _("Helpful")
        DONE = "done", _("Done")
        NOT_FOR_ME = "not_for_me", _("Not for me")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tip_feedback")
    tip = models.CharField(max_length=64)
    verdict = models.CharField(max_length=12, choices=Verdict.choices)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "tip"], name="one_feedback_per_tip")]

    def __str__(self) -> str:
        return f"{self.user}: {self.tip} {self.verdict}"


class WeeklyDigest(models.Model):
    """A user's week, Monday to Sunday in their time zone: what they did against their goal,
    what pulled their focus, the strongest insight and the top recommendations at the time."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    week_start = models.DateField()
    sessions = models.PositiveIntegerField()
    focus_minutes = models.FloatField()
    goal_hours = models.PositiveSmallIntegerField()
    top_themes = models.JSONField(default=list, help_text="[{code, sessions}], most frequent first.")
    insight = models.JSONField(null=True, blank=True)
    recommendations = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-week_start"]
        constraints = [models.UniqueConstraint(fields=["user", "week_start"], name="one_digest_per_week")]

    def __str__(self) -> str:
        return f"digest of {self.user} for the week of {self.week_start}"

    @property
    def week_end(self):
        return self.week_start + timedelta(days=6)

    @property
    def focus_hours(self) -> float:
        return hours(minutes=self.focus_minutes)


class ApiToken(AbstractAuthToken):
    """A named API token. Only a hash of the key is stored (django-rest-knox): the key is
    shown once, when it is made, and nobody, staff included, can read it afterwards."""

    name = models.CharField(_("name"), max_length=64)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_key}…) of {self.user_id}"


class Reminder(models.Model):
    """A daily reminder at a local time of the user's choosing, by email and/or web push."""

    class Kind(models.TextChoices):
        CHECK_IN = "check_in", _("Daily check-in")
        STUDY = "study", _("Planned study time")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    enabled = models.BooleanField(_("on"), default=False)
    local_time = models.TimeField(_("at"))
    by_email = models.BooleanField(_("by email"), default=True)
    by_push = models.BooleanField(_("as a notification on my devices"), default=True)
    # The user's local date of the last reminder sent or skipped: one per day at most.
    last_done_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_reminder_of_each_kind")]
        indexes = [models.Index(fields=["enabled", "local_time"])]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} at {self.local_time:%H:%M}"


class PushSubscription(models.Model):
    """A browser's Web Push subscription: where to send, and the keys to encrypt for it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.endpoint[:60]}"

    def info(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class PendingEmail(models.Model):
    """An address a user asked for and has not yet verified. It is kept apart from the one
    that counts (User.email, which only ever holds a verified address) until the link mailed
    to it is followed; a newer request replaces it, and with it the nonce that older links
    carry, so each link works once and only for the latest request."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_email"
    )
    email = models.EmailField(_("email address"))
    nonce = models.CharField(max_length=32)
    requested_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.email} (waiting for verification by {self.user_id})"


class LoginSession(AbstractBaseSession):
    """A signed-in session (SESSION_ENGINE coach.accounts.session_store) with the user it
    belongs to in a column of its own, so a user's sessions are found with an indexed query
    instead of decoding every row, and go with the user when the account is deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    @classmethod
    def get_session_store_class(cls):
        from django.contrib.sessions.backends.db import SessionStore

        # Decoding is the same for every database-backed store.
        return SessionStore


class IdempotencyKey(models.Model):
    """The answer to a create sent with an `Idempotency-Key` (API header or form token), kept
    so that the same request sent again returns what the first one created instead of
    creating it twice. Written in the same transaction as the object it answers for."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # A hash of the method, path and body: the same key with another request is refused.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    location = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_answer_per_idempotency_key")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key} -> {self.status_code}"
