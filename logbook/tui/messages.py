"""What screens tell each other.

A save posts `PortfolioSaved` with the candidate's portfolio as it now is (the portfolio the form
was handed, with the record the store wrote: `Portfolio.with_saved`), so no screen reads the file
again after a save; the app passes it to every screen open on that candidate
(`LogbookApp.on_portfolio_saved`), each of which follows it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # not imported with the screens: a worker reads the portfolio
    from logbook.domain.portfolio import Portfolio


def file_stamp(path: Path) -> tuple[int, int, int, int] | None:
    """What tells a logbook file changed on disk without reading it (each save writes a new
    file in its place): its inode, size, mtime and ctime (a write puts back neither); None if
    it is not there."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


class PortfolioSaved(Message):
    """A save made: the candidate's portfolio now, and the stamp of the file it wrote."""

    def __init__(self, candidate_id: str, portfolio: Portfolio, stamp, source) -> None:
        super().__init__()
        self.candidate_id = candidate_id
        self.portfolio = portfolio
        self.stamp = stamp
        self.source = source  # the screen that saved: it holds the portfolio already
