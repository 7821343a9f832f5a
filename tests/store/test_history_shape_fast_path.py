"""Reading a logbook asks of every history row whether it has the shape of a history entry,
first by a shortcut (`logbook_storage._entry_whole`): it must pass only rows the full check
(`_entry_problem`, which names what is wrong) passes, so a damaged row is still reported as
before. Each case damages one field of a real entry (as `history.make_entry` writes it)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from logbook.store import history as chain
from logbook.store.logbook_storage import _entry_problem, _entry_whole

FIELDS = ["seq", "hash", "prev", "digest", "at", "by", "action", "record", "kind", "note"]
FIELDS += ["key", "sig", "device"]
VALUES = st.one_of(
    st.none(),
    st.integers(-2, 3),
    st.booleans(),
    st.text(max_size=3),
    st.sampled_from(["a" * 64, "0" * 64, "A" * 64, "g" * 64, "0" * 63, "0" * 65, "0" * 192]),
    st.lists(st.just("0" * 64), max_size=2),
    st.floats(allow_nan=False),
)


def _entry() -> dict:
    record = {"id": "1b4e28ba-2fa1-41d2-883f-0016d3cca427", "kind": "candidate"}
    return chain.make_entry(None, "add", record, "Test Assessor", note="")


@settings(max_examples=300, deadline=None)
@given(changes=st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=3), drop=st.booleans())
def test_the_shortcut_passes_only_what_the_full_check_passes(changes, drop):
    entry = _entry()
    assert _entry_whole(entry) and _entry_problem(entry) is None
    for name, value in changes.items():
        if drop and value is None:
            entry.pop(name, None)
        else:
            entry[name] = value
    if _entry_whole(entry):
        assert _entry_problem(entry) is None
    if _entry_problem(entry) is None and not ({"key", "sig", "device"} & set(changes)):
        assert _entry_whole(entry)  # the shortcut is not a new refusal either
