/**
 * Reviews on Gerrit: several datasets' results combined into one verdict per change and patch
 * set ({@link io.realdb.engine.review.CombinedVerdict}), the vote that verdict gives
 * ({@link io.realdb.engine.review.VoteLabel}), and the REST client that posts it
 * ({@link io.realdb.engine.review.GerritClient}). The message's words come from the caller: the
 * report module words verdicts.
 */
package io.realdb.engine.review;
