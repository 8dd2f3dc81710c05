/**
 * The public API: {@link io.github.vaults4j.Vault}, a thread-safe {@link java.util.concurrent.ConcurrentMap}
 * over one Fuse vault file; {@link io.github.vaults4j.Vaults}, the {@code root/vaults/NAME.db} layout of
 * Python's {@code set_root_path}; {@link io.github.vaults4j.VaultOptions}; the Python value types Java lacks
 * ({@link io.github.vaults4j.PyTuple}, {@link io.github.vaults4j.PyFrozenSet},
 * {@link io.github.vaults4j.PyComplex}, {@link io.github.vaults4j.PyObject}); and the
 * {@link io.github.vaults4j.VaultException} family.
 *
 * <pre>{@code
 * try (Vault vault = Vaults.at(Path.of("/srv/fuse")).open("commons")) {
 *     vault.put("greeting", "hello");
 *     Object value = vault.get("greeting");
 * }
 * }</pre>
 *
 * Everything outside this package ({@code codec}, {@code storage}, {@code tools}) is usable on its own but
 * is not needed for reading and writing vaults.
 */
package io.github.vaults4j;
