package io.sliagent.config;

/** A setting with a value the agent cannot use; the message names the setting and the value. */
public final class SettingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SettingException(String message) {
    super(message);
  }
}
