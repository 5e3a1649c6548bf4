package io.realdb.engine.migration.liquibase;

import io.realdb.engine.BadInputException;
import io.realdb.engine.migration.Migration;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.model.Direction;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys, targets and states of the steps a changelog gives. */
class ChangesetHistoryTest {

    private static final String MASTER = "db/changelog/db.changelog-master.xml";

    private static Path project() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(ChangesetHistoryTest.class.getResource("/liquibase/project")).toURI());
    }

    private static Changeset changeset(String path, String id, String author) {
        return new Changeset(path, id, author, true, false);
    }

    @Test
    void shouldKeyByIdThenAuthorThenLiquibasesOwnName() throws Exception {
        ChangesetHistory history = ChangesetHistory.of(ChangelogReader.read(project(), MASTER));

        assertThat(history.history().migrations()).extracting(Migration::version).containsExactly(
                // id 1 is alice's twice, in two files, and bob's once.
                MASTER + "::1::alice", "2", "3", "not-h2", "bob:1", "y2", "y3", "s1", "s2", "s4",
                "raw_db_changelog_all_002-raw.sql", "deep", "db/changelog/extra.json::1::alice");
        assertThat(history.history().base()).isEqualTo(MigrationTool.NO_VERSION);
        assertThat(history.history().head()).isEqualTo("db/changelog/extra.json::1::alice");
    }

    @Test
    void shouldTargetTheChangesetByLiquibasesNameAndNotRollBackWhatCannotBe() throws Exception {
        List<Migration> migrations = ChangesetHistory.of(ChangelogReader.read(project(), MASTER)).history().migrations();

        Migration two = migrations.get(1);
        assertThat(two.from()).isEqualTo(MASTER + "::1::alice");
        assertThat(two.upTarget()).isEqualTo(MASTER + "::2::alice");
        assertThat(two.downTarget()).isEqualTo(MASTER + "::2::alice");
        assertThat(two.key(Direction.DOWN)).isEqualTo("2->" + MASTER + "::1::alice");
        Migration three = migrations.get(2);
        assertThat(three.reversible()).isFalse();
    }

    @Test
    void shouldKeepKeysFreeOfSpacesAndApartFromTheBase() {
        ChangesetHistory history = ChangesetHistory.of(List.of(
                changeset("a.xml", "0", "alice"),
                changeset("a.xml", "create users", "Carol Ann"),
                changeset("a.xml", "2", "Carol Ann"),
                changeset("b.xml", "2", "bob")));

        assertThat(history.history().migrations()).extracting(Migration::version)
                .containsExactly("alice:0", "create_users", "Carol_Ann:2", "bob:2");
        assertThat(history.history().migrations().get(0).from()).isEqualTo("0");
    }

    @Test
    void shouldMapDatabaseChangelogRowsBackToKeys() {
        ChangesetHistory history = ChangesetHistory.of(List.of(
                changeset("db/a.xml", "1", "alice"),
                changeset("db/b.sql", "raw_db_b.sql", SqlChangelog.RAW_AUTHOR),
                changeset("db/c.xml", "1", "bob")));

        assertThat(history.keyOf("db/a.xml", "1", "alice")).isEqualTo("alice:1");
        // A seed made with another search path spells the file otherwise.
        assertThat(history.keyOf("classpath:db/a.xml", "1", "alice")).isEqualTo("alice:1");
        assertThat(history.keyOf("/opt/app/db/c.xml", "1", "bob")).isEqualTo("bob:1");
        // Liquibase before 4.27 named a plain SQL file's changeset "raw".
        assertThat(history.keyOf("db/b.sql", "raw", SqlChangelog.RAW_AUTHOR)).isEqualTo("raw_db_b.sql");
        assertThat(history.keyOf("db/d.xml", "9", "dave")).isNull();
    }

    @Test
    void shouldRefuseARunAlwaysChangesetAndNameIt() {
        assertThatThrownBy(() -> ChangesetHistory.of(List.of(
                changeset("db/a.xml", "1", "alice"),
                new Changeset("db/a.xml", "views", "alice", true, true))))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("db/a.xml::views::alice is runAlways");
    }
}
