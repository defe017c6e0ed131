/** The agent's one voice: stderr, once per kind of problem. Uses java.base only. */
package io.sliagent.log;
