"""`python -m metropolis_report.extract FOLDER`: extract every table and list of the report.

Runs on the system Python (`make extract`, before .venv exists): it must stay standard-library only.
"""

import sys

from metropolis_report.extract.sections import main

raise SystemExit(main(sys.argv[1:]))
