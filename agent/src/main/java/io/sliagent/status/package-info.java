/**
 * The status page ({@code sli.status.port}): {@code /} and {@code /status.json} over the JDK's
 * {@code com.sun.net.httpserver}, read from the SLO engine and the recording when asked. May use
 * {@code slo}, {@code recording}, {@code objectives}, {@code config}, {@code log}, {@code api},
 * {@code server}'s request thread and HdrHistogram; nothing points back to it.
 */
package io.sliagent.status;
