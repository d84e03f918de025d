/**
 * The parts of a workstation that live in the copy manager's JVM in standalone mode: the backup
 * cache and the agent that fills it.
 *
 * <p>Not guaranteed: saves that are still settling when the JVM stops are not in the cache; the
 * agent's startup scan (a later issue) is what finds them again.
 */
package dev.ferry.manager.agent;
