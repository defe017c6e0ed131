/**
 * The recorded state written straight to OTLP protobuf bytes, no object tree in between. Uses
 * java.base and the OpenTelemetry API's attribute types.
 */
package io.sliagent.export.otlp;
