/**
 * When drains run: every {@code ferry.drain-every}, taking only records older than {@code
 * ferry.hold}. Schedule windows come with the policy files of a later issue.
 */
package dev.ferry.manager.schedule;
