package io.streambind.learner.state;

/** Test pairs kept for one task (task + modality pair): how many, and the widths every later batch must match. */
public final class KeptTests {
    public int rows;
    public int widthA;
    public int widthB;

    public KeptTests() {
    }

    public KeptTests(int widthA, int widthB) {
        this.widthA = widthA;
        this.widthB = widthB;
    }
}
