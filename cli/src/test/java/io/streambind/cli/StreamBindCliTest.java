package io.streambind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.config.DnsConfig;
import io.streambind.learner.LearnerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StreamBindCliTest {
  @Test
  void everyCommandAnswersHelpWithItsUsage() {
    List<List<String>> paths = new ArrayList<>();
    collect(new CommandLine(new StreamBindCli()), new ArrayList<>(), paths);
    List<String> checked = new ArrayList<>();
    for (List<String> path : paths) {
      CommandLine root = new CommandLine(new StreamBindCli());
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      root.setOut(new PrintWriter(out));
      root.setErr(new PrintWriter(err));
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      String name = String.join(" ", path);
      assertThat(root.execute(args.toArray(String[]::new))).as(name + ": " + err).isZero();
      assertThat(out.toString()).as(name).startsWith("Usage: streambind " + name);
      checked.add(name);
    }
    assertThat(checked).contains("demo", "learner", "produce files", "produce synthetic", "step", "topics", "replay",
        "snapshot", "report", "bench core", "bench kafka", "config");
  }

  private static void collect(CommandLine command, List<String> prefix, List<List<String>> paths) {
    for (CommandLine sub : command.getSubcommands().values()) {
      if (sub.getCommandName().equals("help")) {
        continue;
      }
      List<String> path = new ArrayList<>(prefix);
      path.add(sub.getCommandName());
      paths.add(path);
      collect(sub, path, paths);
    }
  }

  @Test
  void snapshotTakesTheVersionOfTheModelNotTheProgramVersion() {
    SnapshotCommand snapshot = new SnapshotCommand();
    new CommandLine(snapshot).parseArgs("--model", "m", "--version", "3", "--out", "heads");
    assertThat(snapshot.model).isEqualTo("m");
    assertThat(snapshot.version).isEqualTo(3);
    assertThat(snapshot.out).isEqualTo(Path.of("heads"));
  }

  @Test
  void learnerAdvertisesTheHttpHostItIsGiven() {
    LearnerCommand learner = new LearnerCommand();
    new CommandLine(learner).parseArgs("--http-host", "0.0.0.0", "--http-advertised-host", "learner-2.internal");
    assertThat(learner.settings()).containsEntry(LearnerConfig.HTTP_HOST, "0.0.0.0")
        .containsEntry(LearnerConfig.HTTP_ADVERTISED_HOST, "learner-2.internal");
    assertThat(new LearnerConfig(learner.settings()).httpAdvertisedHost()).isEqualTo("learner-2.internal");
  }

  @Test
  void learnerPinsBothDnsThresholdsForEveryModel() {
    LearnerCommand learner = new LearnerCommand();
    new CommandLine(learner).parseArgs("--lambda-min", "0.001", "--rho", "0.01");
    DnsConfig config = DnsConfig.parse(learner.settings());
    assertThat(config.lambdaMin()).isEqualTo(0.001);
    assertThat(config.rho()).isEqualTo(0.01);
    assertThat(config.lambdaMinRelative()).isZero();
  }

  @Test
  void learnerAndReplayTakeTheRelativeInputThreshold() {
    LearnerCommand learner = new LearnerCommand();
    new CommandLine(learner).parseArgs("--lambda-min", "0", "--lambda-min-relative", "0.001");
    DnsConfig config = DnsConfig.parse(learner.settings());
    assertThat(config.lambdaMin()).isZero();
    assertThat(config.lambdaMinRelative()).isEqualTo(0.001);
    ReplayCommand replay = new ReplayCommand();
    new CommandLine(replay).parseArgs("--input", "in", "--out", "out", "--lambda-min-relative", "0.01");
    assertThat(replay.lambdaMinRelative).isEqualTo(0.01);
  }
}
