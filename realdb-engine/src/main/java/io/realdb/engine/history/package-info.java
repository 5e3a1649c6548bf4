/**
 * The history of past runs: every run's dataset, engine, build, verdict and step measurements,
 * kept in a database behind {@link io.realdb.engine.history.HistoryStore}. The embedded default
 * is an H2 file in realdb's home folder; a team shares one history on PostgreSQL or
 * MariaDB/MySQL. The store creates and upgrades its own schema ({@link io.realdb.engine.history.HistorySchema}).
 */
package io.realdb.engine.history;
