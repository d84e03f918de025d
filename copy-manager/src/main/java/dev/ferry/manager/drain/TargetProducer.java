package dev.ferry.manager.drain;

import dev.ferry.manager.config.FerryConfig;
import dev.ferry.manager.config.TargetLocation;
import dev.ferry.target.Compression;
import dev.ferry.target.DiskTarget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The storage target drains write to, opened (or created) once per JVM, compressing new chunks as
 * {@code ferry.target.compression} says; a value it cannot parse fails startup naming it.
 */
@ApplicationScoped
public class TargetProducer {

  @Produces
  @ApplicationScoped
  DiskTarget target(FerryConfig config) {
    try {
      return DiskTarget.openOrCreate(
          TargetLocation.diskFolder(config.target()),
          Compression.parse(config.targetCompression()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void close(@Disposes DiskTarget target) {
    target.close();
  }
}
