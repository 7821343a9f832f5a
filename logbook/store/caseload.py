"""The caseload: every candidate's logbook in one data folder, and its summary for the list.

One file per candidate, named by the candidate's id. The summary the caseload list shows is
kept in a cache file (`.caseload-index.json`) keyed by each logbook's inode, size and mtime:
an atomic save always makes a new inode, so a changed file is never taken for the cached one,
and the cache is only ever a copy of what the logbooks say. (A summary does not depend on the
day it is worked out: the store refuses evidence dated in the future.) A corrupt logbook is
reported by name and left untouched; the rest of the caseload still opens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from logbook.domain.records import Candidate
from logbook.qualifications import Library, centre_fingerprint, library_for
from logbook.store.logbooks import CorruptLogbook, LogbookFile
from logbook.store.storage import (
    UnreadableFile,
    atomic_write,
    dump_json,
    ensure_private_dir,
    locked,
    read_json,
)

INDEX_NAME = ".caseload-index.json"
INDEX_VERSION = 3  # 3: summaries hold the plan and the units awaiting countersign


@dataclass
class CaseloadView:
    summaries: list[dict] = field(default_factory=list)
    problems: list[CorruptLogbook] = field(default_factory=list)


class UnknownCandidate(KeyError):
    def __str__(self) -> str:
        return self.args[0]


class Caseload:
    def __init__(self, folder: Path, library: Library | None = None):
        self.folder = Path(folder)
        self._library = library
        ensure_private_dir(self.folder)

    @property
    def library(self) -> Library:
        """The standards of this data folder (the shipped ones with the centre's files in its
        standards/ folder), loaded when first needed: a warm caseload list needs none."""
        if self._library is None:
            self._library = library_for(self.folder)
        return self._library

    def _standards_key(self) -> str:
        """What the summaries were worked out against: the centre's files, if any (a unit
        they give in full has more to cover than its title)."""
        if self._library is not None and self._library.centre_folder is None:
            return ""  # given a library without the centre's files
        return centre_fingerprint(self.folder)

    @property
    def index_path(self) -> Path:
        return self.folder / INDEX_NAME

    def files(self) -> list[Path]:
        return sorted(p for p in self.folder.glob("*.json") if not p.name.startswith("."))

    def logbook(self, candidate_id: str) -> LogbookFile:
        return LogbookFile(self.folder / f"{candidate_id}.json", self.library)

    def create(self, candidate: Candidate, by: str, today: date | None = None) -> LogbookFile:
        logbook = self.logbook(candidate.id)
        logbook.create(candidate, by, today)
        return logbook

    def view(self, today: date | None = None) -> CaseloadView:
        """Every candidate's summary, sorted by name, and every file that could not be read."""
        today = today or date.today()
        cached = self._read_index()
        fresh: dict[str, dict] = {}
        view = CaseloadView()
        for path in self.files():
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            key = f"{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}"
            entry = cached.get(path.name)
            if entry is None or entry.get("key") != key:
                try:
                    summary = LogbookFile(path, self.library).read(today).summary()
                except CorruptLogbook as problem:
                    view.problems.append(problem)
                    continue
                entry = {"key": key, "summary": summary}
            fresh[path.name] = entry
            view.summaries.append(entry["summary"])
        view.summaries.sort(key=lambda s: (s["name"].casefold(), s["id"]))
        if fresh != cached:
            self._write_index(fresh)
        return view

    def _read_index(self) -> dict:
        try:
            data = read_json(self.index_path)
        except (UnreadableFile, OSError, RecursionError):
            return {}
        if (
            not isinstance(data, dict)
            or data.get("version") != INDEX_VERSION
            or not isinstance(data.get("files"), dict)
            or data.get("standards", "") != self._standards_key()
        ):
            return {}
        return data["files"]

    def _write_index(self, files: dict) -> None:
        try:
            with locked(self.index_path, timeout=1.0):
                atomic_write(
                    self.index_path,
                    dump_json(
                        {
                            "version": INDEX_VERSION,
                            "standards": self._standards_key(),
                            "files": files,
                        }
                    ),
                )
        except Exception:
            pass

    def find(self, query: str) -> LogbookFile:
        """The logbook of the candidate a person means: id, registration number, or name."""
        wanted = query.strip().casefold()
        direct = self.folder / f"{query.strip()}.json"
        if "/" not in query and "\\" not in query and direct.is_file():
            return LogbookFile(direct, self.library)
        view = self.view()
        matches = [
            s
            for s in view.summaries
            if wanted in (s["registration_number"].casefold(), s["name"].casefold())
            or s["id"].startswith(wanted)
        ]
        if not matches:
            matches = [s for s in view.summaries if wanted in s["name"].casefold()]
        if len(matches) == 1:
            return self.logbook(matches[0]["id"])
        if not matches:
            raise UnknownCandidate(f"no candidate matches {query!r}")
        names = "; ".join(f"{s['name']} ({s['registration_number']})" for s in matches)
        raise UnknownCandidate(f"{query!r} matches {len(matches)} candidates: {names}")
