package io.realdb.engine.history;

import io.realdb.engine.BadInputException;

import java.util.List;

/** The databases a history can live in, looked up by JDBC URL or id. */
public final class HistoryDialects {

    private static final List<HistoryDialect> DIALECTS = List.of(new H2Dialect(), new PostgresDialect(), new MariaDbDialect());

    private HistoryDialects() {
    }

    public static List<HistoryDialect> all() {
        return DIALECTS;
    }

    /** @throws BadInputException for a URL of a database realdb cannot keep a history in */
    public static HistoryDialect forUrl(String jdbcUrl) {
        return DIALECTS.stream()
                .filter(d -> d.serves(jdbcUrl))
                .findFirst()
                .orElseThrow(() -> new BadInputException("history URL '" + HistoryLocation.withoutParameters(jdbcUrl)
                        + "' is not one realdb can use: give jdbc:h2:, jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:"));
    }
}
