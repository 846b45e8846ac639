package io.streambind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.config.Precision;
import io.streambind.core.config.Profile;
import io.streambind.learner.LearnerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
            assertThat(root.execute(args.toArray(String[]::new)))
                    .as(name + ": " + err)
                    .isZero();
            assertThat(out.toString()).as(name).startsWith("Usage: streambind " + name);
            checked.add(name);
        }
        assertThat(checked)
                .contains(
                        "demo",
                        "learner",
                        "produce files",
                        "produce synthetic",
                        "step",
                        "topics",
                        "replay",
                        "snapshot",
                        "report",
                        "bench core",
                        "bench kafka",
                        "config");
    }

    @Test
    void sharedOptionsHaveOneDefaultInEveryCommandThatTakesThem() {
        assertThat(defaultsOf("--dim"))
                .containsOnlyKeys(
                        "demo", "bench core", "bench kafka", "bench recovery", "bench spread", "produce synthetic")
                .allSatisfy((command, value) -> assertThat(value).isEqualTo("1024"));
        assertThat(defaultsOf("--seed"))
                .containsEntry("demo", "0")
                .containsEntry("bench kafka", "0")
                .containsEntry("bench spread", "0")
                .containsEntry("produce synthetic", "0")
                .containsEntry("dataset wordnet", "0")
                .containsEntry("replay", "(unset)");
        assertThat(defaultsOf("--profile")).containsOnly(Map.entry("demo", "exact"), Map.entry("replay", "exact"));
        assertThat(defaultsOf("--lambda-min"))
                .containsOnly(Map.entry("learner", "(unset)"), Map.entry("replay", "(unset)"));
        assertThat(defaultsOf("--rho")).containsOnly(Map.entry("learner", "(unset)"), Map.entry("replay", "(unset)"));
        assertThat(defaultsOf("--lr")).containsEntry("bench kafka", "0.001").containsEntry("bench spread", "0.001");
    }

    @Test
    void replayAndDemoReadTheSharedOptions() {
        ReplayCommand replay = new ReplayCommand();
        new CommandLine(replay).parseArgs("--input", "in", "--out", "out", "--profile", "paper", "--rho", "0.5");
        assertThat(replay.profile.value()).isEqualTo(Profile.PAPER);
        Map<String, String> settings = new TreeMap<>();
        replay.thresholds.putInto(settings);
        assertThat(settings).containsOnly(Map.entry(DnsConfig.RHO, "0.5"));

        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--dim", "64", "--seed", "7");
        assertThat(demo.dim.value()).isEqualTo(64);
        assertThat(demo.seed.value()).isEqualTo(7);
    }

    /** The default of {@code option} by command path, "(unset)" where it has none, for every command that takes it. */
    private static Map<String, String> defaultsOf(String option) {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new StreamBindCli()), new ArrayList<>(), paths);
        Map<String, String> defaults = new TreeMap<>();
        for (List<String> path : paths) {
            CommandLine command = new CommandLine(new StreamBindCli());
            for (String name : path) {
                command = command.getSubcommands().get(name);
            }
            CommandLine.Model.OptionSpec spec = command.getCommandSpec().findOption(option);
            if (spec != null) {
                String value = spec.defaultValue();
                defaults.put(String.join(" ", path), value == null ? "(unset)" : value);
            }
        }
        return defaults;
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
        assertThat(learner.settings())
                .containsEntry(LearnerConfig.HTTP_HOST, "0.0.0.0")
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
        assertThat(replay.thresholds.lambdaMinRelative).isEqualTo(0.01);
    }

    @Test
    void learnerAndReplayTakeThePrecision() {
        LearnerCommand learner = new LearnerCommand();
        new CommandLine(learner).parseArgs("--precision", "float64");
        assertThat(DnsConfig.parse(learner.settings()).precision()).isEqualTo(Precision.FLOAT64);
        LearnerCommand plain = new LearnerCommand();
        new CommandLine(plain).parseArgs();
        assertThat(DnsConfig.parse(plain.settings()).precision()).isEqualTo(Precision.FLOAT32);
        ReplayCommand replay = new ReplayCommand();
        new CommandLine(replay).parseArgs("--input", "in", "--out", "out", "--precision", "float64");
        assertThat(replay.precision.precision).isEqualTo("float64");
    }
}
