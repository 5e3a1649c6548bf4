package io.realdb.engine.db;

import org.junit.jupiter.api.Test;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class SqlErrorsTest {

    @Test
    void shouldCallALostConnectionInfrastructure() {
        assertThat(SqlErrors.isInfrastructure(new SQLNonTransientConnectionException("Connection reset", "08000"))).isTrue();
        assertThat(SqlErrors.isInfrastructure(new SQLException("Lost connection", "HY000", 2013))).isTrue();
        assertThat(SqlErrors.isInfrastructure(new SQLException("gone away", "HY000", 2006))).isTrue();
        assertThat(SqlErrors.isInfrastructure(new SQLException("(conn=5) Server shutdown in progress", "08S01", 1053))).isTrue();
        assertThat(SqlErrors.isInfrastructure(new SQLException("socket", new SocketException("Broken pipe")))).isTrue();
    }

    @Test
    void shouldCallAFullDiskInfrastructure() {
        assertThat(SqlErrors.isInfrastructure(new SQLException("Disk full (/tmp/#sql_1.MAI); waiting", "HY000", 1021))).isTrue();
        assertThat(SqlErrors.isInfrastructure(new SQLException(
                "Got error 28 \"No space left on device\" from storage engine InnoDB", "HY000", 1030))).isTrue();
        assertThat(SqlErrors.isInfrastructure(new SQLException(
                "Error writing file './db/t.frm' (Errcode: 28 \"No space left on device\")", "HY000", 3))).isTrue();
        assertThat(SqlErrors.isInfrastructure(new SQLException("The table 't' is full", "HY000", 1114))).isTrue();
    }

    @Test
    void shouldLookThroughCausesAndChainedExceptions() {
        SQLException outer = new SQLException("batch failed", "HY000", 0);
        outer.setNextException(new SQLException("Lost connection", "HY000", 2013));
        assertThat(SqlErrors.isInfrastructure(outer)).isTrue();

        SQLException wrapped = new SQLException("wrapped", new SQLNonTransientConnectionException("closed", "08003"));
        assertThat(SqlErrors.isInfrastructure(wrapped)).isTrue();
    }

    @Test
    void shouldLeaveTheStatementsOwnErrorsToTheStatement() {
        assertThat(SqlErrors.isInfrastructure(new SQLSyntaxErrorException("You have an error in your SQL syntax", "42000", 1064))).isFalse();
        assertThat(SqlErrors.isInfrastructure(new SQLIntegrityConstraintViolationException("Duplicate entry '1'", "23000", 1062))).isFalse();
        assertThat(SqlErrors.isInfrastructure(new SQLException("Lock wait timeout exceeded", "HY000", 1205))).isFalse();
        assertThat(SqlErrors.isInfrastructure(new SQLTimeoutException("Query execution was interrupted", "70100", 1969))).isFalse();
        assertThat(SqlErrors.isInfrastructure(new SQLException("Table 'db.t' doesn't exist", "42S02", 1146))).isFalse();
    }

    @Test
    void shouldRecogniseRefusedLogins() {
        assertThat(SqlErrors.isAccessDenied(new SQLException("Access denied for user 'u'@'localhost'", "28000", 1045))).isTrue();
        assertThat(SqlErrors.isAccessDenied(new SQLException("Access denied for user to database 'x'", "42000", 1044))).isTrue();
        assertThat(SqlErrors.isAccessDenied(new SQLException("You have an error", "42000", 1064))).isFalse();
    }

    @Test
    void shouldGiveTheServersTextWithoutTheDriversPrefix() {
        assertThat(SqlErrors.message(new SQLException("(conn=42) Unknown database 'x'", "42000", 1049)))
                .isEqualTo("Unknown database 'x' (error 1049)");
        assertThat(SqlErrors.message(new SQLException("plain"))).isEqualTo("plain");
    }
}
