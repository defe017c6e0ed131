/**
 * The SLO engine: which endpoints each objective selects, exact good/bad counts, rolling windows,
 * error budgets and burn rates. May use {@code recording} (it implements its {@code Bindings}),
 * {@code objectives}, {@code api} and {@code log}.
 */
package io.sliagent.slo;
