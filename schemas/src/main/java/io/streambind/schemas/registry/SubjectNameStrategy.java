package io.streambind.schemas.registry;

import org.apache.avro.Schema;

/** How a serializer names the registry subject of a record; Confluent's three strategies. */
public enum SubjectNameStrategy {
    /** {@code <topic>-value} / {@code <topic>-key}: one schema lineage per topic (the default). */
    TOPIC_NAME {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return topic + (isKey ? "-key" : "-value");
        }
    },
    /** The record's full name, shared by every topic carrying it. */
    RECORD_NAME {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return schema.getFullName();
        }
    },
    /** {@code <topic>-<record full name>}. */
    TOPIC_RECORD_NAME {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return topic + "-" + schema.getFullName();
        }
    };

    public abstract String subject(String topic, boolean isKey, Schema schema);
}
