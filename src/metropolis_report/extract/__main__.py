"""`python -m metropolis_report.extract FOLDER`: extract every table and list of the report (system Python)."""

import sys

from metropolis_report.extract.sections import main

raise SystemExit(main(sys.argv[1:]))
