/**
 * Metrics of vault operations. {@link io.github.vaults4j.metrics.VaultMetrics} is what the API calls around each
 * operation; its default records nothing and allocates nothing. Micrometer is an optional dependency:
 * {@link io.github.vaults4j.metrics.MicrometerVaultMetrics} is the only class that names a Micrometer type, and it
 * is loaded only when a meter registry was given, so without Micrometer on the class path no Micrometer class is
 * ever loaded.
 *
 * <p>{@link io.github.vaults4j.metrics.ToolRuns} times the tools' runs (migrate, backup, copy, rekey, ...) as the
 * same {@code db.client.operation.duration} timer, tagged with the tool as {@code db.operation.name} and
 * {@code error.type} (the exception's class, {@code none} on success). The tools are static and take no registry,
 * so the runs go to Micrometer's global registry, {@code io.micrometer.core.instrument.Metrics.globalRegistry}: an
 * application sees them after {@code Metrics.addRegistry(registry)}. It looks for Micrometer by class name first,
 * so without Micrometer a run loads no Micrometer class.
 */
package io.github.vaults4j.metrics;
