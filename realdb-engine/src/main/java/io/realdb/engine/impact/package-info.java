/**
 * Online impact: while a migration step runs, a small workload of realdb's own (primary-key reads,
 * row writes that are rolled back) measures how long the step would have kept an application
 * waiting, and the server is asked which table locks the migration held and which tables it
 * rewrote. What the probes read and write is kept out of the step's row counters. Each engine's
 * part is an {@link io.realdb.engine.impact.ImpactDialect}; the runner uses
 * {@link io.realdb.engine.impact.ImpactMeter} alone.
 */
package io.realdb.engine.impact;
