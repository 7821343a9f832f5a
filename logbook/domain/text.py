"""Text that came from a person or a file: what may be stored, and how it is shown.

Every string in a record is hostile until shown otherwise. Two rules, used everywhere:

* Stored text holds no control characters but the line break and the tab of multi-line notes:
  typing cannot produce them, so the app shows a pasted one in its visible form (`^[`) and the
  rules refuse one found in an import or a file (`control_characters`). Sizes are limited too.
* Shown text is always text, never markup, and a control character that reached it anyway (a
  file written by another tool) is shown in its visible form, never sent to the terminal raw
  (`visible`).
"""

from __future__ import annotations

import re

# C0 controls but tab and line feed, DEL, C1 controls, and the Unicode marks that reorder or
# hide text on the screen (bidirectional overrides and isolates, line and paragraph separators).
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_CONTROL_OR_BREAK = re.compile(
    "[\x00-\x1f\x7f\x80-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)

# Unicode's default-ignorable code points (DerivedCoreProperties.txt): characters that draw
# nothing (a zero-width space, a soft hyphen, a word joiner, a variation selector), so that
# "m\u200bum" reads "mum" on every screen and in every export. They may be stored (a name may
# need a joiner); a rule that reads words or codes reads the text as it is drawn too (`drawn`).
_DRAWS_NOTHING = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def drawn(text: str) -> str:
    """`text` as it reads on the screen: without the characters that draw nothing."""
    return _DRAWS_NOTHING.sub("", text)


def blank(text: str) -> bool:
    """Whether `text` reads as nothing: empty, spaces, or characters that draw nothing (a name
    of a zero-width space is no name). ASCII text is answered by `strip` alone."""
    return not text.strip() or (not text.isascii() and not drawn(text).strip())


# How long a stored string may be: one line of a form, and the free text of notes.
MAX_LINE = 500
MAX_NOTES = 20_000


def _caret(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)  # ESC -> ^[, BEL -> ^G, NUL -> ^@
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def visible(text: str, *, multiline: bool = True) -> str:
    """`text` with every control character in a visible form: `ESC` as `^[`, U+202E as
    `<U+202E>`. Line breaks and tabs stay when `multiline`; else they are shown too."""
    pattern = _CONTROL if multiline else _CONTROL_OR_BREAK
    return pattern.sub(_caret, text)


def control_characters(text: str, *, multiline: bool = True) -> list[str]:
    """The control characters in `text` (in their visible form), each once; empty if none."""
    pattern = _CONTROL if multiline else _CONTROL_OR_BREAK
    return list(dict.fromkeys(_caret(m) for m in pattern.finditer(text)))
