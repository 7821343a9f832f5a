# ruff: noqa: F811  (laptops: the fixture, imported and taken as an argument)
"""Whose key is whose is the centre's word, bound to the database role that registered it
(logbook/centre/schema.sql `logbook.signing_key`, logbook/centre/keys.py): two real login roles,
amy (assessor) and iris (her IQA, allowed to write for amy's candidates), on a real PostgreSQL.

Before, a laptop trusted a key seen for the first time from whichever login sent it first: a
login that wrote first in another person's name made that person's own entries look forged.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from psycopg import errors

from logbook.centre import admin
from logbook.centre.events import push
from logbook.centre.keys import register
from logbook.centre.sync import to_event
from logbook.store.logbooks import LogbookFile
from logbook.store.signing import Keyring
from tests.centre_store.test_sync import (  # noqa: F401  (laptops: a fixture)
    NAMES,
    book,
    forged,
    laptops,
    run_sync,
)


def amy_key(laptops) -> str:
    return Keyring(laptops["amy"]).signer(NAMES["amy"]).public_key


def held(centre) -> list[tuple]:
    with centre.connect() as conn:
        return conn.execute(
            "SELECT key, login, name FROM logbook.signing_key ORDER BY login, key"
        ).fetchall()


def count_events(centre) -> int:
    with centre.connect() as conn:
        return conn.execute("SELECT count(*) FROM logbook.event").fetchone()[0]


def test_a_sync_registers_the_key_for_its_own_login_and_no_other_login_can_take_it(
    centre, laptops, tmp_path
):
    assert run_sync(centre, laptops, "amy").refused == []
    key = amy_key(laptops)
    assert held(centre) == [(key, "amy", "Amy Jones")]
    with centre.connect("iris") as iris:
        # the login column is the centre's: not in the roles' grant
        with pytest.raises(errors.InsufficientPrivilege):
            iris.execute(
                "INSERT INTO logbook.signing_key (key, login, name) VALUES (%s, 'iris', 'x')",
                ("ab" * 32,),
            )
        for statement in (
            "UPDATE logbook.signing_key SET name = 'Iris Khan'",
            "DELETE FROM logbook.signing_key",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                iris.execute(statement)
        # amy's key registered again from iris's login: said, and still amy's
        problems = register(iris, {key: "Amy Jones"})
        assert any("held by the centre for another login" in p for p in problems), problems
        # a key of iris's own in amy's name: refused, nothing registered
        (tmp_path / "iris-keys").mkdir()
        own = Keyring(tmp_path / "iris-keys").signer("Amy Jones").public_key
        (problem,) = register(iris, {own: "Amy Jones"})
        assert "the name 'Amy Jones' is held at the centre by another login's keys" in problem
    assert held(centre) == [(key, "amy", "Amy Jones")]


def test_the_centre_refuses_an_event_under_a_key_it_holds_for_another_login(centre, laptops):
    run_sync(centre, laptops, "amy")
    _, history = book(laptops, "amy").rows()
    entry = next(e for e in history if e["kind"] == "witness")
    copied = forged(dict(entry))  # a new event, amy's key and name, sent by iris
    before = count_events(centre)
    with centre.connect("iris") as iris, pytest.raises(errors.InsufficientPrivilege):
        push(iris, [to_event(copied, laptops["candidate"])])
    with centre.connect("amy") as amy:  # from amy's own login the same key is taken
        assert push(amy, [to_event(forged(dict(entry)), laptops["candidate"])]) == 1
    assert count_events(centre) == before + 1


def test_a_fresh_laptop_trusts_a_key_for_its_owners_login_not_for_whoever_sent_it_first(
    centre, laptops, tmp_path
):
    """Iris writes first, in Amy's name, with a key of her own (the only kind the centre takes
    from her login); Amy's entries come after. A lead IQA's new laptop pulls both: Iris's entry
    is named and not stored, Amy's are all taken (before, the first key seen for "Amy Jones"
    was trusted, and Amy's own entries were refused)."""
    with centre.connect("amy") as amy:
        assert register(amy, {amy_key(laptops): "Amy Jones"}) == []
    _, history = book(laptops, "amy").rows()
    first = next(e for e in history if e["kind"] == "candidate")
    (tmp_path / "iris-keys").mkdir()
    iris_signer = Keyring(tmp_path / "iris-keys").signer("Iris Khan")
    with centre.connect("iris") as iris:
        assert register(iris, {iris_signer.public_key: "Iris Khan"}) == []
        push(iris, [to_event(forged(dict(first), iris_signer, by="Amy Jones"), first["record"])])
    assert run_sync(centre, laptops, "amy").pushed == 2
    laptops["lee"] = tmp_path / "lee"
    NAMES["lee"] = "Lee Grant"
    try:
        report = run_sync(centre, laptops, "lee")
    finally:
        del NAMES["lee"]
    assert report.pulled == 3 and report.stored == 2
    (refused,) = report.refused
    assert "from iris" in refused and "the centre holds its key for 'Iris Khan'" in refused
    lee = LogbookFile(Path(laptops["lee"]) / f"{laptops['candidate']}.json")
    assert lee.rows()[0] == book(laptops, "amy").rows()[0] and lee.verify() == []


def test_a_centre_made_before_keys_were_registered_holds_each_key_for_its_first_pusher(
    centre, laptops
):
    run_sync(centre, laptops, "amy")
    key = amy_key(laptops)
    with centre.connect() as conn:  # as a centre made before the key table: none registered
        conn.execute("ALTER TABLE logbook.signing_key DISABLE TRIGGER signing_key_append_only")
        conn.execute("DELETE FROM logbook.signing_key")
        conn.execute("ALTER TABLE logbook.signing_key ENABLE TRIGGER signing_key_append_only")
        assert held(centre) == []
        admin.create_schema(conn)  # the upgrade: run again
    assert held(centre) == [(key, "amy", "Amy Jones")]
    run_sync(centre, laptops, "iris")
    assert run_sync(centre, laptops, "iris").refused == []
    assert book(laptops, "iris").verify() == []
