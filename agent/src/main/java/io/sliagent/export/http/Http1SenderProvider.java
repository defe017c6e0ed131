package io.sliagent.export.http;

import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;

/**
 * {@link HttpSenderProvider} for OTLP/HTTP over a plain JDK socket (HTTP/1.1, TLS via
 * javax.net.ssl): no OkHttp/Kotlin, and no sharing of the application's HttpClient code.
 */
public final class Http1SenderProvider implements HttpSenderProvider {

  @Override
  public HttpSender createSender(HttpSenderConfig config) {
    return new Http1Sender(config);
  }
}
