package io.realdb.engine.impact;

import java.util.List;

/**
 * A table the probes use during one step, with the primary keys of some of its rows, sampled
 * before the step started.
 *
 * @param name     the table's name as reports show it
 * @param readSql  a lookup of one row by its key, the key's values as parameters
 * @param writeSql the statements of a write of one row by its key, the key's values as
 *                 parameters of the last; null when the table cannot be written to by the probes
 * @param keys     the sampled keys, each the values of the key's columns in order
 */
record ProbeTable(String name, String readSql, List<String> writeSql, List<List<Object>> keys) {

    ProbeTable {
        writeSql = writeSql == null ? null : List.copyOf(writeSql);
        keys = List.copyOf(keys);
    }

    boolean writable() {
        return writeSql != null;
    }
}
