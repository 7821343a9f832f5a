"""Sync from inside the app: ctrl+y on the caseload (or "Sync with the centre" in the palette)
opens the sync screen, which names the centre, syncs, and says what was pushed and pulled."""

from __future__ import annotations

from logbook.tui.app import LogbookApp
from logbook.tui.screens.caseload import CaseloadScreen
from logbook.tui.screens.sync import SyncScreen
from tests.centre_store.test_sync import laptops  # noqa: F401  (a fixture)
from tests.tui.helpers import SIZE


def status(screen) -> str:
    return str(screen.query_one("#sync-status").render())


async def run(app, pilot, centre: str | None = None) -> str:
    await app.workers.wait_for_complete()
    await pilot.press("ctrl+y")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SyncScreen)
    if centre is not None:
        screen.query_one("#centre").value = centre
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return status(screen)


async def test_the_assessor_pushes_and_the_iqa_pulls_from_the_app(centre, laptops, monkeypatch):  # noqa: F811
    from tests.centre_store.test_sync import TODAY

    monkeypatch.setenv("LOGBOOK_CENTRE", centre.dsn("amy"))
    app = LogbookApp(laptops["amy"], assessor="Amy Jones", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        assert (await run(app, pilot)).startswith("pushed 2 new events (2 sent")
    monkeypatch.setenv("LOGBOOK_CENTRE", "")
    app = LogbookApp(laptops["iris"], assessor="Iris Khan", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        said = await run(app, pilot, centre.dsn("iris"))
        assert "pulled 2 events, 2 new here, into 1 logbook (1 new)" in said
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        assert app.screen.names == ["Priya Shah"]


async def test_no_centre_and_an_unreachable_one_are_said_and_nothing_changes(tmp_path):
    from tests.centre_store.test_sync import TODAY

    app = LogbookApp(tmp_path / "data", assessor="Amy Jones", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        said = await run(app, pilot, "")
        assert said.startswith("Nothing synced: no centre to sync with")
        said = await run(app, pilot, f"host={tmp_path} port=9 user=amy connect_timeout=2")
        assert said.startswith("Not synced: the centre cannot be reached")
    assert not list((tmp_path / "data").glob("*.json"))


async def test_the_overview_says_2_versions_choose_after_a_merge(centre, laptops):  # noqa: F811
    from dataclasses import replace

    from tests.centre_store.test_sync import TODAY, book, run_sync, witness

    run_sync(centre, laptops, "amy")
    run_sync(centre, laptops, "iris")
    for who, title in (("amy", "Supervisor"), ("iris", "Store Manager")):
        w = witness(laptops, who)
        book(laptops, who).update(replace(w, job_title=title), who.title(), TODAY)
        run_sync(centre, laptops, who)
    run_sync(centre, laptops, "amy")
    app = LogbookApp(laptops["amy"], assessor="Amy Jones", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = str(app.screen.query_one("#overview-problem").render())
    assert "witness: job_title: 2 versions: choose" in said
