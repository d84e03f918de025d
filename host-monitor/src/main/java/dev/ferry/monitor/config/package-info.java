/**
 * The workstation agent's configuration file ({@code ferry agent --config FILE}): where its data
 * and policies are, its host id and the journal's durability. Format: {@code
 * src-docs/agent-config.md}.
 */
package dev.ferry.monitor.config;
