package io.streambind.learner.process;

import io.streambind.learner.state.SourcePosition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A buffered part of a split batch: its original value bytes and where it came from. */
record PendingPart(SourcePosition source, byte[] value) {

    byte[] encode() {
        byte[] topic = source.topic().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES * 3 + Long.BYTES + topic.length + value.length)
                .putInt(topic.length)
                .put(topic)
                .putInt(source.partition())
                .putLong(source.offset())
                .putInt(value.length)
                .put(value)
                .array();
    }

    static PendingPart decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte[] topic = new byte[in.getInt()];
        in.get(topic);
        SourcePosition source =
                new SourcePosition(new String(topic, StandardCharsets.UTF_8), in.getInt(), in.getLong());
        byte[] value = new byte[in.getInt()];
        in.get(value);
        return new PendingPart(source, value);
    }
}
