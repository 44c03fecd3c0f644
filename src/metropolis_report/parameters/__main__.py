"""`python -m metropolis_report.parameters list|sync|make ...`.

Runs on the system Python (make calls it before the environment exists): it must stay standard-library only.
"""

import sys

from metropolis_report.parameters.cli import main

raise SystemExit(main(sys.argv[1:]))
