"""`python -m logbook` does what the `logbook` command does."""

import sys

from logbook.cli import main

sys.exit(main())
