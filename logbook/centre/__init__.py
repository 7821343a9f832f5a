"""The centre store: PostgreSQL, for a centre that has outgrown one machine.

The embedded local files stay the default: a single assessor needs no server. A centre runs
PostgreSQL with `schema.sql` (`admin.create_schema`, `logbook centre init`); each laptop pushes
its events and pulls those of the candidates its database role may see (`events.push`,
`events.pull`), and `sync` does it for a data folder: this device's new history entries out,
everyone else's in, each record merged by the domain's rule (`logbook.domain.merge`). Who the
user is comes from the database role, never from a typed name. The package sits above the
store in the layers: it syncs the local files.
"""
