package io.sliagent.export.http;

import java.io.IOException;

/**
 * A response we will not take: a body over the configured limit or in an encoding we cannot
 * read. Asking again would get the same answer, so it is not retried (unless a retry policy's
 * own exception predicate says otherwise).
 */
final class ResponseRejected extends IOException {
  private static final long serialVersionUID = 1L;

  ResponseRejected(String message) {
    super(message);
  }
}
