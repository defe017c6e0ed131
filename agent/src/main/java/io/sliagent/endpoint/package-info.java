/**
 * Naming endpoints the same way for every library of a kind: URL templates (from a URI or a URL's
 * text), SQL shape, JDBC URLs; and counting an HTTP client's own attempts per call. Secrets never
 * pass through: no query strings, user-info, literals or credentials. May use {@code api} only.
 */
package io.sliagent.endpoint;
