"""Hours as the product shows them: one decimal, halves rounded up (1.25 → 1.3). Every hours
figure (the dashboard, the week's goal, the digest list and page, the email) goes through
`hours`, so one week never reads 1.3 hours in one place and 1.2 in another."""

from decimal import ROUND_HALF_UP, Decimal


def hours(*, seconds: float = 0.0, minutes: float = 0.0) -> float:
    total = Decimal(str(max(seconds, 0.0))) / 3600 + Decimal(str(max(minutes, 0.0))) / 60
    return float(total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
