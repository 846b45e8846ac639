package io.streambind.learner.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that sends part of a body and stalls must not hold an HTTP thread for good: the server closes
 * its connection after the request timeout, and its one thread serves the next request.
 */
class StalledBodyTest {
    @Test
    void aStalledBodyIsClosedAfterTheRequestTimeoutAndFreesItsThread() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process probe = new ProcessBuilder(List.of(java, "-cp", classpath, StalledBodyProbe.class.getName()))
                .redirectErrorStream(true)
                .start();
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        long closedAfterMs = Long.parseLong(line(output, StalledBodyProbe.CLOSED_LINE));
        System.out.printf(
                "stalled body: connection closed %d ms after the partial body (request timeout 2 s)%n", closedAfterMs);
        assertThat(closedAfterMs).as(output).isBetween(1_000L, 15_000L);
        assertThat(line(output, StalledBodyProbe.SERVED_LINE)).as(output).isEqualTo("200");
    }

    private static String line(String output, String prefix) throws IOException {
        return output.lines()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).trim())
                .findFirst()
                .orElseThrow(() -> new IOException("no '" + prefix + "' in: " + output));
    }
}
