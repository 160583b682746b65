/**
 * Pure-Java statistics core: sample metrics (avg@k, pass@k, maj@k), seeded bootstrap, McNemar,
 * Wilson intervals, the Multilingual Transferability Index, and the parallel scaling law. No Spark,
 * no IO; every formula is the one in DESIGN.md, section "Metrics (exact definitions)".
 */
package org.polyreason.udfs.stats;
