"""How the personal calibration behaves on simulated users (no database; about 12 s of CPU).

    .venv/bin/python benchmarks/calibration_sim.py [--users 200]

For each kind of user and number of label corrections, fits the calibration of
coach/corrections/calibration.py on --users simulated users and prints how often it was
switched on and the held-out agreement (theme decisions the user would make) before and
after. Kinds:
- noise: each theme in the corrected set with probability 0.5, whatever the model read;
- flip: each of the model's decisions flipped with probability 0.5;
- remover: the model reads one theme (probability 0.8 to 1.0) the user always removes;
- remover-15: the same, but 15 % of the corrections keep the model's set.
The model's thresholds are those of the shipped model when this was written.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "focusweb.settings")
os.environ["REDIS_URL"] = ""

import django  # noqa: E402

django.setup()

from coach.corrections.calibration import THEMES, Example, fit  # noqa: E402

THRESHOLDS = {
    "digital": 0.775,
    "people": 0.675,
    "environment": 0.625,
    "fatigue": 0.7,
    "stress": 0.475,
    "body": 0.75,
    "procrastination": 0.5,
    "planning": 0.8,
}


def simulated_user(kind: str, corrections: int, rng: random.Random) -> list[Example]:
    examples = []
    for _ in range(corrections):
        if kind.startswith("remover"):
            themes = {t: rng.random() * 0.3 for t in THEMES}
            themes["digital"] = 0.8 + rng.random() * 0.2
        else:
            themes = {
                t: rng.choice([rng.random() * 0.2, rng.random(), 0.8 + rng.random() * 0.2]) for t in THEMES
            }
        model = [t for t in THEMES if themes[t] >= THRESHOLDS[t]]
        if kind == "noise":
            labels = [t for t in THEMES if rng.random() < 0.5]
        elif kind == "flip":
            labels = [t for t in THEMES if (t in model) != (rng.random() < 0.5)]
        elif kind == "remover-15" and rng.random() < 0.15:
            labels = model
        else:
            labels = [t for t in model if t != "digital"]
        examples.append(Example(themes=themes, model_labels=model, labels=labels))
    return examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    args = parser.parse_args()
    print(f"{'kind':<11} {'corrections':>11} {'switched on':>12} {'agreement before':>17} {'after':>7}")
    for kind in ("noise", "flip", "remover", "remover-15"):
        for corrections in (5, 7, 10, 20, 40, 200):
            on = before = after = decisions = 0
            for seed in range(args.users):
                result = fit(simulated_user(kind, corrections, random.Random(seed)), THRESHOLDS)
                on += result.enabled
                decisions += corrections * len(THEMES)
                before += sum(row["model"] for row in result.agreement.values())
                after += sum(
                    row["model"] if row["calibrated"] is None else row["calibrated"]
                    for row in result.agreement.values()
                )
            print(
                f"{kind:<11} {corrections:>11} {on / args.users:>11.0%} "
                f"{before / decisions:>17.1%} {after / decisions:>7.1%}"
            )


if __name__ == "__main__":
    main()
