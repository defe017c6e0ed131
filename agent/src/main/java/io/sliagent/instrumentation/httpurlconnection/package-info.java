/**
 * The JDK's {@code HttpURLConnection}, one exchange measured once. Uses {@code api}, {@code
 * bootstrap}, {@code endpoint}.
 */
package io.sliagent.instrumentation.httpurlconnection;
