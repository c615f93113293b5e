"""Shared test set-up: the tests' own modules importable, and the hypothesis profiles.

``dev`` (the default) explores new random examples each run; ``ci`` (``.ci/run`` sets
``HYPOTHESIS_PROFILE=ci``) tries more of them, the same ones each run, and prints how to
reproduce a failure.  Tests whose every example renders or parses a whole document or
workbook set a smaller ``max_examples`` of their own and are marked ``slow``.
"""

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))

# an example may build a workbook or parse a page: time is not what these tests judge
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("dev", max_examples=100, **_COMMON)
settings.register_profile(
    "ci", max_examples=200, derandomize=True, database=None, print_blob=True, **_COMMON
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
