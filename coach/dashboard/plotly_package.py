"""The files of the installed plotly package, found without importing its Python code.

Importing plotly and building figures through `plotly.graph_objects` costs a web process
about 40 MB and each chart several milliseconds of validation, while all the browser needs
is Plotly's JSON. So the server writes that JSON itself (coach/dashboard/charts.py) and takes
from the package only two files: Plotly.js, served as a static file, and the default
template, which `go.Figure` used to add to every figure's layout.
"""

import importlib.util
import json
from functools import cache
from pathlib import Path

PACKAGE_DATA = Path(importlib.util.find_spec("plotly").submodule_search_locations[0]) / "package_data"
PLOTLY_JS = "plotly.min.js"


@cache
def default_template() -> dict:
    """The "plotly" template, as `go.Figure(...).to_plotly_json()` puts it in a layout."""
    return json.loads((PACKAGE_DATA / "templates" / "plotly.json").read_text())
