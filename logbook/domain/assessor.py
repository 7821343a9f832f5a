"""The assessor's own name, as it goes into every history entry: one line of text, held to the
rule on stored text of `logbook.domain.text` whether it is typed, given on the command line or
found in a settings file."""

from __future__ import annotations

from logbook.domain.text import MAX_LINE, blank, control_characters


def assessor_name_problem(name: str) -> str | None:
    """What to fix in `name` before it can be the assessor's name; None if it can be.

    The name is taken with the spaces around it removed (`clean_assessor_name`)."""
    name = name.strip()
    if blank(name):
        return "the name is empty: type the name your records are to carry"
    if len(name) > MAX_LINE:
        return (
            f"it is {len(name):,} characters long; at most {MAX_LINE:,} can be stored: shorten it"
        )
    found = control_characters(name, multiline=False)
    if found:
        return (
            f"it holds control characters or line breaks ({', '.join(found[:5])}), which are "
            "never stored: remove them"
        )
    return None


def clean_assessor_name(name: str) -> str:
    """The name as it is stored: without the spaces around it."""
    return name.strip()
