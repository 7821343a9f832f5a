"""Who is what at the centre, as its database roles say: a pull asks it of the login that
pushed an event. An IQA decision is recorded by an IQA or a lead IQA (`Person.samples` in
`logbook.domain.iqa`): one pushed by another login (an assessor's laptop, which holds no roles
file and so let its user record one) would count as sampled on every laptop that pulled it,
and go into the EQA's pack as the IQA's.
"""

from __future__ import annotations

import psycopg

# a member of the centre's group role iqa or lead_iqa (as `admin.add_person` makes them)
_SAMPLES = """
SELECT EXISTS (
    SELECT FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = %s
      AND (pg_catalog.pg_has_role(r.oid, 'iqa', 'MEMBER')
           OR pg_catalog.pg_has_role(r.oid, 'lead_iqa', 'MEMBER'))
)
"""


class CentreRoles:
    """The centre's roles, as a pull needs them (each login asked once)."""

    def __init__(self, conn: psycopg.Connection):
        self.conn = conn
        self.asked: dict[str, bool] = {}

    def samples(self, login: str) -> bool:
        """Is `login` an IQA or a lead IQA at the centre (a superuser counts as every role)?"""
        if login not in self.asked:
            self.asked[login] = bool(self.conn.execute(_SAMPLES, (login,)).fetchone()[0])
        return self.asked[login]
