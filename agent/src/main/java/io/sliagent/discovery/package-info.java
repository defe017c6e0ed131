/**
 * Finds the instrumentations: the agent's own ({@code META-INF/services} in its jar) and those of
 * extension jars ({@code sli.extensions}), each jar in a class loader of its own with ByteBuddy's
 * names relocated to the agent's copy. Reports a broken one by name and skips it. May use {@code
 * api} and {@code log}; never ByteBuddy's machinery, so discovery costs no bytecode work.
 */
package io.sliagent.discovery;
