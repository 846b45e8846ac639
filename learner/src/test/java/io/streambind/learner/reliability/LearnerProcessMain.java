package io.streambind.learner.reliability;

import io.streambind.learner.LearnerApp;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A learner in its own JVM, so a test can SIGKILL it: starts the learner with the settings of a
 * properties file and runs until killed (SIGKILL) or stopped (SIGTERM, which closes it).
 */
public final class LearnerProcessMain {
    static final String STARTED_LINE = "LEARNER-PROCESS-STARTED";
    /** System property: the step whose first evaluation throws in this process (see Learners.startFailingOnceAt). */
    static final String FAIL_EVALUATION_AT_STEP = "streambind.test.fail.evaluation.at.step";

    private LearnerProcessMain() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            props.load(in);
        }
        Map<String, String> settings = new HashMap<>();
        props.stringPropertyNames().forEach(key -> settings.put(key, props.getProperty(key)));
        String failingStep = System.getProperty(FAIL_EVALUATION_AT_STEP);
        LearnerApp app = failingStep == null
                ? Learners.start(settings)
                : Learners.startFailingOnceAt(settings, Long.parseLong(failingStep));
        // As ./streambind learner does: SIGTERM closes the learner, which leaves the group at once.
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "learner-shutdown"));
        System.out.println(STARTED_LINE);
        System.out.flush();
        Thread.currentThread().join();
    }
}
