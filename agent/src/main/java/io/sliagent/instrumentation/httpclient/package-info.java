/**
 * {@code java.net.http.HttpClient}: {@code send} and {@code sendAsync}. Uses {@code api}, {@code
 * bootstrap}, {@code endpoint}.
 */
package io.sliagent.instrumentation.httpclient;
