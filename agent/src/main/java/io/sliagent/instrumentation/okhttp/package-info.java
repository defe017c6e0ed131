/**
 * OkHttp 4.x and 5.x (and what is built on it: Retrofit, Spring's OkHttp request factory): each
 * call's exchange, synchronous or enqueued. Uses {@code api}, {@code bootstrap}, {@code endpoint}.
 */
package io.sliagent.instrumentation.okhttp;
