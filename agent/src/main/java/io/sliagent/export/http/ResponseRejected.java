package io.sliagent.export.http;

import java.io.IOException;

/**
 * A response we will not take whatever the retry policy says: a body over the configured limit
 * or in an encoding we cannot read. Asking again would get the same answer.
 */
final class ResponseRejected extends IOException {
  private static final long serialVersionUID = 1L;

  ResponseRejected(String message) {
    super(message);
  }
}
