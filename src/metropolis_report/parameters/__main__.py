"""`python -m metropolis_report.parameters list|sync|make ...` (system Python: make calls it before the environment exists)."""

import sys

from metropolis_report.parameters.cli import main

raise SystemExit(main(sys.argv[1:]))
