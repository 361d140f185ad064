"""Score every stored analysis again under the rule of docs/focus-score.md: no score
without a journal reading or a self-rating, no points for a missed goal, and each part's
quantity kept in the breakdown. Only the score and its breakdown change; the classifier's
output (themes, labels, text focus, attention) is kept as it was."""

from django.db import migrations


def rescore(apps, schema_editor):
    from coach.sessions.scoring import focus_score

    SessionAnalysis = apps.get_model("coach", "SessionAnalysis")
    for analysis in SessionAnalysis.objects.select_related("session").iterator(chunk_size=500):
        session = analysis.session
        focused_seconds = (session.ended_at - session.started_at).total_seconds() - session.paused_seconds
        breakdown = focus_score(
            text_focus=analysis.text_focus,
            self_rating=session.self_rating,
            interruptions=session.interruptions,
            focused_minutes=max(0.0, focused_seconds / 60),
            planned_minutes=session.planned_minutes,
            goal_set=bool(session.goal),
            goal_achieved=session.goal_achieved,
        )
        analysis.focus_score = breakdown.score
        analysis.score_breakdown = breakdown.as_dict()
        analysis.save(update_fields=["focus_score", "score_breakdown"])


class Migration(migrations.Migration):
    dependencies = [("coach", "0005_analysis_score_may_be_missing")]

    operations = [migrations.RunPython(rescore, migrations.RunPython.noop, elidable=True)]
