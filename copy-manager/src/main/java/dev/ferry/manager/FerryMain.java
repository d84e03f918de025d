package dev.ferry.manager;

import dev.ferry.manager.cli.FerryCli;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The {@code ferry} command. Only {@code standalone} (and later {@code manager}) boot Quarkus; the
 * other commands are plain clients that start in a fraction of a second and need no database.
 */
@QuarkusMain
public final class FerryMain {
  private FerryMain() {}

  public static void main(String... args) {
    System.exit(FerryCli.run(args));
  }
}
