package io.streambind.schemas.wire;

/**
 * A check a deserializer runs on each decoded record, for invariants Avro cannot express
 * (e.g. a matrix's byte length agreeing with its declared shape). Throws a {@link WireFormatException}.
 */
@FunctionalInterface
public interface RecordCheck<T> {
    void check(T record, DecodeLimits limits);

    static <T> RecordCheck<T> none() {
        return (record, limits) -> {};
    }
}
