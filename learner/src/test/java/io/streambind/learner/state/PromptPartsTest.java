package io.streambind.learner.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.ClassPrompts;
import io.streambind.schemas.codec.FloatMatrix;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptPartsTest {
    private static final int WIDTH = 2;
    private static final List<String> NAMES = List.of("cat", "dog", "owl", "bee", "elk");
    private static final float[] VALUES = {0, 1, 10, 11, 20, 21, 30, 31, 40, 41};

    private static ClassPrompts range(int from, int to, int classCount) {
        return ClassPrompts.newBuilder()
                .setModelId("m")
                .setTask("animals")
                .setModality("text")
                .setWidth(WIDTH)
                .setClassNames(NAMES.subList(from, to))
                .setEmbeddings(FloatMatrix.toBytes(Arrays.copyOfRange(VALUES, from * WIDTH, to * WIDTH)))
                .setFirstClass(from)
                .setClassCount(classCount)
                .setProducedAtMillis(0)
                .build();
    }

    @Test
    void joinsContiguousRangesInLabelOrder() {
        ClassPrompts joined = PromptParts.join(List.of(range(3, 5, 5), range(0, 2, 5), range(2, 3, 5)));
        assertThat(joined.getClassNames()).containsExactlyElementsOf(NAMES);
        assertThat(FloatMatrix.toFloats(joined.getEmbeddings())).containsExactly(VALUES);
        assertThat(joined.getFirstClass()).isZero();
        assertThat(joined.getClassCount()).isZero();
    }

    @Test
    void aSetWithAMissingRangeIsNotUsedYet() {
        assertThat(PromptParts.join(List.of(range(0, 2, 5), range(3, 5, 5)))).isNull();
        assertThat(PromptParts.join(List.of(range(0, 2, 5), range(2, 3, 5)))).isNull();
    }

    @Test
    void aWholeRecordStandsAlone() {
        ClassPrompts whole = range(0, 5, 0);
        assertThat(PromptParts.join(List.of(whole))).isSameAs(whole);
    }
}
