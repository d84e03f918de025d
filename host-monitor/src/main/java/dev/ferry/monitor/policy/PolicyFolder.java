package dev.ferry.monitor.policy;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The policy files of one folder: every {@code *.yaml} and {@code *.yml} in it (not below it),
 * except hidden and {@linkplain TemporaryFiles temporary} names, one policy per file.
 *
 * <p>{@link #reload()} re-reads the folder and re-parses only files whose bytes changed. A valid
 * file replaces its previous policy; an invalid one is reported and its previous policy, if any,
 * stays in force; a file that is gone takes its policy with it. A file whose policy name is already
 * used by another file is invalid; files are taken in name order, so on a fresh start the later
 * file is the one rejected, and a rejected file is tried again once the name is free.
 *
 * <p>Thread-safe (methods are synchronized).
 */
public final class PolicyFolder {
  private final Path folder;

  /** By file, in name order. */
  private final Map<Path, Entry> files = new TreeMap<>();

  private PolicySet current = PolicySet.empty();

  /** A file's bytes as last read, its policy in force (or null), whether it lost a name clash. */
  private static final class Entry {
    private final byte[] content;
    private final Policy policy;
    private final boolean nameClash;

    Entry(byte[] content, Policy policy, boolean nameClash) {
      this.content = content;
      this.policy = policy;
      this.nameClash = nameClash;
    }

    byte[] content() {
      return content;
    }

    Policy policy() {
      return policy;
    }

    boolean nameClash() {
      return nameClash;
    }
  }

  /**
   * What a reload did.
   *
   * @param policies in force afterwards
   * @param changed whether {@code policies} differs from before
   * @param rejected files newly found invalid (or unreadable), in name order
   */
  public record Reload(PolicySet policies, boolean changed, Map<Path, PolicyException> rejected) {
    public Reload {
      rejected = Collections.unmodifiableMap(new LinkedHashMap<>(rejected));
    }
  }

  public PolicyFolder(Path folder) {
    this.folder = folder.toAbsolutePath().normalize();
  }

  /** The folder, absolute and normalized. */
  public Path folder() {
    return folder;
  }

  /** True if a file of this name in the folder is read as a policy. */
  public static boolean isPolicyFile(Path file) {
    Path n = file.getFileName();
    if (n == null) {
      return false;
    }
    String name = n.toString();
    String lower = name.toLowerCase(Locale.ROOT);
    return !name.startsWith(".")
        && !TemporaryFiles.isTemporary(name)
        && (lower.endsWith(".yaml") || lower.endsWith(".yml"));
  }

  /** The policies in force after the last reload. */
  public synchronized PolicySet current() {
    return current;
  }

  /**
   * Re-reads the folder.
   *
   * @throws IOException if the folder cannot be listed; nothing changes then
   */
  public synchronized Reload reload() throws IOException {
    List<Path> present = list();
    boolean changed = false;
    for (Iterator<Map.Entry<Path, Entry>> it = files.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Path, Entry> e = it.next();
      if (!present.contains(e.getKey())) {
        changed |= e.getValue().policy() != null;
        it.remove();
      }
    }
    Map<Path, PolicyException> rejected = new LinkedHashMap<>();
    for (Path f : present) {
      Entry before = files.get(f);
      byte[] content;
      try {
        content = PolicyParser.read(f);
      } catch (NoSuchFileException e) {
        changed |= files.remove(f) != null && before.policy() != null;
        continue;
      } catch (IOException e) {
        rejected.put(f, unreadable(f, e));
        continue;
      }
      boolean same = before != null && Arrays.equals(before.content(), content);
      if (same && !before.nameClash()) {
        continue;
      }
      PolicyException error;
      boolean clash = false;
      try {
        PolicyParser.Parsed parsed = PolicyParser.parse(f, content);
        error = nameClash(f, parsed);
        if (error == null) {
          files.put(f, new Entry(content, parsed.policy(), false));
          changed = true;
          continue;
        }
        clash = true;
      } catch (PolicyException e) {
        error = e;
      }
      files.put(f, new Entry(content, before == null ? null : before.policy(), clash));
      if (!same) {
        rejected.put(f, error);
      }
    }
    if (changed) {
      List<Policy> inForce = new ArrayList<>();
      for (Entry e : files.values()) {
        if (e.policy() != null) {
          inForce.add(e.policy());
        }
      }
      current = PolicySet.of(inForce);
    }
    return new Reload(current, changed, rejected);
  }

  /** The error if another file's policy in force has the same name, else null. */
  private PolicyException nameClash(Path f, PolicyParser.Parsed parsed) {
    String name = parsed.policy().name();
    for (Map.Entry<Path, Entry> e : files.entrySet()) {
      Policy other = e.getValue().policy();
      if (!e.getKey().equals(f) && other != null && other.name().equals(name)) {
        return new PolicyException(
            new PolicyError(
                f.toString(),
                parsed.nameLine(),
                parsed.nameColumn(),
                "name",
                Units.quote(name)
                    + " is already the name of the policy in "
                    + e.getKey()
                    + "; policy names must be unique"));
      }
    }
    return null;
  }

  private static PolicyException unreadable(Path f, IOException e) {
    return new PolicyException(new PolicyError(f.toString(), 1, 1, "", "cannot be read: " + e));
  }

  private List<Path> list() throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
      for (Path p : ds) {
        if (isPolicyFile(p) && Files.isRegularFile(p)) {
          out.add(p);
        }
      }
    }
    Collections.sort(out);
    return out;
  }
}
