"""A bracketed paste reaches the app whole and in order, however the terminal's bytes are split
into reads and whatever escape characters the paste holds (logbook/tui/driver.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual import events
from textual.drivers.linux_driver import LinuxDriver

from logbook.tui.driver import ESC, STAND_IN, PasteKeepingDriver, PasteKeepingParser, paste_keeping

START, END = "\x1b[200~", "\x1b[201~"
pasted_text = st.text(alphabet=st.sampled_from(["a", " ", "\n", ESC, "[", "2", "0", "1", "~"]))
typed_text = st.text(alphabet=st.sampled_from(["x", "y", " "]), min_size=1)


def delivered(stream: str, cuts: list[int]) -> list[tuple[str, str]]:
    """What the app is sent when the terminal sends `stream`, read in pieces cut at `cuts`:
    ("key", character) and ("paste", text), in order."""
    parser = PasteKeepingParser()
    pieces = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True)]
    out = []
    for piece in [*pieces, ""]:  # "" is the end of input
        for event in parser.feed(piece):
            if isinstance(event, events.Paste):
                out.append(("paste", event.text.replace(STAND_IN, ESC)))
            elif isinstance(event, events.Key):
                out.append(("key", event.character))
    return out


@settings(max_examples=300, deadline=None)
@given(
    before=typed_text,
    pasted=pasted_text.filter(lambda text: END not in text),
    after=typed_text,
    data=st.data(),
)
def test_a_paste_arrives_whole_and_in_order_however_it_is_read(before, pasted, after, data):
    stream = f"{before}{START}{pasted}{END}{after}"
    cuts = sorted(set(data.draw(st.lists(st.integers(1, len(stream) - 1), max_size=6))))
    expected = [*(("key", c) for c in before), ("paste", pasted), *(("key", c) for c in after)]
    assert delivered(stream, cuts) == expected


def test_the_paste_of_the_issue_is_one_event_in_its_order():
    stream = f"{START}a \x1b[31mRED\x1b[0m b{END}"
    assert delivered(stream, []) == [("paste", "a \x1b[31mRED\x1b[0m b")]


def test_the_app_reads_a_posix_terminal_through_the_paste_keeping_parser():
    assert paste_keeping(LinuxDriver) is PasteKeepingDriver
    code = PasteKeepingDriver.run_input_thread
    assert code.__globals__["XTermParser"] is PasteKeepingParser
