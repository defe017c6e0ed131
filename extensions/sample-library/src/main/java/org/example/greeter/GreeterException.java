package org.example.greeter;

import java.io.IOException;

/** The server answered a greeting with an error ({@code ERR reason}). */
public class GreeterException extends IOException {

  private static final long serialVersionUID = 1L;

  public GreeterException(String reason) {
    super(reason);
  }
}
