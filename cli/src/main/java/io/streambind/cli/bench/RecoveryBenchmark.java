package io.streambind.cli.bench;

import io.streambind.avro.StreamRecord;
import io.streambind.cli.Stopwatch;
import io.streambind.cli.demo.Demo;
import io.streambind.cli.demo.EmbeddedStack;
import io.streambind.embedded.EmbeddedKafkaConfig;
import io.streambind.learner.LearnerConfig;
import io.streambind.producer.Producers;
import io.streambind.schemas.registry.RestSchemaRegistryClient;
import io.streambind.schemas.topics.ModelKeys;
import io.streambind.schemas.topics.TopicProvisioner;
import io.streambind.schemas.topics.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./streambind bench recovery}: learners as separate processes ({@code ./streambind learner}'s JVM,
 * default settings) on an embedded broker and registry, SIGKILLed in the middle of a step. Three cases: the
 * same instance restarted at once on its state directory; the instance that owns a model killed while a
 * second one keeps a standby of it; the same without standbys, so that the second one restores the model
 * from the changelog. Each prints the seconds from the restart (or the kill) until the model is served and
 * until its next batch is trained, and the restarted or surviving learner's start milestones. Two more
 * cases kill the owner while its transaction is open (inside a commit), with the survivor aborting the
 * orphaned transaction (the default) and, for comparison, waiting for the transaction timeout instead.
 */
public final class RecoveryBenchmark {
    private static final int PARTITIONS = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final Duration OPEN_BEFORE_KILL = Duration.ofMillis(50);

    /**
     * @param dim width of both modalities of each model's pair
     * @param rows rows per batch
     * @param batchesPerStep training batches per model and step
     * @param modalities modalities of each model, every one paired with the first
     * @param rounds measured rounds of each case
     */
    public record Options(
            int dim, int rows, int batchesPerStep, int modalities, int rounds, Set<Case> cases, Path work) {}

    /** The measured cases, in the order they run. */
    public enum Case {
        RESTART("restart of the same instance"),
        STANDBY("failover to a standby"),
        NO_STANDBY("failover without a standby"),
        KILL_IN_COMMIT("standby, kill in a commit"),
        KILL_IN_COMMIT_ORPHAN_KEPT("  the same, orphan not aborted");

        private final String label;

        Case(String label) {
            this.label = label;
        }
    }

    private final PrintStream out;
    private final Options options;
    private final RecoverySteps steps;
    private final RecoveryPoll poll = new RecoveryPoll();
    private final List<LearnerProcess> started = new ArrayList<>();
    /** Each run in a directory of its own: a broker on an earlier run's data would still hold its groups. */
    private final Path runDir;

    private RecoveryBenchmark(PrintStream out, Options options) {
        this.out = out;
        this.options = options;
        String runId = UUID.randomUUID().toString().substring(0, 8);
        this.steps =
                new RecoverySteps(runId, options.dim(), options.rows(), options.batchesPerStep(), options.modalities());
        this.runDir = options.work().resolve("run-" + runId);
    }

    public static void run(PrintStream out, Options options) throws Exception {
        new RecoveryBenchmark(out, options).run();
    }

    private void run() throws Exception {
        out.printf(
                Locale.ROOT,
                "Recovery of learner processes (SIGKILL mid-step), two models of %d modalities of width d=%d, %d"
                        + " batches of %d rows per step; learners with default settings%n",
                options.modalities(),
                options.dim(),
                options.batchesPerStep(),
                options.rows());
        Map<String, List<RecoveryPoll.Recovery>> results = new LinkedHashMap<>();
        try {
            for (int round = 0; round < options.rounds(); round++) {
                for (Case measured : options.cases()) {
                    RecoveryPoll.Recovery recovery = switch (measured) {
                        case RESTART -> restart(round);
                        case STANDBY -> failover(round, 1, Kill.MID_STEP);
                        case NO_STANDBY -> failover(round, 0, Kill.MID_STEP);
                        case KILL_IN_COMMIT -> failover(round, 1, Kill.IN_A_COMMIT);
                        case KILL_IN_COMMIT_ORPHAN_KEPT -> failover(round, 1, Kill.IN_A_COMMIT_ORPHAN_KEPT);
                    };
                    results.computeIfAbsent(measured.label, k -> new ArrayList<>())
                            .add(recovery);
                    dropData();
                }
            }
        } finally {
            for (LearnerProcess learner : started) {
                learner.kill();
            }
        }
        out.println(
                "Summary (seconds; from the restart, or from the kill for a failover; target 10 s to the next batch)");
        out.println("      case                               served                 next batch trained");
        results.forEach((name, recoveries) -> out.printf(
                Locale.ROOT,
                "      %-34s %-22s %s%n",
                name,
                join(recoveries, RecoveryPoll.Recovery::servedSeconds),
                join(recoveries, RecoveryPoll.Recovery::trainedSeconds)));
    }

