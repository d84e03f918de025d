package dev.ferry.target;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link Target} contract on a disk target. */
class DiskTargetContractTest extends TargetContract {
  @TempDir Path dir;

  @Override
  protected Target create() throws IOException {
    return DiskTarget.openOrCreate(dir.resolve("t"));
  }
}
