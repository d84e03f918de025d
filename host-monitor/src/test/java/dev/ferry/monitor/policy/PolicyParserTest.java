package dev.ferry.monitor.policy;

import static dev.ferry.monitor.policy.Policies.error;
import static dev.ferry.monitor.policy.Policies.failure;
import static dev.ferry.monitor.policy.Policies.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyParserTest {
  private static final Path HOME = Path.of(System.getProperty("user.home"));

  static byte[] example() throws IOException {
    try (InputStream in = PolicyParserTest.class.getResourceAsStream("example-policy.yaml")) {
      return in.readAllBytes();
    }
  }

  @Test
  void theDocumentedExampleSetsEveryField() throws Exception {
    Policy p = PolicyParser.parse("documents.yaml", example());

    assertThat(p.name()).isEqualTo("documents");
    assertThat(p.file()).isEqualTo(Path.of("documents.yaml"));
    assertThat(p.roots())
        .containsExactly(HOME.resolve("Documents"), Path.of("/srv/shared/projects"));
    assertThat(p.include())
        .extracting(Glob::pattern)
        .containsExactly("*.odt", "*.docx", "*.md", "notes/**");
    assertThat(p.exclude()).extracting(Glob::pattern).containsExactly("archive/", "**/drafts/*.md");
    assertThat(p.minSize()).isEqualTo(1);
    assertThat(p.maxSize()).isEqualTo(512L << 20);
    assertThat(p.settle()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.hold()).isEqualTo(Duration.ofMinutes(15));
    assertThat(p.schedule())
        .isEqualTo(
            new ScheduleWindow(
                22 * 60,
                6 * 60,
                EnumSet.of(
                    DayOfWeek.MONDAY,
                    DayOfWeek.TUESDAY,
                    DayOfWeek.WEDNESDAY,
                    DayOfWeek.THURSDAY,
                    DayOfWeek.FRIDAY,
                    DayOfWeek.SUNDAY)));
    assertThat(p.versions()).isEqualTo(Versions.EVERY_SAVE);
    assertThat(p.retention()).isEqualTo(new Retention(10, 7, 4, 12));
    assertThat(p.targets()).containsExactly("office-nas", "offsite-tape");
    assertThat(p.priority()).isEqualTo(10);
  }

  @Test
  void theExampleInPolicyMdIsTheCheckedInExample() throws Exception {
    String doc = Files.readString(Path.of("../src-docs/policy.md"));
    String marker = "<!-- example: example-policy.yaml -->\n```yaml\n";
    int from = doc.indexOf(marker);
    assertThat(from).as("policy.md has the example marker").isGreaterThanOrEqualTo(0);
    from += marker.length();
    String block = doc.substring(from, doc.indexOf("```\n", from));

    assertThat(block).isEqualTo(new String(example(), StandardCharsets.UTF_8));
  }

  @Test
  void theExampleCopiesWhatPolicyMdSaysItCopies() throws Exception {
    PolicySet set = PolicySet.of(List.of(PolicyParser.parse("documents.yaml", example())));
    Path docs = HOME.resolve("Documents");

    assertThat(set.classify(docs.resolve("report.docx"), 2 << 20)).isPresent();
    assertThat(set.classify(docs.resolve("archive/old.docx"), 2 << 20)).isEmpty();
    assertThat(set.classify(docs.resolve("x/drafts/a.md"), 100)).isEmpty();
    assertThat(set.classify(docs.resolve("~$report.docx"), 100)).isEmpty();
    assertThat(set.classify(docs.resolve("a.md"), 0)).isEmpty();
    assertThat(set.classify(Path.of("/srv/shared/projects/notes/todo.txt"), 10)).isPresent();
  }

  @Test
  void onlyRootsAndTargetsAreRequiredAndTheRestHasDefaults() throws Exception {
    Policy p = parse("roots: [/data]\ntargets: [nas]\n");

    assertThat(p.name()).isEqualTo("policy");
    assertThat(p.include()).extracting(Glob::pattern).containsExactly("**");
    assertThat(p.exclude()).isEmpty();
    assertThat(p.minSize()).isZero();
    assertThat(p.maxSize()).isEqualTo(Long.MAX_VALUE);
    assertThat(p.settle()).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.hold()).isEqualTo(Duration.ofHours(10));
    assertThat(p.schedule()).isEqualTo(ScheduleWindow.ALWAYS);
    assertThat(p.versions()).isEqualTo(Versions.LATEST);
    assertThat(p.retention()).isEqualTo(Retention.DEFAULT);
    assertThat(p.priority()).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "12345       | 12345",
        "1KB         | 1000",
        "1 KiB       | 1024",
        "10MiB       | 10485760",
        "2gb         | 2000000000",
        "1TiB        | 1099511627776",
        "0           | 0"
      })
  void sizesTakeDecimalAndBinaryUnits(String written, long bytes) throws Exception {
    assertThat(Policies.with("/d", "min-size: " + written).minSize()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({"250ms, PT0.25S", "90s, PT1M30S", "15m, PT15M", "10h, PT10H", "7d, PT168H"})
  void durationsTakeMsSecondsMinutesHoursDays(String written, Duration d) throws Exception {
    assertThat(Policies.with("/d", "hold: " + written).hold()).isEqualTo(d);
  }

  @Test
  void aTildeRootIsTheHomeFolderAndRootsAreNormalized() throws Exception {
    Policy p = parse("roots: ['~', ~/a/../b, /x/./y/]\ntargets: [nas]\n");

    assertThat(p.roots()).containsExactly(HOME, HOME.resolve("b"), Path.of("/x/y"));
  }

  @Test
  void aScheduleWithoutDaysRunsEveryDay() throws Exception {
    Policy p = Policies.with("/d", "schedule: {window: 09:00-17:30}");

    assertThat(p.schedule())
        .isEqualTo(new ScheduleWindow(540, 1050, EnumSet.allOf(DayOfWeek.class)));
  }

  @Test
  void aByteOrderMarkIsIgnored() throws Exception {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = "roots: [/d]\ntargets: [nas]\n".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, all, 0, 3);
    System.arraycopy(body, 0, all, 3, body.length);

    assertThat(PolicyParser.parse("p.yml", all).name()).isEqualTo("p");
  }

  // ---- each kind of error names file:line:column and the field ----

  @Test
  void aValueThatIsNotADurationNamesTheFieldAndTheUnits() {
    assertThat(error("roots: [/d]\ntargets: [nas]\nsettle: 2 seconds\n"))
        .isEqualTo(
            "policy.yaml:3:9: field 'settle': '2 seconds' is not a duration"
                + " (use 90s, 15m, 10h; also ms and d)");
  }

  @Test
  void anUnknownFieldIsNamedWithTheClosestKnownOne() {
    assertThat(error("roots: [/d]\ntargets: [nas]\nsetle: 5s\n"))
        .isEqualTo("policy.yaml:3:1: field 'setle': unknown field (did you mean 'settle'?)");
    assertThat(error("roots: [/d]\ntargets: [nas]\ncolour: blue\n"))
        .startsWith("policy.yaml:3:1: field 'colour': unknown field (known fields: name, roots,");
    assertThat(error("roots: [/d]\ntargets: [nas]\nretention: {keep-montly: 2}\n"))
        .isEqualTo(
            "policy.yaml:3:13: field 'retention.keep-montly': unknown field"
                + " (did you mean 'keep-monthly'?)");
  }

  @Test
  void aListItemIsNamedByItsIndex() {
    assertThat(error("roots:\n  - /ok\n  - relative/path\ntargets: [nas]\n"))
        .isEqualTo(
            "policy.yaml:3:5: field 'roots[1]': 'relative/path' is not an absolute folder"
                + " (start with / or ~/)");
    assertThat(error("roots: [/d]\ntargets: [nas]\nexclude: ['[abc']\n"))
        .isEqualTo("policy.yaml:3:11: field 'exclude[0]': '[abc' has an unclosed '['");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "targets: [nas]                      | 1:1 | roots   | is missing",
        "roots: [/d]                         | 1:1 | targets | is missing",
        "roots: /d\\ntargets: [nas]          | 1:8 | roots   | expected a list",
        "roots: []\\ntargets: [nas]          | 1:8 | roots   | must not be empty",
        "roots: [/d, /d]\\ntargets: [nas]    | 1:13 | roots[1] | is listed twice",
        "roots: [/d]\\ntargets: [nas, nas]   | 2:16 | targets[1] | is listed twice",
        "roots: [/d]\\ntargets: ['a b']      | 2:11 | targets[0] | is not a target name",
        "roots: [/d]\\ntargets: [nas]\\nsettle: 0s | 3:9 | settle | must be more than 0s",
        "roots: [/d]\\ntargets: [nas]\\nsettle: | 3:8 | settle | has no value",
        "roots: [/d]\\ntargets: [nas]\\nmin-size: 10 megs | 3:11 | min-size | is not a size",
        "roots: [/d]\\ntargets: [nas]\\nmax-size: 99999999999TiB | 3:11 | max-size | is too large",
        "roots: [/d]\\ntargets: [nas]\\nmin-size: 2KiB\\nmax-size: 1KiB | 4:11 | max-size | is smaller than min-size",
        "roots: [/d]\\ntargets: [nas]\\nschedule: {window: 25:00-06:00} | 3:20 | schedule.window | has a time out of range",
        "roots: [/d]\\ntargets: [nas]\\nschedule: {window: 6pm} | 3:20 | schedule.window | is not a time window",
        "roots: [/d]\\ntargets: [nas]\\nschedule: {window: 06:00-06:00} | 3:20 | schedule.window | is empty",
        "roots: [/d]\\ntargets: [nas]\\nschedule: {days: [mon]} | 3:11 | schedule.window | is missing",
        "roots: [/d]\\ntargets: [nas]\\nschedule: {window: 22:00-06:00, days: [mo]} | 3:40 | schedule.days[0] | is not a day",
        "roots: [/d]\\ntargets: [nas]\\nschedule: 22:00-06:00 | 3:11 | schedule | expected fields (window, days)",
        "roots: [/d]\\ntargets: [nas]\\nversions: all | 3:11 | versions | is not 'latest' or 'every-save'",
        "roots: [/d]\\ntargets: [nas]\\nretention: {keep-last: 0} | 3:24 | retention.keep-last | out of range",
        "roots: [/d]\\ntargets: [nas]\\nretention: {keep-daily: -1} | 3:25 | retention.keep-daily | out of range",
        "roots: [/d]\\ntargets: [nas]\\npriority: high | 3:11 | priority | is not a whole number",
        "roots: [/d]\\ntargets: [nas]\\npriority: 5000 | 3:11 | priority | out of range",
        "roots: [/d]\\ntargets: [nas]\\nname: my docs | 3:7 | name | is not a name",
        "roots: [/d]\\ntargets: [nas]\\ninclude: [] | 3:10 | include | must not be empty",
        "roots: [/d]\\ntargets: [nas]\\ninclude: ['../x'] | 3:11 | include[0] | '.' or '..' folder name",
        "roots: [/d]\\ntargets: [nas]\\nhold: !secret 10h | 3:7 | hold | is not allowed",
        "roots: [/d]\\ntargets: [nas]\\nhold: [10h] | 3:7 | hold | expected a single value",
        "roots: [/d]\\ntargets: [nas]\\nhold: 1h\\nhold: 2h | 4:1 | hold | appears twice (first on line 3)",
      })
  void everyFieldErrorNamesLineColumnAndField(
      String yaml, String lineColumn, String field, String message) {
    assertThat(error(yaml.replace("\\n", "\n")))
        .startsWith("policy.yaml:" + lineColumn + ": field '" + field + "': ")
        .contains(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "roots: [/d\\ntargets: [nas]          | 2:8 | not valid YAML",
        "- a\\n- b                           | 1:1 | a policy is a mapping of fields",
        "''                                 | 1:1 | file is empty",
        "# only a comment                   | 1:1 | file is empty",
        "roots: [/d]\\n---\\ntargets: [x]     | 2:1 | not valid YAML",
        "roots: [/d]\\n\\ttargets: [x]       | 2:1 | not valid YAML",
      })
  void aDocumentThatIsNotAPolicyIsAnErrorAtItsPlace(String yaml, String lineColumn, String msg) {
    String text = yaml.equals("''") ? "" : yaml.replace("\\n", "\n").replace("\\t", "\t");
    PolicyException e = failure(text);

    assertThat(e.getMessage()).startsWith("policy.yaml:" + lineColumn + ": ").contains(msg);
  }

  @Test
  void allErrorsOfAFileAreReportedInOrder() {
    PolicyException e = failure("roots: [rel]\ntargets: []\nsettle: soon\nversions: all\n");

    assertThat(e.errors())
        .extracting(PolicyError::field)
        .containsExactly("roots[0]", "targets", "settle", "versions");
    assertThat(e.errors().get(0).toString())
        .isEqualTo(
            "policy.yaml:1:9: field 'roots[0]': 'rel' is not an absolute folder (start with / or ~/)");
    assertThat(e.getMessage().lines()).hasSize(4);
  }

  @Test
  void aBillionLaughsDocumentIsRefusedCleanly() {
    StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 30; i++) {
      y.append("l").append(i).append(": &l").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        y.append(j == 0 ? "" : ", ").append(i == 1 ? "*a" : "*l" + (i - 1));
      }
      y.append("]\n");
    }
    assertThat(failure(y.toString()).getMessage())
        .startsWith("policy.yaml:")
        .contains("Number of aliases for non-scalar nodes exceeds the specified max=16");
  }

  @Test
  void deepNestingIsRefusedWithoutAStackOverflow() {
    String deep = "roots: " + "[".repeat(100_000) + "]".repeat(100_000) + "\ntargets: [x]\n";

    assertThat(failure(deep).getMessage())
        .startsWith("policy.yaml:1:")
        .contains("Nesting Depth exceeded max 16");
  }

  @Test
  void anOversizedFileIsRefusedBeforeParsing() {
    String big = "# " + "x".repeat(PolicyParser.MAX_BYTES) + "\n";

    assertThat(failure(big).getMessage())
        .isEqualTo("policy.yaml:1:1: file is larger than 256 KiB; is it a policy?");
  }

  @Test
  void bytesThatAreNotUtf8AreAnErrorAtTheirPlace() {
    byte[] bad = "roots: [/d]\ntargets: [n\u00e9]\n".getBytes(StandardCharsets.ISO_8859_1);

    PolicyException e =
        catchThrowableOfType(PolicyException.class, () -> PolicyParser.parse("p.yaml", bad));
    assertThat(e.getMessage()).isEqualTo("p.yaml:2:12: file is not UTF-8 text");
  }

  @Test
  void aControlCharacterIsAnErrorAtItsPlace() {
    assertThat(failure("roots: [/d]\ntargets: [n\u0000]\n").getMessage())
        .isEqualTo("policy.yaml:2:12: character U+0000 is not allowed in a YAML file");
  }

  @Test
  void aFileIsParsedFromDiskNamingItsPathInErrors() throws Exception {
    Path dir = Files.createTempDirectory("policy");
    Path f = dir.resolve("bad.yml");
    Files.writeString(f, "roots: [/d]\ntargets: [nas]\nhold: 1 hour\n");
    try {
      assertThat(catchThrowableOfType(PolicyException.class, () -> PolicyParser.parse(f)).errors())
          .containsExactly(
              new PolicyError(
                  f.toString(),
                  3,
                  7,
                  "hold",
                  "'1 hour' is not a duration (use 90s, 15m, 10h; also ms and d)"));
    } finally {
      Files.delete(f);
      Files.delete(dir);
    }
  }
}
