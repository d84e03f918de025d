/** The workstation agent. */
package dev.ferry.monitor;
