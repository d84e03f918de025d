/** Typed configuration of the copy manager. */
package dev.ferry.manager.config;
