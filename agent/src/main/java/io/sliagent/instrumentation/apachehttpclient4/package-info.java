/**
 * Apache HttpClient 4.x classic ({@code CloseableHttpClient}), and what is built on it. Uses
 * {@code api}, {@code bootstrap}, {@code endpoint}.
 */
package io.sliagent.instrumentation.apachehttpclient4;
