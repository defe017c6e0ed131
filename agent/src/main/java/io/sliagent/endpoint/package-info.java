/**
 * Naming endpoints the same way for every library of a kind: URL templates, SQL shape, JDBC URLs.
 * Secrets never pass through: no query strings, user-info, literals or credentials. May use
 * {@code api} only.
 */
package io.sliagent.endpoint;
