from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coach.corrections.export import ExportCounts, shared_correction_lines


class Command(BaseCommand):
    help = (
        "Write the corrections of users who agreed to share them, in the corpus format of "
        "ml/data, for `python -m ml train --corrections FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="the JSON-lines file to write (replaced if it exists)")

    def handle(self, *args, output: str, **options):
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent} is not a directory")
        counts = ExportCounts()
        with path.open("w", encoding="utf-8") as out:
            for line in shared_correction_lines(counts):
                out.write(line + "\n")
        self.stdout.write(
            f"Wrote {counts.exported} corrections to {path}; left out {counts.focus_only} of the "
            f"focus alone and {counts.earlier_text} made on an earlier text."
        )
