package io.realdb.engine.migration.alembic;

import io.realdb.engine.BadInputException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevisionFileReaderTest {

    private static final Path FILE = Path.of("versions/x.py");

    private static Revision read(String text) {
        return RevisionFileReader.read(text, FILE, "versions/x.py").orElseThrow();
    }

    @Test
    void shouldReadTheTemplatesPlainAssignmentsInEitherQuoteStyle() {
        Revision revision = read("""
                \"""add a column

                Revision ID: 1975ea83b712
                Revises: 27c6a30d7c24
                revision = 'not-this-one'
                \"""
                from alembic import op

                revision = '1975ea83b712'
                down_revision = "27c6a30d7c24"
                branch_labels = None
                depends_on = None
                """);

        assertThat(revision.id()).isEqualTo("1975ea83b712");
        assertThat(revision.downRevisions()).containsExactly("27c6a30d7c24");
        assertThat(revision.branchLabels()).isEmpty();
        assertThat(revision.dependsOn()).isEmpty();
    }

    @Test
    void shouldReadTypeAnnotationsTuplesOverSeveralLinesAndLabels() {
        Revision revision = read("""
                from typing import Sequence, Union

                revision: str = "ae1027a6acf"
                down_revision: Union[str, Sequence[str], None] = (
                    "1975ea83b712",  # left
                    '27c6a30d7c24',
                )
                branch_labels: Union[str, Sequence[str], None] = ('expand',)
                depends_on: Union[str, Sequence[str], None] = ['0f1e2d3c4b5a', 'contract']
                """);

        assertThat(revision.id()).isEqualTo("ae1027a6acf");
        assertThat(revision.downRevisions()).containsExactly("1975ea83b712", "27c6a30d7c24");
        assertThat(revision.branchLabels()).containsExactly("expand");
        assertThat(revision.dependsOn()).containsExactly("0f1e2d3c4b5a", "contract");
    }

    @Test
    void shouldSkipAFileThatDeclaresNoRevision() {
        assertThat(RevisionFileReader.read("# package marker\n", FILE, "versions/__init__.py")).isEmpty();
    }

    @Test
    void shouldNameTheFileOfAValueItCannotRead() {
        assertThatThrownBy(() -> read("revision = 'a1'\ndown_revision = compute_parent()\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("versions/x.py")
                .hasMessageContaining("down_revision");
        assertThatThrownBy(() -> read("revision = '--sql'\ndown_revision = None\n"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("'--sql'");
        assertThatThrownBy(() -> read("down_revision = 'a1'\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("no revision");
    }

    @Test
    void shouldTakeLabelsNamedByAConstantAsNoLabels() {
        Revision revision = read("""
                from neutron.db.migration import cli

                revision = '5c85685d616d'
                down_revision = '2e0d7a8a1586'
                branch_labels = (cli.CONTRACT_BRANCH,)
                depends_on = ('3c346828361e',)
                """);

        assertThat(revision.branchLabels()).isEmpty();
        assertThat(revision.dependsOn()).containsExactly("3c346828361e");
    }
}
