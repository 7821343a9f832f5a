"""Which screen records which kind of evidence."""

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
