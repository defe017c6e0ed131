/**
 * Apache HttpClient 5, classic ({@code CloseableHttpClient}) and async ({@code
 * CloseableHttpAsyncClient}), and what is built on them (Spring's
 * {@code HttpComponentsClientHttpRequestFactory} under {@code RestTemplate} and {@code
 * RestClient}). Uses {@code api}, {@code bootstrap}, {@code endpoint}.
 */
package io.sliagent.instrumentation.apachehttpclient5;
