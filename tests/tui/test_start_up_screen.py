"""The first screen does no more than it shows (issue 11: "app start <= 1.2x the bare Textual
app"): its footer lays its keys out once, and the other screens' styles are read when the first
of them opens, styling it as before."""

from __future__ import annotations

from itertools import pairwise

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Input, Static
from textual.widgets._footer import FooterKey

from logbook.tui.app import LogbookApp
from logbook.tui.screens.caseload import CaseloadScreen
from logbook.tui.widgets.keys_footer import KeysFooter
from logbook.tui.widgets.plain import Plain
from tests.tui.helpers import SIZE, demo_app, drawn, open_overview


def keys(app) -> list[FooterKey]:
    return list(app.screen.query_one(Footer).query(FooterKey))


def described(app) -> list[str]:
    return [key.description for key in keys(app)]


def shown_bindings(app) -> list[str]:
    """What Textual's own Footer shows for the focus as it is: each shown binding, in order,
    and the palette's key last."""
    shown = [b.description for _, b, _, _ in app.screen.active_bindings.values() if b.show]
    return [*shown, "palette"]


DECLARED = ["New candidate", "Export", "Import", "IV countersign", "Quit", "Keys", "palette"]


async def test_the_caseload_footer_shows_its_keys_and_lays_them_out_once(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen.query_one(Footer), KeysFooter)
        # in the order the screen and the app declare them, laid out with the screen
        assert described(app) == DECLARED
        assert sorted(described(app)) == sorted(shown_bindings(app))
        first = keys(app)
        # typing in the filter and the list it draws change no key: nothing laid out again
        await pilot.press(*"priya")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert keys(app) == first and all(key.is_attached for key in first)
        # the list has the focus: Textual no longer lists the filter's ctrl+e first, but the
        # keys are the same ones: the footer keeps them, in their order, not laid out again
        await pilot.press("down")
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#caseload")
        assert keys(app) == first and all(key.is_attached for key in first)
        assert described(app) == DECLARED == shown_bindings(app)
        await pilot.press("shift+tab")  # back to the filter
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#filter")
        assert keys(app) == first and described(app) == DECLARED


class TwoFields(App):
    """A screen whose second field has a key of its own that the footer shows."""

    def compose(self) -> ComposeResult:
        yield Input(id="plain")
        yield KeyedInput(id="keyed")
        yield KeysFooter()


class KeyedInput(Input):
    BINDINGS = [Binding("f9", "noop", "Spell check")]

    def action_noop(self) -> None:
        pass


async def test_the_footer_follows_keys_that_come_and_go_with_the_focus():
    app = TwoFields()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Spell check" not in described(app)
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused.id == "keyed"
        assert "Spell check" in described(app)
        await pilot.press("shift+tab")
        await pilot.pause()
        assert "Spell check" not in described(app)


async def test_the_other_screens_styles_are_read_when_the_first_of_them_opens(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.stylesheet.has_source(str(LogbookApp.SCREENS_CSS))
        overview = await open_overview(pilot, app)
        assert app.stylesheet.has_source(str(LogbookApp.SCREENS_CSS))
        # screens.tcss: the problem line is hidden until there is one
        assert overview.query_one("#overview-problem", Static).styles.display == "none"


class NotReading(CaseloadScreen):
    """The caseload with no read of its own: what it shows is what it was handed."""

    def load(self) -> None:
        pass


async def test_rows_read_before_the_list_is_mounted_are_drawn_when_it_is(tmp_path):
    """The first read starts as the screen is composed: on a warm start its rows can come
    before the list is mounted, and the list shows them the moment it is (not an empty list
    waiting for a read that is over)."""
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = list(app.screen.rows)
        assert len(rows) == 5
        early = NotReading()
        early._arrived(rows, [], True, True)  # the read over before the screen is put together
        assert not early.shown_once
        app.push_screen(early)
        await pilot.pause()
        assert app.screen is early and early.shown_once
        assert early.query_one("#caseload", DataTable).row_count == 5
        assert [row.id for row in early.rows] == [row.id for row in rows]
        assert "Priya Shah" in "\n".join(drawn(app))


async def test_the_line_under_the_list_is_not_written_again_with_the_same_words(tmp_path):
    """Writing the line under the list lays the screen out again: the list describes the
    highlighted candidate once each time its rows are laid out (at start, on each filter key),
    not again when the table then says the row is highlighted."""
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        detail = app.screen.query_one("#caseload-detail", Plain)
        written: list[str] = []
        write = detail.update

        def update(content="", **kwargs):
            written.append(str(content))
            write(content, **kwargs)

        detail.update = update
        await pilot.press(*"priya")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert written and "Priya Shah" in written[-1]
        assert all(before != after for before, after in pairwise(written))
