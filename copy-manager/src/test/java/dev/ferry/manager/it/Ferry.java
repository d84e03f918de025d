package dev.ferry.manager.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code ./ferry} from the repository root as a real process. */
final class Ferry {
  static final Path LAUNCHER = Path.of("..", "ferry").toAbsolutePath().normalize();

  private Ferry() {}

  /** The outcome of one finished command. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  static Result run(String... args) throws IOException, InterruptedException {
    return runWrapped(List.of(), args);
  }

  /** Same, run under a wrapper command such as {@code runuser -u nobody --}. */
  static Result runWrapped(List<String> wrapper, String... args)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("ferry-out", ".txt");
    Path err = Files.createTempFile("ferry-err", ".txt");
    List<String> cmd = new ArrayList<>(wrapper);
    cmd.addAll(command(args));
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("ferry " + String.join(" ", args) + " did not finish");
    }
    Result r =
        new Result(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  /** Starts a long-running command; its output goes to {@code log}. */
  static Process start(Path log, String... args) throws IOException {
    return startWrapped(List.of(), log, args);
  }

  /** Same, run under a wrapper command such as {@code strace -f -o FILE}. */
  static Process startWrapped(List<String> wrapper, Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(wrapper);
    cmd.addAll(command(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(LAUNCHER.toString());
    cmd.addAll(List.of(args));
    return cmd;
  }
}
