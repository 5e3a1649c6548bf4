package io.realdb.engine.history;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A shared history on MariaDB, MySQL or Percona Server, through the MariaDB driver. */
final class MariaDbDialect implements HistoryDialect {

    private static final String LOCK = "'realdb_history_schema'";
    private static final int LOCK_WAIT_SECONDS = 120;

    @Override
    public void timeouts(java.util.Properties properties) {
        properties.setProperty("connectTimeout", Long.toString(HistoryTimeouts.CONNECT.toMillis()));
        properties.setProperty("socketTimeout", Long.toString(HistoryTimeouts.READ.toMillis()));
    }

    @Override
    public String id() {
        return "mariadb";
    }

    @Override
    public boolean serves(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:");
    }

    @Override
    public String driverUrl(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + jdbcUrl.substring("jdbc:mysql:".length()) : jdbcUrl;
    }

    @Override
    public String idColumn() {
        return "id BIGINT AUTO_INCREMENT PRIMARY KEY";
    }

    @Override
    public String longText() {
        return "MEDIUMTEXT";
    }

    @Override
    public void lockSchema(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT GET_LOCK(" + LOCK + ", " + LOCK_WAIT_SECONDS + ")")) {
            if (!rs.next() || rs.getInt(1) != 1) {
                throw new SQLException("another process held the history's schema lock for " + LOCK_WAIT_SECONDS + " s");
            }
        }
    }

    @Override
    public void unlockSchema(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT RELEASE_LOCK(" + LOCK + ")");
        }
    }
}
