/**
 * The copy manager's HTTP API: status and drain-now. Resources only map HTTP; the work is in {@code
 * drain} and {@code catalog}.
 */
package dev.ferry.manager.api;
