package io.streambind.learner.serve;

import io.streambind.learner.LearnerDriver;
import io.streambind.learner.state.SnapshotWrites;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The stores of a {@link LearnerDriver}: one instance that holds every model. */
final class DriverModelStores implements ModelStores {
    private final LearnerDriver learner;
    private final HostInfo self;

    DriverModelStores(LearnerDriver learner, HostInfo self) {
        this.learner = learner;
        this.self = self;
    }

    @Override
    public ReadOnlyKeyValueStore<String, byte[]> store(String name) {
        return learner.store(name);
    }

    @Override
    public HostInfo activeHost(String modelId) {
        return self;
    }

    @Override
    public SnapshotWrites snapshotWrites() {
        return learner.snapshotWrites;
    }
}
