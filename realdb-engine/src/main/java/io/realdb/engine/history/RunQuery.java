package io.realdb.engine.history;

/**
 * Which runs to read.
 *
 * @param dataset       the dataset's name
 * @param engine        only runs on this engine, or null for all
 * @param limit         at most this many, the newest
 * @param excludeDigest leave out the run with this digest (the run being reported), or null
 */
public record RunQuery(String dataset, String engine, int limit, String excludeDigest) {

    public RunQuery {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be at least 0, not " + limit);
        }
    }

    public static RunQuery latest(String dataset, int limit) {
        return new RunQuery(dataset, null, limit, null);
    }

    public RunQuery onEngine(String engineId) {
        return new RunQuery(dataset, engineId, limit, excludeDigest);
    }

    public RunQuery excluding(String digest) {
        return new RunQuery(dataset, engine, limit, digest);
    }
}
