package io.streambind.learner.reliability;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A learner in its own JVM, so a test can SIGKILL it: starts the learner with the settings of a
 * properties file and runs until killed.
 */
public final class LearnerProcessMain {
    static final String STARTED_LINE = "LEARNER-PROCESS-STARTED";

    private LearnerProcessMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            props.load(in);
        }
        Map<String, String> settings = new HashMap<>();
        props.stringPropertyNames().forEach(key -> settings.put(key, props.getProperty(key)));
        Learners.start(settings);
        System.out.println(STARTED_LINE);
        System.out.flush();
        Thread.currentThread().join();
    }
}
