/**
 * vaults4j core: Fuse vault files as a Java map, and the tools that work on whole files.
 *
 * <p>Exported: the API ({@code io.github.vaults4j}: {@code Vault}, {@code Vaults}, {@code VaultOptions}, the
 * Python value types and the exceptions), encrypted vaults ({@code io.github.vaults4j.crypto}) and the tools
 * ({@code io.github.vaults4j.tools}). The codec is
 * exported only to the GraalPy front end, which checks pickles before Python loads them. Storage and the row
 * layer are internal: layers, bottom up, are codec and storage, rows, the API, the tools.
 */
// msgpack-core has no module name of its own (its jar's name gives one), and the GraalPy module is not on the
// module path when the core is compiled: both are expected.
@SuppressWarnings({"requires-automatic", "module"})
module io.github.vaults4j.core {
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires msgpack.core;
    requires org.slf4j;
    // The PostgreSQL store's driver and pool are optional: a SQLite-only user has neither.
    requires static org.postgresql.jdbc;
    requires static com.zaxxer.hikari;
    // Metrics are optional too: only io.github.vaults4j.metrics.MicrometerVaultMetrics names Micrometer, and it
    // is loaded only when a meter registry was given (micrometer.core is the jar's Automatic-Module-Name).
    requires static micrometer.core;
    // The tools' JSON reading and writing take Jackson's parser and generator.
    requires transitive com.fasterxml.jackson.core;

    exports io.github.vaults4j;
    exports io.github.vaults4j.crypto;
    exports io.github.vaults4j.tools;
    exports io.github.vaults4j.codec to io.github.vaults4j.python;
}
