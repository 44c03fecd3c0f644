"""Turn the Metropolis annual report 2020 (French edition) into checked, tidy data.

Source: Metropolis (World Association of the Major Metropolises),
*Rapport annuel 2020*, French edition, 2021.

Runs on the system Python (`make verify`, `make extract` and make's parameter check import it before .venv
exists): it must stay standard-library only.
"""

import tomllib

from metropolis_report import config

SOURCE_CITATION = (
    "Metropolis – World Association of the Major Metropolises, "
    "« Metropolis rapport annuel 2020 » (annual report 2020, French edition)"
)
# the citation in a figure caption: publisher, title, year and edition language
SOURCE_SHORT = "Metropolis rapport annuel 2020 (Metropolis, 2020 annual report, French edition)"

# The version is kept in one place, pyproject.toml; everything that shows it reads it from here.
__version__ = tomllib.loads(config.PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]
