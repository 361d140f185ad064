"""Serves Plotly.js from the installed plotly package as static/vendor/plotly.min.js, so the
browser runs the same Plotly version the server builds figures with, and no CDN is needed."""

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

from coach.dashboard.plotly_package import PACKAGE_DATA as PLOTLY_DIR
from coach.dashboard.plotly_package import PLOTLY_JS as PLOTLY_FILE

STATIC_PATH = "vendor/" + PLOTLY_FILE


class PlotlyFinder(BaseFinder):
    storage = FileSystemStorage(location=PLOTLY_DIR)
    storage.prefix = "vendor"

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path != STATIC_PATH:
            return [] if find_all else None
        match = str(PLOTLY_DIR / PLOTLY_FILE)
        return [match] if find_all else match

    def list(self, ignore_patterns):
        yield PLOTLY_FILE, self.storage
