package io.realdb.engine.migration.alembic;

import io.realdb.engine.BadInputException;
import io.realdb.engine.migration.Migration;
import io.realdb.engine.model.Direction;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevisionGraphTest {

    private final List<Revision> files = new ArrayList<>();

    private RevisionGraphTest revision(String id, List<String> down, List<String> labels, List<String> depends) {
        files.add(new Revision(id, down, labels, depends, Path.of(id + "_x.py")));
        return this;
    }

    private RevisionGraphTest revision(String id, String... down) {
        return revision(id, List.of(down), List.of(), List.of());
    }

    private RevisionGraph graph() {
        return RevisionGraph.of(files, "versions");
    }

    private static List<String> keys(List<Migration> migrations, Direction direction) {
        return migrations.stream().map(m -> m.key(direction)).toList();
    }

    @Test
    void shouldOrderByTheGraphNotByName() {
        revision("c0").revision("a1", "c0").revision("b2", "a1");

        RevisionGraph graph = graph();

        assertThat(keys(graph.migrations(), Direction.UP)).containsExactly("base->c0", "c0->a1", "a1->b2");
        assertThat(graph.head()).isEqualTo("b2");
        assertThat(keys(graph.toApply("a1", "trunk"), Direction.UP)).containsExactly("a1->b2");
        assertThat(keys(graph.toRevert("b2", "c0", "change"), Direction.DOWN)).containsExactly("b2->a1", "a1->c0");
    }

    @Test
    void shouldTellAlembicHowToRevertExactlyOneRevision() {
        revision("r0").revision("x1", "r0").revision("y1", "r0").revision("m2", "x1", "y1").revision("n3", "m2");

        RevisionGraph graph = graph();

        assertThat(graph.migrations()).extracting(Migration::version, Migration::downTarget).containsExactly(
                org.assertj.core.groups.Tuple.tuple("r0", "r0@-1"),
                org.assertj.core.groups.Tuple.tuple("x1", "x1@-1"),
                org.assertj.core.groups.Tuple.tuple("y1", "y1@-1"),
                org.assertj.core.groups.Tuple.tuple("m2", "x1"),
                org.assertj.core.groups.Tuple.tuple("n3", "m2"));
        assertThat(graph.migrations().get(3).from()).isEqualTo("x1+y1");
    }

    @Test
    void shouldRevertAMergeThroughAParentWithNoOtherChildOrNotAtAll() {
        revision("a").revision("b", "a").revision("c", "a").revision("d", "b").revision("m", "b", "c");

        assertThat(graph().migrations()).filteredOn(m -> m.version().equals("m")).singleElement()
                .extracting(Migration::downTarget).isEqualTo("c");

        revision("e", "c").revision("n", "d", "e").revision("o", "n", "m");
        assertThat(graph().migrations()).filteredOn(m -> m.version().equals("m")).singleElement()
                .satisfies(m -> assertThat(m.reversible()).isFalse());
    }

    @Test
    void shouldRunTheBranchOthersDependOnFirstWhateverItsLabel() {
        revision("r0")
                .revision("c1", List.of("r0"), List.of("contract"), List.of("e1"))
                .revision("e1", List.of("r0"), List.of("expand"), List.of())
                .revision("e2", List.of("e1"), List.of(), List.of())
                .revision("c2", List.of("c1"), List.of(), List.of());

        assertThat(graph().migrations()).extracting(Migration::version).containsExactly("r0", "e1", "e2", "c1", "c2");
    }

    @Test
    void shouldOrderIndependentHeadsByTheirBranchLabels() {
        revision("r0")
                .revision("q1", List.of("r0"), List.of("zeta"), List.of())
                .revision("p1", List.of("r0"), List.of("alpha"), List.of());

        RevisionGraph graph = graph();

        assertThat(graph.migrations()).extracting(Migration::version).containsExactly("r0", "p1", "q1");
        assertThat(graph.head()).isEqualTo("p1,q1");
        assertThat(graph.applied("q1", "trunk")).containsExactlyInAnyOrder("r0", "q1");
    }

    @Test
    void shouldLeaveOutOfAStateTheHeadsADependencyImplies() {
        revision("r0").revision("e1", List.of("r0"), List.of("expand"), List.of())
                .revision("c1", List.of("r0"), List.of("contract"), List.of("e1"));

        RevisionGraph graph = graph();

        assertThat(graph.state(List.of("c1", "e1"))).isEqualTo("c1");
        assertThat(graph.head()).isEqualTo("c1");
    }

    @Test
    void shouldRefuseHeadsThatDependOnEachOthersBranchesNamingThem() {
        revision("r0")
                .revision("a1", List.of("r0"), List.of("left"), List.of())
                .revision("a2", List.of("a1"), List.of(), List.of("b1"))
                .revision("b1", List.of("r0"), List.of("right"), List.of())
                .revision("b2", List.of("b1"), List.of(), List.of("a1"));

        assertThatThrownBy(this::graph)
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("a2").hasMessageContaining("b2");
    }

    @Test
    void shouldNameAnUnknownDatabaseRevisionAndBrokenLinks() {
        revision("r0").revision("a1", "r0");
        RevisionGraph graph = graph();
        assertThatThrownBy(() -> graph.toApply("ffff0000", "trunk"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("ffff0000").hasMessageContaining("trunk");

        revision("b2", "zz9");
        assertThatThrownBy(this::graph).isInstanceOf(BadInputException.class).hasMessageContaining("zz9");
    }

    @Test
    void shouldRefuseARevisionDeclaredTwice() {
        revision("r0").revision("r0");

        assertThatThrownBy(this::graph).isInstanceOf(BadInputException.class).hasMessageContaining("declared twice");
    }
}
