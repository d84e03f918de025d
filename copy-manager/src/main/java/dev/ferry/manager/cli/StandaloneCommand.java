package dev.ferry.manager.cli;

import dev.ferry.manager.config.TargetLocation;
import dev.ferry.manager.drain.SnapshotPaths;
import dev.ferry.manager.standalone.DataDirLock;
import dev.ferry.manager.standalone.EmbeddedCatalog;
import dev.ferry.manager.standalone.ManagerEndpoint;
import dev.ferry.manager.standalone.StandaloneApplication;
import dev.ferry.monitor.policy.ValueForms;
import dev.ferry.target.Compression;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.TargetCredential;
import io.quarkus.runtime.Quarkus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ferry standalone}: agent, manager and catalog in one JVM. */
@Command(
    name = "standalone",
    description = "Run agent + copy manager in one JVM, catalog embedded unless --db is given.")
final class StandaloneCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--watch",
      required = true,
      arity = "1..*",
      paramLabel = "DIR",
      description = "folders to watch")
  List<Path> watch;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "DIR",
      description = "storage target (folder or file:DIR)")
  String target;

  @Mixin KeyOptions key;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "folder for the backup cache and catalog")
  Path data;

  @Option(
      names = "--hold",
      defaultValue = "10h",
      converter = DurationConverter.class,
      description = "how long a save waits before it is copied (default ${DEFAULT-VALUE})")
  Duration hold;

  @Option(
      names = "--drain-every",
      defaultValue = "1h",
      converter = DurationConverter.class,
      description = "how often the drain runs (default ${DEFAULT-VALUE})")
  Duration drainEvery;

  @Option(
      names = "--settle",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description =
          "quiet time after which a written file counts as saved (default ${DEFAULT-VALUE})")
  Duration settle;

  @Option(
      names = "--versions",
      defaultValue = "latest",
      paramLabel = "latest|every-save",
      description =
          "latest: copy the file as it is at the drain; every-save: stage each save and copy it as"
              + " its own snapshot (default ${DEFAULT-VALUE})")
  String versions;

  @Option(
      names = "--staging-quota",
      defaultValue = "2GiB",
      paramLabel = "SIZE",
      description = "room for every-save versions until they are copied (default ${DEFAULT-VALUE})")
  String stagingQuota;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description =
          "HTTP port of API and dashboard, 0 for any free port (default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      description = "catalog on this PostgreSQL server instead of the embedded one")
  String db;

  @Override
  public Integer call() throws Exception {
    validate();
    try (DataDirLock lock = DataDirLock.acquire(data)) {
      // Holding the lock, any endpoint file is a dead process's: clients must not find it.
      ManagerEndpoint.withdraw(data);
      checkTarget();
      if (db != null) {
        return runQuarkus(db, null);
      }
      try (EmbeddedCatalog catalog =
          EmbeddedCatalog.start(data.resolve("catalog"), data.resolve("catalog.log"))) {
        return runQuarkus(catalog.jdbcUrl(), catalog.user());
      }
    }
  }

  private void validate() {
    try {
      ValueForms.versions(versions);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--versions: " + e.getMessage());
    }
    try {
      ValueForms.size(stagingQuota);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--staging-quota: " + e.getMessage());
    }
    for (Path w : watch) {
      if (!Files.isDirectory(w)) {
        throw new ParameterException(spec.commandLine(), "--watch " + w + ": no such directory");
      }
      if (!Files.isReadable(w) || !Files.isExecutable(w)) {
        throw new ParameterException(spec.commandLine(), "--watch " + w + ": not readable");
      }
    }
    Path dataAbs = data.toAbsolutePath().normalize();
    for (Path w : watch) {
      Path abs = w.toAbsolutePath().normalize();
      if (abs.startsWith(dataAbs)) {
        throw new ParameterException(
            spec.commandLine(),
            "--watch " + w + " is inside --data " + data + ": watch another folder");
      }
    }
    Map<String, Path> labels = new HashMap<>();
    for (Path w : watch) {
      Path abs = w.toAbsolutePath().normalize();
      Path other = labels.putIfAbsent(SnapshotPaths.label(abs.toString()), abs);
      if (other != null && !other.equals(abs)) {
        throw new ParameterException(
            spec.commandLine(),
            "--watch "
                + other
                + " and "
                + abs
                + " have the same folder name; snapshots name files by it, so watch one of them"
                + " through a differently named folder");
      }
    }
    if (drainEvery.isZero()) {
      throw new ParameterException(spec.commandLine(), "--drain-every must be longer than 0s");
    }
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port " + port + ": not a port number");
    }
    if (db != null && !db.startsWith("jdbc:postgresql:")) {
      throw new ParameterException(
          spec.commandLine(), "--db " + db + ": not a jdbc:postgresql: URL");
    }
  }

  /** Fails early, with the target named, rather than at the first drain hours later. */
  private void checkTarget() throws Exception {
    Path dir;
    try {
      dir = TargetLocation.diskFolder(target);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--target " + e.getMessage());
    }
    for (Path w : watch) {
      if (w.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize())) {
        throw new ParameterException(
            spec.commandLine(),
            "--watch " + w + " is inside --target " + target + ": watch another folder");
      }
    }
    Optional<TargetCredential> credential = key.credential();
    try (DiskTarget t =
        credential.isPresent()
            ? DiskTarget.openOrCreate(dir, Compression.DEFAULT, credential.get())
            : DiskTarget.openOrCreate(dir)) {
      if (!Files.isWritable(dir)) {
        throw new java.io.IOException("target " + dir + " is not writable");
      }
    }
  }

  /**
   * For {@code --port 0}: a port the kernel just handed out. Chosen here rather than by the HTTP
   * server so that the endpoint file can name it.
   */
  private static int freePort() {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("no free local port", e);
    }
  }

  private int runQuarkus(String jdbcUrl, String user) {
    System.setProperty("quarkus.datasource.jdbc.url", jdbcUrl);
    if (user != null) {
      System.setProperty("quarkus.datasource.username", user);
    }
    for (int i = 0; i < watch.size(); i++) {
      System.setProperty(
          "ferry.watch[" + i + "]", watch.get(i).toAbsolutePath().normalize().toString());
    }
    System.setProperty("ferry.data", data.toAbsolutePath().normalize().toString());
    System.setProperty("ferry.target", target);
    if (key.keyFile != null) {
      System.setProperty("ferry.target.key-file", key.keyFile.toAbsolutePath().toString());
    }
    if (key.passphraseFile != null) {
      System.setProperty(
          "ferry.target.passphrase-file", key.passphraseFile.toAbsolutePath().toString());
    }
    System.setProperty("ferry.hold", hold.toString());
    System.setProperty("ferry.settle", settle.toString());
    System.setProperty("ferry.drain-every", drainEvery.toMillis() + "ms");
    System.setProperty("ferry.versions", versions);
    System.setProperty("ferry.staging-quota", Long.toString(ValueForms.size(stagingQuota)));
    System.setProperty("quarkus.http.port", Integer.toString(port == 0 ? freePort() : port));
    AtomicInteger exit = new AtomicInteger();
    Quarkus.run(StandaloneApplication.class, (code, failure) -> exit.set(code), new String[0]);
    return exit.get();
  }
}
