/**
 * The {@code vaults} command line: {@link io.github.vaults4j.cli.VaultsCommand} dispatches to one class per
 * subcommand, such as {@link io.github.vaults4j.cli.PythonCommand}.
 */
package io.github.vaults4j.cli;
