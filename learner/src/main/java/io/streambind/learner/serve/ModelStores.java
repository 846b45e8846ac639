package io.streambind.learner.serve;

import io.streambind.learner.state.SnapshotWrites;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Where serving finds models: this instance's state stores, and which instance holds a model. */
interface ModelStores {
    /** This instance's store of that name; 503 while it cannot be queried (starting, rebalancing). */
    ReadOnlyKeyValueStore<String, byte[]> store(String name) throws HttpError;

    /** The instance whose stores hold the model now (its application.server); 503 while none does. */
    HostInfo activeHost(String modelId) throws HttpError;

    /** Where the stream threads announce snapshot writes to these stores, so a read can tell it saw a whole one. */
    SnapshotWrites snapshotWrites();
}
