/**
 * The one interface the export's walk over the recorded state writes to, implemented by the OTLP
 * writer ({@code export.otlp}) and the Prometheus scrape ({@code export.prometheus}). Uses only
 * the OpenTelemetry API's attributes.
 */
package io.sliagent.export.sink;
