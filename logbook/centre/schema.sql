-- The logbook's centre store, in PostgreSQL (13 or later).
--
-- Run once per centre database by a superuser (or the database owner with CREATEROLE who may
-- SET ROLE logbook_owner); running it again changes nothing. `logbook.centre.admin` does it.
--
-- * `logbook.event`: every change any device made to a record, append-only. No application
--   role may UPDATE, DELETE or TRUNCATE it (no grant, and a trigger refuses it even to the
--   owner). Who wrote an event is the database role that inserted it (`current_user`), never
--   a name the client sends: the column is not in the roles' INSERT grant.
-- * `logbook.assignment`: who may see whom: an assessor's candidates, an IQA's assessors, the
--   lead IQAs and the EQAs, each by their login role.
-- * `logbook.signing_key`: every public key that signs history entries, with the login role
--   that registered it (`current_user`, never sent) and the name its entries give. A role
--   registers only under its own login and a name no other login's keys give, a key belongs
--   to one login for good (append-only), and
--   an event that carries a key is stored only if the centre holds that key for the role
--   inserting it: nobody can push entries under another person's key, and a pull trusts a key
--   for the login the centre holds it for, not for whoever sent it first.
-- * Four group roles, none of which owns a table: assessor, iqa, lead_iqa, eqa. A person logs
--   in as their own role, member of one of them. Row-level security (ENABLE + FORCE) lets an
--   assessor see and insert events of their own candidates only, an IQA those of the
--   assessors assigned to them, a lead IQA all, and an EQA read all and write nothing.

SET client_min_messages = warning;  -- "already exists, skipping" is what a re-run expects

DO $$
DECLARE
    wanted text;
BEGIN
    FOREACH wanted IN ARRAY ARRAY['logbook_owner', 'assessor', 'iqa', 'lead_iqa', 'eqa'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = wanted) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', wanted);
        END IF;
    END LOOP;
END
$$;

CREATE SCHEMA IF NOT EXISTS logbook AUTHORIZATION logbook_owner;
REVOKE ALL ON SCHEMA logbook FROM PUBLIC;
GRANT USAGE ON SCHEMA logbook TO assessor, iqa, lead_iqa, eqa;

SET ROLE logbook_owner;

