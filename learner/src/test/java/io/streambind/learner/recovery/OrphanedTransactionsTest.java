package io.streambind.learner.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrphanedTransactionsTest {
    private static final String APP = "streambind-learner";
    private static final String LIVE = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String DEAD = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    @Test
    void anOpenTransactionOfAProcessWithoutAConsumerInTheGroupIsAnOrphan() {
        assertThat(OrphanedTransactions.select(
                        APP,
                        List.of(APP + "-" + LIVE + "-1", APP + "-" + DEAD + "-1", APP + "-" + DEAD + "-2"),
                        List.of(APP + "-" + LIVE + "-StreamThread-1-consumer")))
                .contains(Set.of(APP + "-" + DEAD + "-1", APP + "-" + DEAD + "-2"));
    }

    @Test
    void everyThreadOfALiveProcessKeepsItsTransaction() {
        assertThat(OrphanedTransactions.select(
                        APP,
                        List.of(APP + "-" + LIVE + "-1", APP + "-" + LIVE + "-2"),
                        List.of(APP + "-" + LIVE + "-StreamThread-2-consumer")))
                .contains(Set.of());
    }

    @Test
    void withoutMembersEveryOpenTransactionOfTheApplicationIsAnOrphan() {
        assertThat(OrphanedTransactions.select(APP, List.of(APP + "-" + DEAD + "-1"), List.of()))
                .contains(Set.of(APP + "-" + DEAD + "-1"));
    }

    @Test
    void transactionsOfAnotherApplicationWhoseIdStartsTheSameAreLeftAlone() {
        assertThat(OrphanedTransactions.select(
                        APP,
                        List.of(APP + "-eval-" + DEAD + "-1", "other-" + DEAD + "-1", APP + "-" + DEAD + "-x"),
                        List.of()))
                .contains(Set.of());
    }

    @Test
    void aMemberWithAClientIdOfItsOwnMakesEveryTransactionUndecidable() {
        assertThat(OrphanedTransactions.select(
                        APP,
                        List.of(APP + "-" + DEAD + "-1"),
                        List.of(APP + "-" + LIVE + "-StreamThread-1-consumer", "my-learner-StreamThread-1-consumer")))
                .isEmpty();
    }
}