    private RecoveryPoll.Recovery restart(int round) throws Exception {
        out.println("[restart of the same instance] round " + (round + 1));
        Path work = runDir.resolve("restart-" + round);
        steps.startCase();
        try (EmbeddedStack stack = EmbeddedStack.start(work.resolve("kafka"));
                Admin admin = Admin.create(stack.clientProperties());
                Producer<String, StreamRecord> producer = producer(stack)) {
            Topics topics = topics(stack);
            List<String> models = ModelKeys.onDistinctPartitions("recovery-", PARTITIONS);
            LearnerGroup group = new LearnerGroup(
                    admin, "bench-recovery-restart", topics.batches().name(), PARTITIONS);
            Path state = work.resolve("state-a");
            LearnerProcess learner = start(stack, group, state, 0, work.resolve("a.log"));
            group.awaitMembers(1, TIMEOUT);
            long committed = produceStepAndAwait(producer, topics, models, group);
            produceStepAndKill(producer, topics, models, group, committed, learner, round);

            Stopwatch sinceRestart = Stopwatch.start();
            LearnerProcess restarted = start(stack, group, state, 0, work.resolve("a-restarted.log"));
            RecoveryPoll.Recovery recovery = poll.await(restarted.port(), models.get(0), sinceRestart, TIMEOUT);
            report(recovery, "restart", sinceRestart, restarted, 0);
            restarted.stop();
            return recovery;
        }
    }

    /** When the owner is killed, and whether the survivor aborts a transaction the kill left open. */
    private enum Kill {
        /** At a seeded moment within a second of the owner's first commit in the step. */
        MID_STEP(""),
        /** While the owner's transaction is open. */
        IN_A_COMMIT(", killed in a commit"),
        /** The same, with the survivor's {@value LearnerConfig#ABORT_ORPHANED_TRANSACTIONS} off. */
        IN_A_COMMIT_ORPHAN_KEPT(", killed in a commit, orphaned transaction not aborted");

        private final String label;

        Kill(String label) {
            this.label = label;
        }
    }

    private RecoveryPoll.Recovery failover(int round, int standbys, Kill when) throws Exception {
        String name =
                (standbys > 0 ? "failover to a standby" : "failover without a standby (restore from the changelog)")
                        + when.label;
        out.println("[" + name + "] round " + (round + 1));
        Path work = runDir.resolve("failover-" + standbys + "-" + when.name().toLowerCase(Locale.ROOT) + "-" + round);
        Map<String, String> settings = when == Kill.IN_A_COMMIT_ORPHAN_KEPT
                ? Map.of(LearnerConfig.ABORT_ORPHANED_TRANSACTIONS, "false")
                : Map.of();
        steps.startCase();
        try (EmbeddedStack stack = EmbeddedStack.start(work.resolve("kafka"));
                Admin admin = Admin.create(stack.clientProperties());
                Producer<String, StreamRecord> producer = producer(stack)) {
            Topics topics = topics(stack);
            List<String> models = ModelKeys.onDistinctPartitions("recovery-", PARTITIONS);
            LearnerGroup group = new LearnerGroup(
                    admin, "bench-recovery-failover", topics.batches().name(), PARTITIONS);
            LearnerProcess a = start(stack, group, work.resolve("state-a"), standbys, settings, work.resolve("a.log"));
            LearnerProcess b = start(stack, group, work.resolve("state-b"), standbys, settings, work.resolve("b.log"));
            Map<String, Set<TopicPartition>> assignment = group.awaitMembers(2, TIMEOUT);
            TopicPartition partition =
                    new TopicPartition(topics.batches().name(), ModelKeys.partition(models.get(0), PARTITIONS));
            boolean aOwns = assignment
                    .getOrDefault(a.memberId(group.applicationId()), Set.of())
                    .contains(partition);
            LearnerProcess owner = aOwns ? a : b;
            LearnerProcess survivor = aOwns ? b : a;
            long committed = produceStepAndAwait(producer, topics, models, group);
            long logged = Files.size(survivor.log());
            Stopwatch sinceKill = when == Kill.MID_STEP
                    ? produceStepAndKill(producer, topics, models, group, committed, owner, round)
                    : produceStepAndKillInACommit(producer, topics, models, group, owner);
            RecoveryPoll.Recovery recovery = poll.await(survivor.port(), models.get(0), sinceKill, TIMEOUT);
            report(recovery, "kill", sinceKill, survivor, logged);
            survivor.stop();
            return recovery;
        }
    }

    /** Deletes the broker data and state dirs of the cases run so far (about 1 GB a round); their learner logs stay. */
    private void dropData() throws IOException {
        try (Stream<Path> cases = Files.list(runDir)) {
            for (Path dir : cases.toList()) {
                try (Stream<Path> entries = Files.list(dir)) {
                    for (Path data : entries.filter(Files::isDirectory).toList()) {
                        try (Stream<Path> tree = Files.walk(data)) {
                            for (Path path :
                                    tree.sorted(Comparator.reverseOrder()).toList()) {
                                Files.delete(path);
                            }
                        }
                    }
                }
            }
        }
    }

    private LearnerProcess start(EmbeddedStack stack, LearnerGroup group, Path stateDir, int standbys, Path log)
            throws IOException {
        return start(stack, group, stateDir, standbys, Map.of(), log);
    }