CREATE TABLE IF NOT EXISTS logbook.event (
    -- the order the centre stored events in: (tx, seq) is a pull's cursor
    seq          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    tx           xid8 NOT NULL DEFAULT pg_current_xact_id(),
    event_id     uuid PRIMARY KEY,
    candidate_id text NOT NULL CHECK (length(candidate_id) BETWEEN 1 AND 100),
    record_id    text NOT NULL CHECK (length(record_id) BETWEEN 1 AND 100),
    kind         text NOT NULL CHECK (length(kind) BETWEEN 1 AND 50),
    content      jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object'),
    who          text NOT NULL DEFAULT current_user,
    at           timestamptz NOT NULL,
    device       text NOT NULL CHECK (length(device) BETWEEN 1 AND 200),
    -- the hash of the version this event changes; NULL for a new record
    parent_hash  text CHECK (parent_hash ~ '^[0-9A-Za-z:+/=_-]{16,200}$'),
    -- the device's hash chain after this event
    chain_hash   text NOT NULL CHECK (chain_hash ~ '^[0-9A-Za-z:+/=_-]{16,200}$'),
    received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS event_cursor ON logbook.event (tx, seq);
-- a pull of an assessor or an IQA walks each of their candidates' events after the cursor,
-- never the events of the candidates they may not see (which may be most of the table);
-- it serves every other look-up by candidate as well as the one-column index it replaces
CREATE INDEX IF NOT EXISTS event_candidate_cursor ON logbook.event (candidate_id, tx, seq);
DROP INDEX IF EXISTS logbook.event_candidate;

CREATE TABLE IF NOT EXISTS logbook.signing_key (
    key           text PRIMARY KEY CHECK (key ~ '^[0-9a-f]{64}$'),
    login         text NOT NULL DEFAULT current_user,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    registered_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS logbook.assignment (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    role         text NOT NULL CHECK (role IN ('assessor', 'iqa', 'lead_iqa', 'eqa')),
    member       text NOT NULL,  -- the person's login role
    candidate_id text,           -- role 'assessor': a candidate they assess
    assessor     text,           -- role 'iqa': an assessor (login role) they quality-assure
    CHECK ((role = 'assessor') = (candidate_id IS NOT NULL)),
    CHECK ((role = 'iqa') = (assessor IS NOT NULL))
);
CREATE UNIQUE INDEX IF NOT EXISTS assignment_once
    ON logbook.assignment (role, member, coalesce(candidate_id, ''), coalesce(assessor, ''));

-- Append-only, even for the owner: refused per statement, whether or not a row matches.
CREATE OR REPLACE FUNCTION logbook.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event table is append-only: % is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
DROP TRIGGER IF EXISTS event_append_only ON logbook.event;
CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON logbook.event
    FOR EACH STATEMENT EXECUTE FUNCTION logbook.refuse_change();
DROP TRIGGER IF EXISTS signing_key_append_only ON logbook.signing_key;
CREATE TRIGGER signing_key_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON logbook.signing_key
    FOR EACH STATEMENT EXECUTE FUNCTION logbook.refuse_change();


-- Who may see which candidates, read from the assignment table by functions that run as its
-- owner: the roles themselves cannot read other people's assignments. `who` is always the
-- caller's current_user, passed by the policies below; called by hand with another login's
-- name, they answer nothing (`caller_is`: inside them current_user is their owner, so the
-- login is its session's, or a role that login may act as, as a superuser's SET ROLE).
CREATE OR REPLACE FUNCTION logbook.caller_is(who text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT who = session_user OR EXISTS (
        SELECT FROM pg_roles WHERE rolname = who AND pg_has_role(session_user, oid, 'MEMBER')
    )
$$;
CREATE OR REPLACE FUNCTION logbook.candidates_of_assessor(who text) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT candidate_id FROM logbook.assignment
    WHERE role = 'assessor' AND member = who AND logbook.caller_is(who)
$$;
CREATE OR REPLACE FUNCTION logbook.candidates_of_iqa(who text) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT a.candidate_id
    FROM logbook.assignment i
    JOIN logbook.assignment a ON a.role = 'assessor' AND a.member = i.assessor
    WHERE i.role = 'iqa' AND i.member = who AND logbook.caller_is(who)
$$;
CREATE OR REPLACE FUNCTION logbook.holds(who text, wanted text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT logbook.caller_is(who)
        AND EXISTS (SELECT FROM logbook.assignment WHERE role = wanted AND member = who)
$$;

-- The candidates whose events the current role may see, for a pull to name them: never one
-- the policies below would hide (it is built from the same functions, and the policies still
-- apply to the pull), and NULL, "look at every event", for a role that sees more than its
-- assignments give: a lead IQA, an EQA, the owner, a superuser or a role that bypasses
-- row-level security. It runs as its caller (current_user is the caller's role); the
-- functions it calls read the assignments as their owner.
CREATE OR REPLACE FUNCTION logbook.visible_candidates() RETURNS text[]
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE
        WHEN pg_has_role(current_user, 'lead_iqa', 'USAGE')
             OR pg_has_role(current_user, 'eqa', 'USAGE')
             OR pg_has_role(current_user, 'logbook_owner', 'USAGE')
             OR EXISTS (SELECT FROM pg_roles WHERE rolname = current_user
                        AND (rolsuper OR rolbypassrls))
        THEN NULL
        ELSE ARRAY(
            SELECT logbook.candidates_of_assessor(current_user)
            UNION
            SELECT logbook.candidates_of_iqa(current_user)
            ORDER BY 1
        )
    END
$$;

-- Is the key an event carries held for the role inserting it? (An event without a key is
-- stored, and refused by every laptop's pull, which takes signed entries only.)
CREATE OR REPLACE FUNCTION logbook.key_held(who text, wanted text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT wanted IS NULL OR EXISTS (
        SELECT FROM logbook.signing_key WHERE key = wanted AND login = who
    )
$$;

-- Is `wanted` the name of another login's keys? A name is its first login's: nobody signs in
-- another person's name under a key of their own.
CREATE OR REPLACE FUNCTION logbook.name_taken(who text, wanted text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT FROM logbook.signing_key WHERE name = wanted AND login <> who)
$$;

ALTER TABLE logbook.event ENABLE ROW LEVEL SECURITY;
ALTER TABLE logbook.event FORCE ROW LEVEL SECURITY;
ALTER TABLE logbook.signing_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE logbook.signing_key FORCE ROW LEVEL SECURITY;
ALTER TABLE logbook.assignment ENABLE ROW LEVEL SECURITY;
ALTER TABLE logbook.assignment FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS assessor_reads ON logbook.event;
CREATE POLICY assessor_reads ON logbook.event FOR SELECT TO assessor
    USING (candidate_id IN (SELECT logbook.candidates_of_assessor(current_user)));
DROP POLICY IF EXISTS assessor_writes ON logbook.event;
CREATE POLICY assessor_writes ON logbook.event FOR INSERT TO assessor
    WITH CHECK (who = current_user AND logbook.key_held(current_user, content->>'key')
                AND candidate_id IN (SELECT logbook.candidates_of_assessor(current_user)));

DROP POLICY IF EXISTS iqa_reads ON logbook.event;
CREATE POLICY iqa_reads ON logbook.event FOR SELECT TO iqa
    USING (candidate_id IN (SELECT logbook.candidates_of_iqa(current_user)));
DROP POLICY IF EXISTS iqa_writes ON logbook.event;
CREATE POLICY iqa_writes ON logbook.event FOR INSERT TO iqa
    WITH CHECK (who = current_user AND logbook.key_held(current_user, content->>'key')
                AND candidate_id IN (SELECT logbook.candidates_of_iqa(current_user)));

DROP POLICY IF EXISTS lead_iqa_reads ON logbook.event;
CREATE POLICY lead_iqa_reads ON logbook.event FOR SELECT TO lead_iqa
    USING (logbook.holds(current_user, 'lead_iqa'));
DROP POLICY IF EXISTS lead_iqa_writes ON logbook.event;
CREATE POLICY lead_iqa_writes ON logbook.event FOR INSERT TO lead_iqa
    WITH CHECK (who = current_user AND logbook.key_held(current_user, content->>'key')
                AND logbook.holds(current_user, 'lead_iqa'));

DROP POLICY IF EXISTS eqa_reads ON logbook.event;
CREATE POLICY eqa_reads ON logbook.event FOR SELECT TO eqa
    USING (logbook.holds(current_user, 'eqa'));

-- Public keys are read by every role (a pull checks each entry's key against them); a role
-- registers keys under its own login only; the owner reads them all (its functions).
DROP POLICY IF EXISTS keys_read ON logbook.signing_key;
CREATE POLICY keys_read ON logbook.signing_key FOR SELECT
    TO assessor, iqa, lead_iqa, eqa, logbook_owner USING (true);
DROP POLICY IF EXISTS keys_own ON logbook.signing_key;
CREATE POLICY keys_own ON logbook.signing_key FOR INSERT TO assessor, iqa, lead_iqa
    WITH CHECK (login = current_user AND NOT logbook.name_taken(current_user, name));
DROP POLICY IF EXISTS owner_reads_events ON logbook.event;
CREATE POLICY owner_reads_events ON logbook.event FOR SELECT TO logbook_owner USING (true);
DROP POLICY IF EXISTS keys_owner_fills ON logbook.signing_key;
CREATE POLICY keys_owner_fills ON logbook.signing_key FOR INSERT TO logbook_owner
    WITH CHECK (true);

-- A person reads their own assignments; the owner's functions read them all.
DROP POLICY IF EXISTS own_assignments ON logbook.assignment;
CREATE POLICY own_assignments ON logbook.assignment FOR SELECT
    TO assessor, iqa, lead_iqa, eqa USING (member = current_user);
DROP POLICY IF EXISTS owner_reads_assignments ON logbook.assignment;
CREATE POLICY owner_reads_assignments ON logbook.assignment FOR SELECT
    TO logbook_owner USING (true);

-- A centre made before keys were registered: each key its events carry is held for the login
-- that first pushed an event signed with it (as the laptops trusted it until then).
INSERT INTO logbook.signing_key (key, login, name, registered_at)
SELECT DISTINCT ON (content->>'key') content->>'key', who, left(content->>'by', 200), received_at
FROM logbook.event
WHERE content->>'key' ~ '^[0-9a-f]{64}$' AND length(content->>'by') >= 1
ORDER BY content->>'key', received_at, seq
ON CONFLICT (key) DO NOTHING;

RESET ROLE;

REVOKE ALL ON ALL TABLES IN SCHEMA logbook FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA logbook FROM PUBLIC;
GRANT SELECT ON logbook.event TO assessor, iqa, lead_iqa, eqa;
GRANT INSERT (event_id, candidate_id, record_id, kind, content, at, device, parent_hash,
              chain_hash)
    ON logbook.event TO assessor, iqa, lead_iqa;
GRANT SELECT ON logbook.assignment TO assessor, iqa, lead_iqa, eqa;
GRANT SELECT ON logbook.signing_key TO assessor, iqa, lead_iqa, eqa;
GRANT INSERT (key, name) ON logbook.signing_key TO assessor, iqa, lead_iqa;
GRANT EXECUTE ON FUNCTION logbook.candidates_of_assessor(text), logbook.candidates_of_iqa(text),
    logbook.holds(text, text), logbook.key_held(text, text), logbook.visible_candidates(),
    logbook.name_taken(text, text) TO assessor, iqa, lead_iqa, eqa;

-- A push copies its events into a temporary table of its own session, then moves them with
-- one INSERT that the policies above check (COPY straight into a table with row-level
-- security is refused): the roles that write events may make one, even where PUBLIC may not.
DO $$
BEGIN
    EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO assessor, iqa, lead_iqa',
                   current_database());
END
$$;
