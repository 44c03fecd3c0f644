"""Turn the Metropolis annual report (an edition of metadata/editions.csv) into checked, tidy data.

Source: Metropolis (World Association of the Major Metropolises), its annual report; the editions the project
builds, with their title, year and language, are declared in metadata/editions.csv (editions.py).

Runs on the system Python (`make verify`, `make extract` and make's parameter check import it before .venv
exists): it must stay standard-library only.
"""

import tomllib

from metropolis_report import config

# The version is kept in one place, pyproject.toml; everything that shows it reads it from here.
__version__ = tomllib.loads(config.PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]
