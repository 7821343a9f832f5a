"""Record ids: a UUID in its canonical form, and nothing else.

An id names a file (`<candidate id>.json`) and links records to each other, so an id that is
anything but a UUID (`../victim`, another candidate's name, an empty string) is refused wherever
it comes from: typed, imported or found on disk.
"""

from __future__ import annotations

import re

UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_UUID = re.compile(UUID_PATTERN)


# a text's match of the pattern, or None (`is_id` of a value known to be text)
is_uuid = _UUID.fullmatch


def is_id(value: object) -> bool:
    """Is `value` a record id: a UUID, lower case, with its hyphens (as `new_id()` makes)?"""
    return isinstance(value, str) and _UUID.fullmatch(value) is not None


def id_problem(value: object) -> str | None:
    """Why `value` is not a record id, in words; None if it is one."""
    if is_id(value):
        return None
    shown = repr(value)
    shown = shown if len(shown) <= 50 else shown[:47] + "..."
    return f"{shown} is not an id (a UUID such as 1b4e28ba-2fa1-41d2-883f-0016d3cca427)"
