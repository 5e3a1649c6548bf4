package io.realdb.engine.migration.liquibase;

import io.realdb.engine.BadInputException;
import liquibase.Scope;
import liquibase.change.AbstractChange;
import liquibase.change.ChangeFactory;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.database.core.MariaDBDatabase;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading changelogs without running Liquibase: formats, includes, rollbacks, and files that cannot be read. */
class ChangelogReaderTest {

    private static final String MASTER = "db/changelog/db.changelog-master.xml";

    /** Liquibase's parser, run here on the test's own files, logs every file it reads. */
    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    @TempDir
    Path dir;

    private static Path project() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(ChangelogReaderTest.class.getResource("/liquibase/project")).toURI());
    }

    private Path write(String file, String text) throws Exception {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
        return path;
    }

    @Test
    void shouldReadEveryFormatAndIncludeInLiquibasesOrder() throws Exception {
        List<Changeset> changesets = ChangelogReader.read(project(), MASTER);

        assertThat(changesets).extracting(Changeset::identity).containsExactly(
                MASTER + "::1::alice",
                MASTER + "::2::alice",
                MASTER + "::3::alice",
                MASTER + "::not-h2::alice",
                "db/changelog/yaml/more.yaml::1::bob",
                "legacy/more.yaml::y2::bob",
                "db/changelog/yaml/more.yaml::y3::bob",
                "db/changelog/all/001-first.sql::s1::carol",
                "db/changelog/all/001-first.sql::s2::Carol Ann",
                "db/changelog/all/001-first.sql::s4::carol",
                "db/changelog/all/002-raw.sql::raw_db_changelog_all_002-raw.sql::includeAll",
                "db/changelog/all/sub/003-deep.yaml::deep::dave",
                "db/changelog/extra.json::1::alice");
    }

    @Test
    void shouldTellWhichChangesetsLiquibaseCanRollBack() throws Exception {
        List<Changeset> changesets = ChangelogReader.read(project(), MASTER);

        assertThat(changesets).filteredOn(Changeset::rollback).extracting(Changeset::id)
                // createTable, an explicit rollback, renameColumn, addColumn + createIndex, a YAML rollback,
                // --rollback, a rollback block, tagDatabase, createView.
                .containsExactly("1", "2", "not-h2", "1", "y2", "s1", "s4", "deep", "1");
        assertThat(changesets).filteredOn(c -> !c.rollback()).extracting(Changeset::id)
                // sql without rollback, dropColumn, formatted SQL without --rollback, a plain SQL file.
                .containsExactly("3", "y3", "s2", "raw_db_changelog_all_002-raw.sql");
    }

    @Test
    void shouldAgreeWithLiquibasesOwnParser() throws Exception {
        Path root = project();
        List<String> liquibase = new ArrayList<>();
        List<String> rollbacks = new ArrayList<>();
        MariaDBDatabase mariadb = new MariaDBDatabase();
        LIQUIBASE_LOG.setLevel(Level.OFF);
        try (DirectoryResourceAccessor accessor = new DirectoryResourceAccessor(root)) {
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), accessor), () -> {
                DatabaseChangeLog changelog = ChangeLogParserFactory.getInstance().getParser(MASTER, accessor)
                        .parse(MASTER, new ChangeLogParameters(), accessor);
                DbmsChangeSetFilter dbms = new DbmsChangeSetFilter(mariadb);
                for (ChangeSet changeSet : changelog.getChangeSets()) {
                    if (!changeSet.isIgnore() && dbms.accepts(changeSet).isAccepted()) {
                        liquibase.add(Changeset.identity(changeSet.getFilePath(), changeSet.getId(), changeSet.getAuthor()));
                        rollbacks.add(changeSet.getId() + "=" + changeSet.supportsRollback(mariadb));
                    }
                }
            });
        } finally {
            LIQUIBASE_LOG.setLevel(null);
        }

        List<Changeset> ours = ChangelogReader.read(root, MASTER);
        // Without a database to look at, Liquibase names a plain SQL file's changeset the old way, "raw".
        assertThat(ours).extracting(Changeset::identity)
                .map(identity -> identity.replace("::raw_db_changelog_all_002-raw.sql::", "::raw::"))
                .containsExactlyElementsOf(liquibase);
        assertThat(ours).extracting(c -> c.id().replaceFirst("^raw_.*", "raw") + "=" + c.rollback())
                .containsExactlyElementsOf(rollbacks);
    }

    @Test
    void shouldKnowTheChangeTypesThatLiquibaseInvertsByItself() throws Exception {
        Set<String> inverting = new TreeSet<>();
        ChangeFactory changes = Scope.getCurrentScope().getSingleton(ChangeFactory.class);
        for (String name : changes.getDefinedChanges()) {
            for (Class<?> type = changes.create(name).getClass(); type != AbstractChange.class && type != null;
                 type = type.getSuperclass()) {
                if (declares(type, "createInverses")) {
                    inverting.add(name);
                    break;
                }
            }
        }
        assertThat(new TreeSet<>(ChangelogReader.SELF_INVERTING)).isEqualTo(inverting);
    }

    private static boolean declares(Class<?> type, String method) {
        for (java.lang.reflect.Method declared : type.getDeclaredMethods()) {
            if (declared.getName().equals(method) && declared.getParameterCount() == 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void shouldFollowLiquibasesDbmsRule() {
        assertThat(ChangelogReader.dbmsMatches(null)).isTrue();
        assertThat(ChangelogReader.dbmsMatches("all")).isTrue();
        assertThat(ChangelogReader.dbmsMatches("MariaDB")).isTrue();
        assertThat(ChangelogReader.dbmsMatches("!postgresql")).isTrue();
        assertThat(ChangelogReader.dbmsMatches("mysql")).isFalse();
        assertThat(ChangelogReader.dbmsMatches("!mariadb")).isFalse();
        assertThat(ChangelogReader.dbmsMatches("none")).isFalse();
    }

    @Test
    void shouldNameTheLineOfABrokenXmlChangelog() throws Exception {
        write("changelog.xml", "<databaseChangeLog>\n  <changeSet id=\"1\" author=\"a\">\n</databaseChangeLog>\n");

        assertThatThrownBy(() -> ChangelogReader.read(dir, "changelog.xml"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("liquibase changelog 'changelog.xml' line 3");
    }

    @Test
    void shouldRefuseDocumentTypesSoThatNoEntityIsRead() throws Exception {
        Path secret = write("secret.txt", "s3cr3t");
        write("changelog.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM \"file://" + secret + "\">]>\n"
                + "<databaseChangeLog><changeSet id=\"&x;\" author=\"a\"/></databaseChangeLog>\n");

        assertThatThrownBy(() -> ChangelogReader.read(dir, "changelog.xml"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("changelog.xml")
                .hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void shouldNameABrokenYamlOrJsonChangelog() throws Exception {
        write("changelog.yaml", "databaseChangeLog:\n  - changeSet:\n      id: [1\n");
        write("changelog.json", "{\"databaseChangeLog\": [ {\"changeSet\": }\n");
        write("other.yaml", "changeSets: []\n");

        assertThatThrownBy(() -> ChangelogReader.read(dir, "changelog.yaml"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("'changelog.yaml' is not readable YAML");
        assertThatThrownBy(() -> ChangelogReader.read(dir, "changelog.json"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("'changelog.json' is not readable JSON");
        assertThatThrownBy(() -> ChangelogReader.read(dir, "other.yaml"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("'other.yaml': it has no databaseChangeLog list");
    }

    @Test
    void shouldNameAFormattedSqlChangesetLineWithoutAnId() throws Exception {
        write("changelog.sql", "--liquibase formatted sql\n\n--changeset alice\nSELECT 1;\n");

        assertThatThrownBy(() -> ChangelogReader.read(dir, "changelog.sql"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("'changelog.sql' line 3");
    }

    @Test
    void shouldNameAMissingIncludeAndTheFileThatIncludesIt() throws Exception {
        write("db/master.yaml", "databaseChangeLog:\n  - include: {file: parts/gone.xml, relativeToChangelogFile: true}\n");
        write("db/all.xml", "<databaseChangeLog><includeAll path=\"db/none/\"/></databaseChangeLog>");

        assertThatThrownBy(() -> ChangelogReader.read(dir, "db/master.yaml"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("'db/parts/gone.xml' is not in the project (included by 'db/master.yaml')");
        assertThatThrownBy(() -> ChangelogReader.read(dir, "db/all.xml"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("includeAll path 'db/none' in 'db/all.xml'");
        assertThatThrownBy(() -> ChangelogReader.read(dir, "db/absent.xml"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("'db/absent.xml' is not in the project (migration.changelog)");
    }

    @Test
    void shouldRefuseIncludesThatLeaveTheProjectOrGoRound() throws Exception {
        write("outside.xml", "<databaseChangeLog/>");
        Path project = dir.resolve("project");
        write("project/escape.xml", "<databaseChangeLog><include file=\"../outside.xml\"/></databaseChangeLog>");
        write("project/a.xml", "<databaseChangeLog><include file=\"b.xml\"/></databaseChangeLog>");
        write("project/b.xml", "<databaseChangeLog><include file=\"a.xml\"/></databaseChangeLog>");

        assertThatThrownBy(() -> ChangelogReader.read(project, "escape.xml"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("'../outside.xml' (included by 'escape.xml') is outside the project");
        assertThatThrownBy(() -> ChangelogReader.read(project, "a.xml"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("'a.xml' includes itself (through a.xml -> b.xml)");
    }
}
