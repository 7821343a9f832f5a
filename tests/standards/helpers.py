"""What the five standards tests share: reading a file from standards/, and its codes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

STANDARDS = Path(__file__).resolve().parents[2] / "standards"


def load_standard(name: str) -> dict:
    return json.loads((STANDARDS / name).read_text(encoding="utf-8"))


def all_codes(data: dict) -> list[str]:
    """Every code in a standard: units, elements, criteria, knowledge, requirements, range."""
    codes = []
    for unit in data["units"]:
        codes.append(unit["code"])
        for element in unit["elements"]:
            codes.append(element["code"])
            codes.extend(c["code"] for c in element["criteria"])
        codes.extend(k["code"] for k in unit["knowledge"])
        for requirement in unit["evidence_requirements"]:
            codes.append(requirement["code"])
            codes.extend(r["code"] for r in requirement["range"])
    return codes


def repeated_codes(data: dict) -> list[str]:
    """Codes used twice, compared as an assessor types them (case and spaces ignored)."""
    counts = Counter("".join(code.split()).casefold() for code in all_codes(data))
    return [code for code, n in counts.items() if n > 1]


def bare_rules(data: dict) -> list[dict]:
    """The rules as they are checked, without where they are written and how they are read;
    every rule must say where it is written."""
    for rule in data["rules"]:
        assert rule.get("source"), rule
    return [{k: v for k, v in r.items() if k not in ("source", "reading")} for r in data["rules"]]
