package io.streambind.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/** Builds evolved variants of the contract schemas for compatibility tests. */
final class Schemas {
    private Schemas() {}

    static Schema optionalString() {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
    }

    /** {@code record} plus a last field; with {@code nullDefault} it defaults to null (the type must start with null). */
    static Schema withField(Schema record, String name, Schema type, boolean nullDefault) {
        List<Schema.Field> fields = copyFields(record);
        fields.add(new Schema.Field(name, type, null, nullDefault ? Schema.Field.NULL_DEFAULT_VALUE : null));
        return copy(record, fields);
    }

    static Schema withoutField(Schema record, String name) {
        List<Schema.Field> fields = copyFields(record);
        fields.removeIf(f -> f.name().equals(name));
        return copy(record, fields);
    }

    /** StreamRecord with a field added to the union member named {@code member}; optional unions default to null. */
    static Schema withNestedField(Schema streamRecord, String member, String name, Schema type) {
        List<Schema> members = new ArrayList<>();
        for (Schema s : streamRecord.getField("payload").schema().getTypes()) {
            boolean optional = type.getType() == Schema.Type.UNION;
            members.add(s.getName().equals(member) ? withField(s, name, type, optional) : s);
        }
        return copy(streamRecord, List.of(new Schema.Field("payload", Schema.createUnion(members))));
    }

    static Schema withUnionMember(Schema streamRecord, Schema newMember) {
        List<Schema> members =
                new ArrayList<>(streamRecord.getField("payload").schema().getTypes());
        members.add(newMember);
        return copy(streamRecord, List.of(new Schema.Field("payload", Schema.createUnion(members))));
    }

    private static List<Schema.Field> copyFields(Schema record) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        return fields;
    }

    private static Schema copy(Schema record, List<Schema.Field> fields) {
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }
}
