/**
 * Tools for whole vault files: inspect, measure, check, back up, export, import and migrate, as a Java API.
 * The {@code vaults} command line is built on it.
 *
 * <pre>{@code
 * Path file = Path.of("/srv/fuse/vaults/commons.db");
 *
 * CheckReport check = VaultTools.check(file, Progress.NONE);
 * if (!check.ok()) {
 *     check.badRows().forEach(bad -> System.err.println("row " + bad.rowId() + ": " + bad.reason()));
 * }
 *
 * VaultTools.backup(file, Path.of("/backups/commons.db"), Progress.NONE);
 *
 * try (OutputStream out = Files.newOutputStream(Path.of("commons.json"))) {
 *     VaultTools.export(file, out, ExportFormat.LOSSLESS, false, Progress.NONE);
 * }
 *
 * MigrationReport plan = VaultTools.migrate(file, MigrationOptions.toMsgpack().asDryRun(), Progress.NONE);
 * if (plan.changed()) {
 *     MigrationReport done = VaultTools.migrate(file, MigrationOptions.toMsgpack(),
 *             (phase, n, total) -> System.err.printf("%s %d/%d%n", phase, n, total));
 *     System.out.println("backup: " + done.backup() + ", twins resolved: " + done.twins().size());
 * }
 * }</pre>
 *
 * <p>Every result is a record, so a caller can print it as a table or serialise it as JSON.
 */
package io.github.vaults4j.tools;
