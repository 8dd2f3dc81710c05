/**
 * The GraalPy front end: the Python {@code vaults} package (shipped as resources in this jar) and the
 * Java side it calls into.
 *
 * <p>{@link io.github.vaults4j.python.VaultsPython} makes contexts in which {@code import vaults} works;
 * {@link io.github.vaults4j.python.VaultsBridge} is the host class the package calls: it turns Python
 * values into the core's Java values and back, and maps the core's exceptions onto Python ones.
 * {@link io.github.vaults4j.python.FernetBridge} gives {@code vaults.EncryptedVault} the core's Fernet, since
 * GraalPy has no {@code cryptography} package.
 */
package io.github.vaults4j.python;
