package io.streambind.learner.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml points at files that exist, and the learner service's flags are options of
 * {@code ./streambind learner} (LearnerCommand and the option classes it mixes in), read from the
 * sources because the learner module cannot depend on the CLI.
 */
class ComposeFilesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path CLI = ROOT.resolve("cli/src/main/java/io/streambind/cli");

    @Test
    void mountedAndBuiltPathsExist() throws Exception {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        assertThat(compose).contains("build: .");
        assertThat(ROOT.resolve("Dockerfile")).isRegularFile();
        Matcher mount = Pattern.compile("- (\\./[^:\\s]+):").matcher(compose);
        List<String> mounts = new ArrayList<>();
        while (mount.find()) {
            mounts.add(mount.group(1));
            assertThat(ROOT.resolve(mount.group(1))).as(mount.group(1)).exists();
        }
        assertThat(mounts)
                .contains(
                        "./monitoring/prometheus.yml",
                        "./monitoring/grafana/provisioning",
                        "./monitoring/grafana/dashboards");
        assertThat(ROOT.resolve("monitoring/grafana/provisioning/dashboards")).isDirectory();
        assertThat(ROOT.resolve("monitoring/grafana/provisioning/datasources")).isDirectory();
    }

    /** Where a Compose client exists (Docker's plugin or the standalone docker-compose), it accepts the file. */
    @Test
    void composeValidatesTheFileWhereAComposeClientExists() throws Exception {
        List<String> client = composeClient();
        Assumptions.assumeTrue(client != null, "no docker compose / docker-compose client on this machine");
        List<String> command = new ArrayList<>(client);
        command.addAll(List.of("-f", ROOT.resolve("docker-compose.yml").toString(), "config", "-q"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static List<String> composeClient() {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            try {
                Process process =
                        new ProcessBuilder(version).redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return candidate;
                }
            } catch (Exception e) {
                // Not installed: try the next client.
            }
        }
        return null;
    }

    @Test
    void theLearnerServiceUsesOnlyFlagsTheLearnerCommandHas() throws Exception {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        Matcher learnerCommand =
                Pattern.compile("command: \\[\"learner\",([^]]*)]").matcher(compose);
        assertThat(learnerCommand.find()).as("learner service command").isTrue();
        Set<String> flags = new LinkedHashSet<>();
        Matcher flag = Pattern.compile("\"(--[a-z-]+)\"").matcher(learnerCommand.group(1));
        while (flag.find()) {
            flags.add(flag.group(1));
        }
        assertThat(flags).contains("--bootstrap", "--registry", "--http-host", "--http-port", "--state-dir");
        Set<String> options = options("LearnerCommand");
        assertThat(options).containsAll(flags);
    }

    /** Option names declared in a command class and in the classes it mixes in. */
    private static Set<String> options(String className) throws Exception {
        String source = Files.readString(CLI.resolve(className + ".java"));
        Set<String> names = new LinkedHashSet<>();
        Matcher option = Pattern.compile("@Option\\(\\s*names\\s*=\\s*\\{?\\s*\"(--[a-z-]+)\"")
                .matcher(source);
        while (option.find()) {
            names.add(option.group(1));
        }
        Matcher mixin = Pattern.compile("@Mixin\\s+(\\w+)").matcher(source);
        while (mixin.find()) {
            names.addAll(options(mixin.group(1)));
        }
        return names;
    }
}
