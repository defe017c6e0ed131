package io.sliagent.export.grpc;

import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;

/**
 * {@link GrpcSenderProvider} backed only by the JDK (sockets, javax.net.ssl), so the agent ships
 * neither OkHttp/Kotlin nor grpc-java/Netty. Register it via META-INF/services or hand it to the
 * exporter builder through a ComponentLoader.
 */
public final class JdkGrpcSenderProvider implements GrpcSenderProvider {

  @Override
  public GrpcSender createSender(GrpcSenderConfig config) {
    return new JdkGrpcSender(config);
  }
}
