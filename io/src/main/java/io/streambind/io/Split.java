package io.streambind.io;

/** Whether a batch is trained on or kept for evaluation only. */
public enum Split {
    TRAIN,
    TEST
}
