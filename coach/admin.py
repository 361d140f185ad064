from django.contrib import admin

from coach.models import Profile, StudySession, Timer


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "language", "time_zone", "weekly_goal_hours", "daily_goal_sessions")
    search_fields = ("user__username", "user__email")


@admin.register(StudySession)
class StudySessionAdmin(admin.ModelAdmin):
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
