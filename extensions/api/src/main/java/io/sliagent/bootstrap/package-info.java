/**
 * The bridge: the only classes defined in the bootstrap class loader, so advice pasted into JDK
 * classes and into any application class loader reaches the agent. Holds no logic and uses
 * java.base only; everything is forwarded to the {@link io.sliagent.bootstrap.Hooks} the agent
 * installs.
 */
package io.sliagent.bootstrap;
