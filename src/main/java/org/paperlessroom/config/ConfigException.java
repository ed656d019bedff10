package org.paperlessroom.config;

/** A configuration or start-up problem the operator can fix; its message is shown as one line. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
