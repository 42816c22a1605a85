# Two practices with one of each record, built once per module (tests/security/world.py).
from tests.security.world import world  # noqa: F401
