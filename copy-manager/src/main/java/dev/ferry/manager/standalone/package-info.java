/**
 * Standalone mode: agent, copy manager and catalog in one JVM on one machine, with an embedded
 * PostgreSQL under {@code --data} unless {@code --db} names a server.
 *
 * <p>Files under {@code --data}: {@code ferry.lock} (one Ferry per data folder), {@code
 * manager.url} (where the running manager answers; present only while it runs), {@code journal/}
 * (the backup cache), {@code agent/} (agent state), {@code catalog/} (embedded PostgreSQL cluster)
 * and {@code catalog.log} (its server log).
 */
package dev.ferry.manager.standalone;
