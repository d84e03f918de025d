/**
 * Copy policy: which files are backed up, how soon, how many versions are kept and where they go.
 *
 * <p>Terms: a <em>policy file</em> is one YAML file in the agent's policy folder, holding one
 * {@link dev.ferry.monitor.policy.Policy}; {@link dev.ferry.monitor.policy.PolicyParser} reads it,
 * naming file, line, column and field in every {@link dev.ferry.monitor.policy.PolicyError}. A
 * {@link dev.ferry.monitor.policy.PolicySet} is the policies in force; its {@code classify(file,
 * size)} picks the one policy that copies a file, or none. {@link
 * dev.ferry.monitor.policy.PolicyFolder} loads a folder of policy files and {@link
 * dev.ferry.monitor.policy.PolicyWatcher} reloads it when it changes. The format and the matching
 * and reload rules: {@code src-docs/policy.md}.
 *
 * <p>Temporary, swap, lock and partial files ({@link dev.ferry.monitor.policy.TemporaryFiles}) are
 * never copied, whatever a policy says. A {@link dev.ferry.monitor.policy.PolicySource} gives a
 * {@link dev.ferry.monitor.HostMonitor} its policies: a fixed set, or a folder under a {@link
 * dev.ferry.monitor.policy.PolicyWatcher}.
 *
 * <p>NOT guaranteed: the temporary-file list is name-based, so an application's own scratch file
 * with an ordinary name is recorded (if it survives the settle time), and a real file named like a
 * temporary one (say {@code notes.tmp}) is never backed up. Target names are not checked here (the
 * copy manager knows them). Roots need not exist when a policy is read. A reload changes what
 * happens to saves after it; records already written keep the policy class they were written with.
 */
package dev.ferry.monitor.policy;
