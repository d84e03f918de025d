package dev.ferry.manager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class FerryCliTest {
  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  @Test
  void topLevelHelpListsEveryCommand() {
    CliRun.Run r = CliRun.ferry("--help");

    assertThat(r.exit()).isZero();
    for (Class<?> c : FerryCli.COMMANDS) {
      assertThat(r.out()).contains(name(c));
    }
  }

  @Test
  void aNamedCommandIsBuiltAloneAndAnythingElseGetsTheWholeTree() {
    CommandLine drain = FerryCli.commandLine("drain", "--now");
    assertThat(drain.getSubcommands()).containsOnlyKeys("drain");

    assertThat(FerryCli.commandLine().getSubcommands()).hasSize(FerryCli.COMMANDS.size());
    assertThat(FerryCli.commandLine("--help").getSubcommands()).hasSize(FerryCli.COMMANDS.size());
    assertThat(FerryCli.commandLine("drian").getSubcommands()).hasSize(FerryCli.COMMANDS.size());
  }

  @Test
  void aMistypedCommandIsAUsageErrorNamingIt() {
    CliRun.Run r = CliRun.ferry("drian", "--now");

    assertThat(r.exit()).isEqualTo(FerryCli.USAGE);
    assertThat(r.err()).startsWith("ferry: ").contains("drian");
  }
}
