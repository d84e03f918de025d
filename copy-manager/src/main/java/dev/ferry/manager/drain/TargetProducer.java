package dev.ferry.manager.drain;

import dev.ferry.manager.config.FerryConfig;
import dev.ferry.manager.config.TargetKeySource;
import dev.ferry.manager.config.TargetLocation;
import dev.ferry.target.Compression;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.TargetCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The storage target drains write to, opened (or created) once per JVM, compressing new chunks as
 * {@code ferry.target.compression} says; a value it cannot parse fails startup naming it. With a
 * key ({@code ferry.target.key-file}, {@code ferry.target.passphrase-file} or {@code
 * FERRY_PASSPHRASE}) the target is encrypted: created so, or refused at startup if the key is
 * wrong.
 */
@ApplicationScoped
public class TargetProducer {

  @Produces
  @ApplicationScoped
  DiskTarget target(FerryConfig config) {
    try {
      Path dir = TargetLocation.diskFolder(config.target());
      Compression compression = Compression.parse(config.targetCompression());
      Optional<TargetCredential> key =
          TargetKeySource.resolve(
              config.targetKeyFile(), config.targetPassphraseFile(), System.getenv());
      return key.isPresent()
          ? DiskTarget.openOrCreate(dir, compression, key.get())
          : DiskTarget.openOrCreate(dir, compression);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void close(@Disposes DiskTarget target) {
    target.close();
  }
}
