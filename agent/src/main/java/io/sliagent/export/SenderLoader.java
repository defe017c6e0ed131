package io.sliagent.export;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.sliagent.export.grpc.JdkGrpcSenderProvider;
import io.sliagent.export.http.Http1SenderProvider;

import java.util.Collections;
import java.util.List;

/**
 * Hands the OTLP exporters our own socket-based senders directly instead of a service-loader
 * search, so no class path of the application's can swap in another sender.
 */
final class SenderLoader implements ComponentLoader {

  @Override
  @SuppressWarnings("unchecked")
  public <T> Iterable<T> load(Class<T> spi) {
    if (spi == HttpSenderProvider.class) {
      return (List<T>) List.of(new Http1SenderProvider());
    }
    if (spi == GrpcSenderProvider.class) {
      return (List<T>) List.of(new JdkGrpcSenderProvider());
    }
    return Collections.emptyList();
  }
}
