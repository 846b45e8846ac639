package io.streambind.learner.recovery;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of an application's open transactions belong to no instance in its group. Under exactly-once v2,
 * Kafka Streams names a stream thread's transactional producer {@code <application.id>-<process id>-<thread>}
 * and, unless client.id is set, the thread's consumer {@code <application.id>-<process id>-StreamThread-
 * <thread>-consumer}. A process with an open transaction and no consumer in the group died (or was expelled)
 * inside a commit: its transaction holds back the offsets and changelog records of the models it owned until
 * the broker aborts it at the transaction timeout, and the instance that takes those models over waits as
 * long.
 */
public final class OrphanedTransactions {
    private static final String PROCESS_ID = "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";

    private OrphanedTransactions() {}

    /** The transactional ids of the application's stream threads, as a regular expression for the broker. */
    public static String transactionalIdPattern(String applicationId) {
        return Pattern.quote(applicationId) + "-" + PROCESS_ID + "-\\d+";
    }

    /**
     * The open transactions whose process has no consumer in the group, or empty when some member's process
     * cannot be told from its client id (client.id set by the user): then no transaction can be called an
     * orphan safely, since aborting a live instance's transaction would make it rebalance.
     *
     * @param openTransactionalIds transactional ids of the application's open transactions
     * @param memberClientIds client ids of the group's members
     */
    public static Optional<Set<String>> select(
            String applicationId, Collection<String> openTransactionalIds, Collection<String> memberClientIds) {
        Pattern consumer =
                Pattern.compile(Pattern.quote(applicationId) + "-" + PROCESS_ID + "-StreamThread-\\d+-consumer");
        Set<String> liveProcesses = new HashSet<>();
        for (String clientId : memberClientIds) {
            Matcher member = consumer.matcher(clientId);
            if (!member.matches()) {
                return Optional.empty();
            }
            liveProcesses.add(member.group(1));
        }
        Pattern transaction = Pattern.compile(transactionalIdPattern(applicationId));
        Set<String> orphans = new TreeSet<>();
        for (String transactionalId : openTransactionalIds) {
            Matcher open = transaction.matcher(transactionalId);
            if (open.matches() && !liveProcesses.contains(open.group(1))) {
                orphans.add(transactionalId);
            }
        }
        return Optional.of(orphans);
    }
}
