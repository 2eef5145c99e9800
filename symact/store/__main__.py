"""``python -m symact.store``: derive every catalog profile and write ``catalog.json``."""
import sys

from .build import main

sys.exit(main(sys.argv[1:]))
