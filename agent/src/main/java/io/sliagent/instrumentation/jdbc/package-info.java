/**
 * JDBC statements of any driver, through any pool. Uses {@code api}, {@code bootstrap}, {@code
 * endpoint}.
 */
package io.sliagent.instrumentation.jdbc;
