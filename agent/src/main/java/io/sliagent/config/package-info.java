/**
 * Settings: agent argument, then system property ({@code sli.*}), then environment ({@code
 * SLI_*}); a bad value names the setting. Uses java.base only.
 */
package io.sliagent.config;
