package io.streambind.learner.recovery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborts the open transactions of instances that left the group without committing (killed inside a commit),
 * so that the instance taking their models over reads their offsets and changelogs at once instead of after
 * the transaction timeout. A rebalance is when models move, so each one starts a window of checks, one a
 * second, as long as the transaction timeout: past it the broker has aborted any such transaction itself.
 * Fencing a transactional id is what its own owner does when it restarts (Kafka's initTransactions); an
 * instance still in the group is never fenced (see {@link OrphanedTransactions}).
 */
public final class OrphanedTransactionAborter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OrphanedTransactionAborter.class);
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final String applicationId;
    private final Duration window;
    private final ScheduledExecutorService checks;
    private volatile long windowEndNanos;
    private volatile boolean windowOpen;
    private boolean failureLogged;
    private boolean unknownMembersLogged;

    private OrphanedTransactionAborter(Admin admin, String applicationId, Duration window) {
        this.admin = admin;
        this.applicationId = applicationId;
        this.window = window;
        this.checks = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "streambind-orphaned-transactions");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @param adminConfigs the learner's admin client settings
     * @param window how long after a rebalance to look: the transaction timeout
     */
    public static OrphanedTransactionAborter start(
            Map<String, Object> adminConfigs, String applicationId, Duration window) {
        OrphanedTransactionAborter aborter =
                new OrphanedTransactionAborter(Admin.create(adminConfigs), applicationId, window);
        aborter.checks.scheduleWithFixedDelay(
                aborter::checkInWindow, 0, CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return aborter;
    }

    /** Follows Kafka Streams' state: every rebalance opens a window of checks. */
    public void onStateChange(KafkaStreams.State now) {
        if (now == KafkaStreams.State.REBALANCING) {
            windowEndNanos = System.nanoTime() + window.toNanos();
            windowOpen = true;
        }
    }

    private void checkInWindow() {
        if (windowOpen && System.nanoTime() - windowEndNanos < 0) {
            abortOrphans();
        }
    }

    /** Aborts the orphaned transactions open now; returns their transactional ids (none when it cannot tell). */
    public synchronized Set<String> abortOrphans() {
        try {
            List<String> open = admin
                    .listTransactions(new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)))
                    .all()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .stream()
                    .map(TransactionListing::transactionalId)
                    .filter(id -> id.startsWith(applicationId + "-"))
                    .toList();
            if (open.isEmpty()) {
                return Set.of();
            }
            // Listed after the transactions: an instance whose transaction was open then and that is no member
            // now has left the group since, and its transaction is an orphan by then.
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId))
                    .describedGroups()
                    .get(applicationId)
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (group.groupState() == GroupState.DEAD) {
                return Set.of();
            }
            Optional<Set<String>> orphans = OrphanedTransactions.select(
                    applicationId,
                    open,
                    group.members().stream().map(MemberDescription::clientId).toList());
            if (orphans.isEmpty()) {
                if (!unknownMembersLogged) {
                    unknownMembersLogged = true;
                    log.info("Transactions of dead instances are left to the transaction timeout: with client.id set,"
                            + " the group's members do not name their Kafka Streams process");
                }
                return Set.of();
            }
            if (!orphans.get().isEmpty()) {
                admin.fenceProducers(orphans.get()).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                log.info(
                        "Aborted the open transactions {} of instances no longer in group {}, so that their models'"
                                + " new owners need not wait for the transaction timeout",
                        orphans.get(),
                        applicationId);
            }
            return orphans.get();
        } catch (ExecutionException | TimeoutException e) {
            if (!failureLogged) {
                failureLogged = true;
                log.warn(
                        "Cannot look for transactions of dead instances ({}); a model whose owner died inside a commit"
                                + " resumes after the transaction timeout",
                        e.getCause() == null ? e.toString() : e.getCause().toString());
            }
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
        admin.close(CALL_TIMEOUT);
    }
}
