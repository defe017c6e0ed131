/**
 * The objectives file: its model and a parser that reports every problem at its file, line and
 * column; the same objectives read from OpenSLO v1 documents ({@link io.sliagent.objectives.OpenSlo}).
 * Selectors are the discovered signals. May use {@code api} and SnakeYAML; nothing of recording,
 * SLO or export.
 */
package io.sliagent.objectives;
