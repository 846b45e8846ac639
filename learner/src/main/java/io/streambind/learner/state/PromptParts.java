package io.streambind.learner.state;

import io.streambind.avro.ClassPrompts;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Joins the records of one task's class prompts, each a contiguous range of labels, into one. */
final class PromptParts {
    private PromptParts() {}

    /** The task's prompts with every class, or null while some range is missing. */
    static ClassPrompts join(List<ClassPrompts> records) {
        List<ClassPrompts> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt(ClassPrompts::getFirstClass));
        ClassPrompts first = sorted.get(0);
        if (first.getFirstClass() == 0 && first.getClassCount() == 0) {
            return first;
        }
        int total = first.getClassCount();
        List<String> names = new ArrayList<>(total);
        ByteArrayOutputStream embeddings = new ByteArrayOutputStream();
        for (ClassPrompts part : sorted) {
            if (part.getFirstClass() != names.size()
                    || part.getClassCount() != total
                    || part.getWidth() != first.getWidth()
                    || !part.getModality().equals(first.getModality())) {
                return null;
            }
            names.addAll(part.getClassNames());
            ByteBuffer bytes = part.getEmbeddings().duplicate();
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            embeddings.writeBytes(copy);
        }
        if (names.size() != total) {
            return null;
        }
        return ClassPrompts.newBuilder(first)
                .setClassNames(names)
                .setEmbeddings(ByteBuffer.wrap(embeddings.toByteArray()))
                .setFirstClass(0)
                .setClassCount(0)
                .build();
    }
}
