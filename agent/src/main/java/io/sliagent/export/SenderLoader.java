package io.sliagent.export;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import java.util.Collections;
import java.util.List;

/**
 * Hands the OTLP exporters the SDK's OkHttp senders directly instead of a service-loader search,
 * so no class path of the application's can swap in another sender. OkHttp is the agent's
 * relocated copy (module {@code export-okhttp}), whose classes the application never shares.
 */
final class SenderLoader implements ComponentLoader {

  /**
   * By name: the relocated sender is in the agent's jar, but not on the class path of a build that
   * stops before packaging; the agent's shading relocates these names with the rest of the SDK.
   */
  private static final String HTTP =
      "io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider";
  private static final String GRPC =
      "io.opentelemetry.exporter.sender.okhttp.internal.OkHttpGrpcSenderProvider";

  @Override
  @SuppressWarnings("unchecked")
  public <T> Iterable<T> load(Class<T> spi) {
    if (spi == HttpSenderProvider.class) {
      return (List<T>) List.of(create(HTTP));
    }
    if (spi == GrpcSenderProvider.class) {
      return (List<T>) List.of(create(GRPC));
    }
    return Collections.emptyList();
  }

  private static Object create(String className) {
    try {
      return Class.forName(className, true, SenderLoader.class.getClassLoader())
          .getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("the agent's OTLP sender is missing from its jar: "
          + className, e);
    }
  }
}
