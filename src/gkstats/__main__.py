"""``python -m gkstats`` runs the command line (useful where the gkstats script is not on PATH)."""

from .cli import run

run()
