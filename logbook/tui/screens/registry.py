"""Which screen records which kind of evidence, and which screens a site visit's next keys open
(`AHEAD`)."""

from __future__ import annotations

from importlib import import_module

SCREENS = {
    "observation": ("logbook.tui.screens.observation", "ObservationScreen"),
    "witness": ("logbook.tui.screens.witness", "WitnessScreen"),
    "testimony": ("logbook.tui.screens.testimony", "TestimonyScreen"),
    "discussion": ("logbook.tui.screens.discussion", "DiscussionScreen"),
    "questioning": ("logbook.tui.screens.questioning", "QuestioningScreen"),
    "work_product": ("logbook.tui.screens.work_product", "WorkProductScreen"),
}


def evidence_screen(kind: str, candidate_id: str):
    module, name = SCREENS[kind]
    return getattr(import_module(module), name)(candidate_id)


# What Enter on the caseload and the overview's keys open, in the order a site visit reaches
# them: imported ahead, off the UI thread, once the caseload is drawn
# (`LogbookApp.import_ahead`). Imported on the key instead, the overview took some 7 ms of the
# first Enter of a session and the observation form 18 ms of the first `o`, over the 16 ms of a
# frame; every later one found them imported.
AHEAD = (
    "logbook.tui.screens.overview",
    *(module for module, _ in SCREENS.values()),
    "logbook.tui.screens.signoff",
    "logbook.tui.screens.record",
    "logbook.tui.screens.plan",
    "logbook.tui.screens.export",
)
