package dev.ferry.target;

import dev.ferry.target.disk.NioFs;
import dev.ferry.target.disk.TargetFs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Plain java.nio, except that the first operation {@code failWhen} picks (by operation name and
 * path) fails with the exception {@code fault} makes, before having any effect; later ones pass.
 */
final class FaultyFs implements TargetFs {
  interface Fault {
    IOException make(Path p);
  }

  private final TargetFs real = NioFs.INSTANCE;
  private final BiPredicate<String, Path> failWhen;
  private final Fault fault;
  private boolean fired;

  FaultyFs(BiPredicate<String, Path> failWhen, Fault fault) {
    this.failWhen = failWhen;
    this.fault = fault;
  }

  private synchronized void maybeFail(String op, Path p) throws IOException {
    if (!fired && failWhen.test(op, p)) {
      fired = true;
      throw fault.make(p);
    }
  }

  @Override
  public long write(Path file, List<ByteBuffer> parts) throws IOException {
    maybeFail("write", file);
    return real.write(file, parts);
  }

  @Override
  public void fsync(Path file) throws IOException {
    maybeFail("fsync", file);
    real.fsync(file);
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    maybeFail("rename", to);
    real.rename(from, to);
  }

  @Override
  public void fsyncDir(Path dir) throws IOException {
    maybeFail("fsyncDir", dir);
    real.fsyncDir(dir);
  }

  @Override
  public void createDir(Path dir) throws IOException {
    maybeFail("createDir", dir);
    real.createDir(dir);
  }

  @Override
  public boolean deleteIfExists(Path p) throws IOException {
    maybeFail("delete", p);
    return real.deleteIfExists(p);
  }
}
