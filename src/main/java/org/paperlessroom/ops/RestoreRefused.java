package org.paperlessroom.ops;

/** A restore that did not start, or stopped before changing anything, with one line saying why and what to do. */
public final class RestoreRefused extends RuntimeException {
  public RestoreRefused(String message) {
    super(message, null, false, false);
  }

  public RestoreRefused(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
