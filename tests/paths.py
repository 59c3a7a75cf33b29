"""Where the shared test data lives: beside the repository, or wherever NEWSDESK_SHARED says."""

import os
from pathlib import Path

SHARED = Path(os.environ.get("NEWSDESK_SHARED") or Path(__file__).resolve().parents[2] / "shared")