    private LearnerProcess start(
            EmbeddedStack stack,
            LearnerGroup group,
            Path stateDir,
            int standbys,
            Map<String, String> settings,
            Path log)
            throws IOException {
        LearnerProcess learner = LearnerProcess.start(stack, group.applicationId(), stateDir, standbys, settings, log);
        started.add(learner);
        return learner;
    }

    /** Prints the figures, and the learner's start milestones logged past {@code fromByte} of its log. */
    private void report(
            RecoveryPoll.Recovery recovery, String from, Stopwatch since, LearnerProcess learner, long fromByte)
            throws IOException {
        out.printf(
                Locale.ROOT,
                "      from the %s: model served after %.1f s, next batch trained after %.1f s (load average %.1f on"
                        + " %d cores)%n",
                from,
                recovery.servedSeconds(),
                recovery.trainedSeconds(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        learner.printStartMilestones(out, fromByte, since);
    }

    /** Produces one step of both models and waits until the group committed all of it; returns the committed offsets. */
    private long produceStepAndAwait(
            Producer<String, StreamRecord> producer, Topics topics, List<String> models, LearnerGroup group)
            throws Exception {
        steps.produce(producer, topics, models);
        long end = group.endOffsets();
        Stopwatch waiting = Stopwatch.start();
        while (group.committed() < end) {
            if (waiting.exceeded(TIMEOUT)) {
                throw new IllegalStateException("the learners did not commit the first step within " + TIMEOUT);
            }
            Thread.sleep(100);
        }
        return end;
    }

    /**
     * Produces a step, SIGKILLs the learner at a seeded moment after it committed part of it, and produces the
     * next step at once, so that batches wait for whoever takes over; returns a stopwatch started at the kill.
     */
    private Stopwatch produceStepAndKill(
            Producer<String, StreamRecord> producer,
            Topics topics,
            List<String> models,
            LearnerGroup group,
            long baseline,
            LearnerProcess victim,
            int round)
            throws Exception {
        steps.produce(producer, topics, models);
        Stopwatch waiting = Stopwatch.start();
        while (group.committed() <= baseline) {
            if (waiting.exceeded(TIMEOUT)) {
                throw new IllegalStateException("no progress before the kill (log " + victim.log() + ")");
            }
            Thread.sleep(50);
        }
        Thread.sleep(new Random(round).nextInt(1000));
        Stopwatch sinceKill = Stopwatch.start();
        victim.kill();
        steps.produce(producer, topics, models);
        return sinceKill;
    }

    /**
     * Produces a step and SIGKILLs the learner once its stream thread's transaction has been open for
     * {@link #OPEN_BEFORE_KILL}: the step end's, which stays open while the step's snapshot is sent and for the
     * step commit delay after it (a batch's commit opens and ends its transaction within milliseconds). Says
     * whether the kill left it open (it may end between the look and the kill). Produces the next step at
     * once; returns a stopwatch started at the kill.
     */
    private Stopwatch produceStepAndKillInACommit(
            Producer<String, StreamRecord> producer,
            Topics topics,
            List<String> models,
            LearnerGroup group,
            LearnerProcess victim)
            throws Exception {
        String transactionalId = group.transactionalId(victim.memberId(group.applicationId()));
        steps.produce(producer, topics, models);
        Stopwatch waiting = Stopwatch.start();
        while (group.openFor(transactionalId).orElse(0) < OPEN_BEFORE_KILL.toMillis()) {
            if (waiting.exceeded(TIMEOUT)) {
                throw new IllegalStateException("no open transaction to kill in (log " + victim.log() + ")");
            }
            Thread.sleep(5);
        }
        Stopwatch sinceKill = Stopwatch.start();
        victim.kill();
        out.println("      the kill left the owner's transaction "
                + (group.transactionOpen(transactionalId) ? "open" : "ended"));
        steps.produce(producer, topics, models);
        return sinceKill;
    }

    private static Topics topics(EmbeddedStack stack) {
        Map<String, Object> client = Demo.toMap(stack.clientProperties());
        Topics topics = new Topics(client, new RestSchemaRegistryClient(client));
        TopicProvisioner.createMissing(
                stack.clientProperties(), topics, PARTITIONS, (short) 1, EmbeddedKafkaConfig.DEFAULT_MAX_RECORD_BYTES);
        return topics;
    }

    private static Producer<String, StreamRecord> producer(EmbeddedStack stack) {
        Map<String, Object> client = Demo.toMap(stack.clientProperties());
        return Producers.open(
                client,
                new Topics(client, new RestSchemaRegistryClient(client))
                        .batches()
                        .valueSerde()
                        .serializer());
    }

    private static String join(List<RecoveryPoll.Recovery> recoveries, ToDoubleFunction<RecoveryPoll.Recovery> figure) {
        return String.join(
                ", ",
                recoveries.stream()
                        .map(r -> String.format(Locale.ROOT, "%.1f", figure.applyAsDouble(r)))
                        .toList());
    }
}
