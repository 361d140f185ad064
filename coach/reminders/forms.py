from django import forms

from coach.models import Reminder


class ReminderForm(forms.ModelForm):
    class Meta:
        model = Reminder
        fields = ("enabled", "local_time", "by_email", "by_push")
        widgets = {"local_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
