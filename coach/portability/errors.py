"""ImportRefused: a file that cannot be imported, with every reason, each naming where."""

from django.core.exceptions import ValidationError


class ImportRefused(ValidationError):
    """The whole file is refused and nothing was written. `problems` are sentences, each
    naming the place in the file ("sessions[3].started_at: …", "row 7: …")."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__({"file": problems})
