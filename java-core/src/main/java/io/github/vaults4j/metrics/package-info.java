/**
 * Metrics of vault operations. {@link io.github.vaults4j.metrics.VaultMetrics} is what the API calls around each
 * operation; its default records nothing and allocates nothing. Micrometer is an optional dependency:
 * {@link io.github.vaults4j.metrics.MicrometerVaultMetrics} is the only class that names a Micrometer type, and it
 * is loaded only when a meter registry was given, so without Micrometer on the class path no Micrometer class is
 * ever loaded.
 */
package io.github.vaults4j.metrics;
