package io.streambind.core.model;

/** A batch the model cannot train on; the message is the one-sentence reason for the dead-letter topic. */
public final class RejectedBatchException extends IllegalArgumentException {
  public RejectedBatchException(String reason) {
    super(reason);
  }
}
