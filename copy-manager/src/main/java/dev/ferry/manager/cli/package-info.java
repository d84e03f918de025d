/**
 * The {@code ferry} command line (picocli). Contract: exit code 0 on success; otherwise non-zero
 * with one line on stderr that names the culprit (flag, file, value). Usage errors exit 2.
 */
package dev.ferry.manager.cli;
