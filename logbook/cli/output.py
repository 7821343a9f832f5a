"""Printing helpers shared by the commands."""

from __future__ import annotations

import json
import sys


def print_json(value) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
