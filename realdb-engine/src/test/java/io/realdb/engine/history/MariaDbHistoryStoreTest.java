package io.realdb.engine.history;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A shared history on the machine's MariaDB server (127.0.0.1:3306, root without password),
 * reached through a MySQL URL as a team on MySQL would give it: a database per test, dropped after.
 */
class MariaDbHistoryStoreTest extends HistoryStoreContract {

    private static final String SERVER = "jdbc:mariadb://127.0.0.1:3306/";
    private final String database = "realdb_history_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeEach
    void createDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, "root", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        closeStores();
        try (Connection c = DriverManager.getConnection(SERVER, "root", "");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database);
        }
    }

    @Override
    HistoryLocation location() {
        return new HistoryLocation("jdbc:mysql://127.0.0.1:3306/" + database, "root", null);
    }

    @Override
    String handWrittenIdColumn() {
        return "id BIGINT AUTO_INCREMENT PRIMARY KEY";
    }
}
