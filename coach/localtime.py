"""Time arithmetic in SQL that runs natively on both PostgreSQL and SQLite.

Django's own time-zone conversions and duration arithmetic call a Python function per row
on SQLite, which made the coach's recompute and the dashboard's grouping several times
slower than everything else together. These expressions compile to plain SQL instead.
"""

from datetime import UTC, datetime, timedelta

from django.db.models import DateField, DateTimeField, F, FloatField, Func, IntegerField


class FocusedSeconds(Func):
    """A session's focused seconds (end minus start minus pauses), in native SQL: Django's own
    duration arithmetic calls a Python function per row on SQLite, which is slower than
    the rest of the recompute together."""

    output_field = FloatField()

    def __init__(self, **extra):
        super().__init__(F("ended_at"), F("started_at"), F("paused_seconds"), **extra)

    def _parts(self, compiler):
        compiled = [compiler.compile(expression) for expression in self.get_source_expressions()]
        return [sql for sql, _params in compiled], [param for _sql, params in compiled for param in params]

    def as_sqlite(self, compiler, connection, **extra):
        (end, start, paused), params = self._parts(compiler)
        return f"((julianday({end}) - julianday({start})) * 86400.0 - {paused})", params

    def as_postgresql(self, compiler, connection, **extra):
        (end, start, paused), params = self._parts(compiler)
        return f"(EXTRACT(EPOCH FROM ({end} - {start})) - {paused})", params


def utc_offset_periods(zone, *, since: datetime, until: datetime) -> list[tuple[datetime, int]]:
    """[(first instant, UTC offset in minutes)] for each stretch of constant offset between
    `since` and `until`: found day by day, then to the second by bisection."""

    def offset(instant: datetime) -> int:
        return round(instant.astimezone(zone).utcoffset().total_seconds() / 60)

    periods = [(since, offset(since))]
    day = since
    while day < until:
        following = day + timedelta(days=1)
        if offset(following) != offset(day):
            low, high = day, following
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if offset(middle) == offset(day) else (low, middle)
            periods.append((high, offset(following)))
        day = following
    return periods


class LocalTime(Func):
    """`started_at` as wall-clock time in the user's time zone. PostgreSQL converts natively
    (AT TIME ZONE); SQLite has no time-zone database, so the expression applies the UTC
    offset of each stretch between daylight-saving changes, computed here from zoneinfo."""

    def __init__(self, *, zone, since: datetime, until: datetime, field: str = "started_at", **extra):
        super().__init__(F(field), output_field=DateTimeField(), **extra)
        self.zone = zone
        self.periods = utc_offset_periods(zone, since=since, until=until)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"({sql} AT TIME ZONE %s)", [*params, self.zone.key]

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        (_first, offset), *changes = self.periods
        if not changes:
            return f"datetime({sql}, %s)", [*params, f"{offset:+d} minutes"]
        cases, case_params = [], []
        for start, new_offset in changes:
            cases.append(f"WHEN {sql} < %s THEN %s")
            case_params += [
                *params,
                start.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                f"{offset:+d} minutes",
            ]
            offset = new_offset
        modifier = f"CASE {' '.join(cases)} ELSE %s END"
        return f"datetime({sql}, {modifier})", [*params, *case_params, f"{offset:+d} minutes"]


class LocalDate(Func):
    output_field = DateField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s)::date", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="date(%(expressions)s)", **extra)


class LocalHour(Func):
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="EXTRACT(HOUR FROM %(expressions)s)::integer", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(strftime('%%%%H', %(expressions)s) AS INTEGER)", **extra
        )


class LocalIsoWeekday(Func):
    """Monday 1 to Sunday 7 of a local time."""

    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="EXTRACT(ISODOW FROM %(expressions)s)::integer", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        # strftime('%w') counts Sunday as 0.
        return self.as_sql(
            compiler,
            connection,
            template="((CAST(strftime('%%%%w', %(expressions)s) AS INTEGER) + 6) %%%% 7 + 1)",
            **extra,
        )


class LocalWeekStart(Func):
    """The Monday that starts the week of a local time."""

    output_field = DateField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="date_trunc('week', %(expressions)s)::date", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        # Six days back, then forward to the next Monday (or stay on it): the week's Monday.
        return self.as_sql(
            compiler, connection, template="date(%(expressions)s, '-6 days', 'weekday 1')", **extra
        )
