package dev.ferry.manager.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Ferry's own settings; the CLI fills them in from its flags before Quarkus starts. */
@ConfigMapping(prefix = "ferry")
public interface FerryConfig {
  /** Folders the in-process agent watches (standalone only); empty: no agent in this JVM. */
  Optional<List<Path>> watch();

  /** Folder for the backup cache, agent state and (standalone) the embedded catalog. */
  Path data();

  /** The storage target: a folder, or {@code file:DIR}. */
  String target();

  /**
   * How the target's writer stores new chunks ({@code ferry.target.compression}): {@code none},
   * {@code zstd} or {@code zstd:LEVEL} (1 to 22, or negative for zstd's fast levels); chunks that
   * do not shrink by 1/32 are stored plain anyway. Old chunks keep how they were stored, and
   * readers need no setting. See {@code src-docs/decisions/0008-chunk-compression.md}.
   */
  @WithName("target.compression")
  @WithDefault("zstd:3")
  String targetCompression();

  /**
   * Key file of an encrypted target ({@code ferry.target.key-file}); a new target is created
   * encrypted under it. At most one of this and {@link #targetPassphraseFile}; with neither, the
   * {@code FERRY_PASSPHRASE} environment variable, else the target is unencrypted. See {@code
   * src-docs/key-management.md}.
   */
  @WithName("target.key-file")
  Optional<Path> targetKeyFile();

  /** File holding the passphrase of an encrypted target ({@code ferry.target.passphrase-file}). */
  @WithName("target.passphrase-file")
  Optional<Path> targetPassphraseFile();

  /** Records younger than this are left in the backup cache for a later drain. */
  @WithDefault("10h")
  Duration hold();

  /** How often the scheduled drain runs; read by the scheduler as {@code ${ferry.drain-every}}. */
  @WithDefault("1h")
  String drainEvery();

  /** How long a file must be quiet before it counts as saved. */
  @WithDefault("2s")
  Duration settle();

  /**
   * Which versions the in-process agent keeps: {@code latest} (the file as it is at the drain) or
   * {@code every-save} (each save staged at save time, copied as its own snapshot).
   */
  @WithDefault("latest")
  String versions();

  /** How much the every-save staging store under {@code <data>/staging} may hold, in bytes. */
  @WithDefault("2147483648")
  long stagingQuota();

  /** Host name recorded with every change; defaults to this machine's name. */
  Optional<String> hostId();
}
