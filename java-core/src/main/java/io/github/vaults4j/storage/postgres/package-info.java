/**
 * PostgreSQL roots: a vault root that is a schema of a PostgreSQL database rather than a folder of files.
 * {@link io.github.vaults4j.storage.postgres.PostgresAddress} reads the {@code postgresql://} form of a root and
 * finds its password as libpq does; {@link io.github.vaults4j.storage.postgres.PostgresDependencies} names the
 * artifacts a PostgreSQL root needs when they are missing. The table layout is the DDL in the resource
 * {@code io/github/vaults4j/storage/postgres/schema.sql}. Cells are the same bytes as in a vault file.
 */
package io.github.vaults4j.storage.postgres;
