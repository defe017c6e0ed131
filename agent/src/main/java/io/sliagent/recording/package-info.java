/**
 * What instrumentations record into: endpoints per signal (capped), exact bucket counters and
 * HdrHistogram counts. Feeds the objectives through {@link io.sliagent.recording.Bindings}, which
 * the SLO layer implements, so it depends on nothing above it: {@code api}, {@code log},
 * HdrHistogram and the OpenTelemetry API's attribute types.
 */
package io.sliagent.recording;
