-- The tables of one vaults4j PostgreSQL root. A root is one schema of a database; :"schema" is its name
-- (vaults by default). vaults4j runs this file itself when it opens a root whose tables are missing; a DBA who
-- prefers to create them ahead runs the same file:
--
--     psql -v schema=vaults -f schema.sql postgresql://owner@host/database
--
-- and may then grant the application's role USAGE on the schema and SELECT, INSERT, UPDATE, DELETE on the four
-- tables (and USAGE on the sequences) instead of ownership. Every statement is idempotent.

CREATE SCHEMA IF NOT EXISTS :"schema";

-- One row per vault: what a vault file's name is in a folder root. vault_id is what the vault's rows carry and
-- what its writers lock (pg_advisory_xact_lock); deleting the row deletes the vault's rows with it.
--
-- key_encodings has a bit for each encoding a key of the vault may be stored under (bit n: vaults4j's encoding
-- n, msgpack or a pickle protocol with or without its marker; bit 30: a cell of none of them). A writer sets a
-- bit in the transaction that first writes a key of its encoding and clears them all when it empties the vault,
-- so it always covers what the vault holds; a look-up then asks only for the cells those encodings allow.
-- -1 (every bit) is "unknown", what vaults made before the column get.
CREATE TABLE IF NOT EXISTS :"schema".vault (
    vault_id      integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text        NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    key_encodings integer     NOT NULL DEFAULT 0
);
ALTER TABLE :"schema".vault ADD COLUMN IF NOT EXISTS key_encodings integer NOT NULL DEFAULT -1;
ALTER TABLE :"schema".vault ALTER COLUMN key_encodings SET DEFAULT 0;

-- Every vault's rows, one table for all vaults of the root. key and value are the very cells of a vault file's
-- dict table: a marker byte ('M' msgpack, 'P' pickle) and the payload, byte for byte, so a vault moves between a
-- file and PostgreSQL with no byte changed. value may be NULL because a file's value column may be.
--
-- row_id is the row's cursor: given when the row is inserted, kept when its value is replaced (as SQLite's rowid
-- under vaults4j's UPSERT), the order of a scan. Writers of one vault hold its lock until they commit, so within
-- a vault row_ids also commit in increasing order and a paged scan "after row_id N" misses no committed row.
--
-- key_hash makes the key unique. A B-tree entry holds at most about 2.7 kB and a vault key has no size limit,
-- so the unique index is on the key's SHA-256 rather than on the key itself; a look-up asks for both
-- (key_hash = sha256($key) AND key = $key), so it stays exact.
CREATE TABLE IF NOT EXISTS :"schema".entry (
    vault_id integer   NOT NULL REFERENCES :"schema".vault (vault_id) ON DELETE CASCADE,
    row_id   bigserial NOT NULL,
    key      bytea     NOT NULL,
    value    bytea,
    key_hash bytea     NOT NULL GENERATED ALWAYS AS (sha256(key)) STORED,
    PRIMARY KEY (vault_id, key_hash),
    UNIQUE (vault_id, row_id)
);

-- A vault's attributes: a few named bytes kept beside its rows (the side table of a vault file), such as an
-- encrypted vault's wrapped data key.
CREATE TABLE IF NOT EXISTS :"schema".vault_attribute (
    vault_id integer NOT NULL REFERENCES :"schema".vault (vault_id) ON DELETE CASCADE,
    name     text    NOT NULL,
    value    bytea   NOT NULL,
    PRIMARY KEY (vault_id, name)
);

-- When an entry put with a time to live expires, in milliseconds since the epoch: a row only for such an entry
-- (an entry without one costs nothing here). Reads leave out entries whose time has come; a plain write of the
-- entry deletes its row here, and deleting the entry deletes it with it (the foreign key).
CREATE TABLE IF NOT EXISTS :"schema".entry_expiry (
    vault_id   integer NOT NULL,
    key_hash   bytea   NOT NULL,
    expires_at bigint  NOT NULL,
    PRIMARY KEY (vault_id, key_hash),
    FOREIGN KEY (vault_id, key_hash) REFERENCES :"schema".entry (vault_id, key_hash) ON DELETE CASCADE
);

-- A vault's access log, kept only when a program opens the vault with the access log on (off by default): one
-- record per key read, written or removed, appended in batches and pruned by age and count. key is the key's
-- repr, or its keyed hash ('hmac-sha256:' and hex) when the program asks for one; at is when the operation ended.
CREATE TABLE IF NOT EXISTS :"schema".access_log (
    vault_id    integer     NOT NULL REFERENCES :"schema".vault (vault_id) ON DELETE CASCADE,
    entry_id    bigserial   NOT NULL,
    at          timestamptz NOT NULL,
    operation   text        NOT NULL,
    key         text,
    duration_us bigint      NOT NULL,
    process     text        NOT NULL,
    PRIMARY KEY (vault_id, entry_id)
);
