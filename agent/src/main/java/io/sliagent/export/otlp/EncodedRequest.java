package io.sliagent.export.otlp;

import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.marshal.Serializer;
import java.io.IOException;

/**
 * An export request already in protobuf bytes, handed to the SDK's OTLP exporter as the
 * {@link Marshaler} it sends. Only the binary form exists: the agent exports grpc or
 * http/protobuf, never JSON.
 */
public final class EncodedRequest extends Marshaler {

  private final byte[] bytes;
  private final int metrics;

  EncodedRequest(byte[] bytes, int metrics) {
    this.bytes = bytes;
    this.metrics = metrics;
  }

  /** How many metrics it carries (what the exporter counts as items). */
  public int metrics() {
    return metrics;
  }

  @Override
  public int getBinarySerializedSize() {
    return bytes.length;
  }

  @Override
  protected void writeTo(Serializer output) throws IOException {
    // The JSON form is never asked for: ExportSettings accepts only grpc and http/protobuf.
    output.writeSerializedMessage(bytes, "");
  }
}
