package io.streambind.schemas.registry;

/** Where a registry makes its changes durable before applying them. */
interface SchemaEventLog {
    /** Keeps nothing: for the in-memory registry. */
    SchemaEventLog NONE = new SchemaEventLog() {
        @Override
        public void appendVersion(SchemaVersion version) {}

        @Override
        public void appendDeletion(SchemaVersion version) {}

        @Override
        public void appendLevel(String subject, CompatibilityLevel level) {}
    };

    void appendVersion(SchemaVersion version);

    /** A soft deletion of {@code version}. */
    void appendDeletion(SchemaVersion version);

    /** {@code subject} null means the global level. */
    void appendLevel(String subject, CompatibilityLevel level);
}
