"""The centre store: PostgreSQL, for a centre that has outgrown one machine.

The embedded local files stay the default: a single assessor needs no server. A centre runs
PostgreSQL with `schema.sql` (`admin.create_schema`); each laptop pushes its events and pulls
those of the candidates its database role may see (`events.push`, `events.pull`). Who the user
is comes from the database role, never from a typed name.
"""
