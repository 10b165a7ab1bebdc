"""Reading a reviewed seed CSV."""
from __future__ import annotations

import csv
from pathlib import Path


def rows(path: Path) -> list[dict]:
    """Every row of a seed CSV as a dict, or an error naming the file."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except FileNotFoundError:
        raise FileNotFoundError(f"reference seed {path} is missing (seeds/reference is part of the repository)") from None
