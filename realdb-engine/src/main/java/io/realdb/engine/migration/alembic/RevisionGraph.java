package io.realdb.engine.migration.alembic;

import io.realdb.engine.BadInputException;
import io.realdb.engine.migration.Migration;
import io.realdb.engine.migration.MigrationHistory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Alembic's revision graph, stepped one revision at a time.
 *
 * <p>The order: the heads are ordered first. A head comes before another when a revision only
 * the other reaches depends on a revision only the first reaches (neutron's contract revisions
 * depend on its expand ones, so every expand revision runs before any contract one); heads that
 * nothing orders go by their branch label, then by revision id. Then each head's revisions that
 * are not applied yet follow, each after its down revisions and its dependencies. Heads that
 * depend on each other both ways cannot be ordered and are refused.
 *
 * <p>A state is the set of revisions in {@code alembic_version}, written as the ids sorted and
 * joined by {@code ,}, or {@code base}. Revisions a head already implies are left out of a state,
 * so that the same database always reads the same.
 */
final class RevisionGraph implements MigrationHistory {

    static final String BASE = "base";

    private final Map<String, Revision> revisions;
    /** Every revision a revision needs: its down revisions and dependencies, transitively, itself included. */
    private final Map<String, Set<String>> needs = new HashMap<>();
    /** The revisions that name a revision as their down revision. */
    private final Map<String, List<String>> children = new HashMap<>();
    private final List<String> heads;
    private final List<Migration> order;

    private RevisionGraph(Map<String, Revision> revisions, String where) {
        this.revisions = revisions;
        revisions.values().forEach(r -> r.downRevisions()
                .forEach(down -> children.computeIfAbsent(down, k -> new ArrayList<>()).add(r.id())));
        for (String id : revisions.keySet()) {
            needsOf(id, new LinkedHashSet<>());
        }
        this.heads = heads(revisions);
        if (heads.isEmpty() && !revisions.isEmpty()) {
            throw new BadInputException("the revisions in " + where + " have no head: their down_revisions form a cycle");
        }
        this.order = linearise(where);
    }

    /** @param where names the folder in messages */
    static RevisionGraph of(List<Revision> files, String where) {
        Map<String, Revision> byId = new LinkedHashMap<>();
        for (Revision revision : files) {
            Revision earlier = byId.put(revision.id(), revision);
            if (earlier != null) {
                throw new BadInputException("revision " + revision.id() + " is declared twice in " + where + ": "
                        + earlier.file() + " and " + revision.file());
            }
        }
        Map<String, Revision> resolved = new LinkedHashMap<>();
        for (Revision revision : byId.values()) {
            for (String id : revision.downRevisions()) {
                if (!byId.containsKey(id)) {
                    throw new BadInputException("revision " + revision.id() + " (" + revision.file().getFileName()
                            + ") has down_revision " + id + ", which no revision file in " + where + " declares");
                }
            }
            List<String> depends = new ArrayList<>();
            for (String reference : revision.dependsOn()) {
                depends.add(resolve(reference, byId, revision, where));
            }
            resolved.put(revision.id(), new Revision(revision.id(), revision.downRevisions(), revision.branchLabels(),
                    depends, revision.file()));
        }
        return new RevisionGraph(resolved, where);
    }

    /** A dependency names a revision, a unique prefix of one, or a branch label. */
    private static String resolve(String reference, Map<String, Revision> byId, Revision of, String where) {
        if (byId.containsKey(reference)) {
            return reference;
        }
        List<String> matches = new ArrayList<>();
        for (Revision candidate : byId.values()) {
            if (candidate.branchLabels().contains(reference) || candidate.id().startsWith(reference)) {
                matches.add(candidate.id());
            }
        }
        if (matches.size() != 1) {
            throw new BadInputException("revision " + of.id() + " (" + of.file().getFileName() + ") depends on "
                    + reference + ", which " + (matches.isEmpty() ? "no revision file in " + where + " declares (a branch "
                    + "label set from a constant, such as cli.EXPAND_BRANCH, cannot be read without Python: name a revision id)"
                    : "is ambiguous: " + matches));
        }
        return matches.get(0);
    }

    private List<String> heads(Map<String, Revision> revisions) {
        return revisions.keySet().stream().filter(id -> !children.containsKey(id)).toList();
    }

    /** The revisions {@code id} needs, itself included; a cycle is bad input. */
    private Set<String> needsOf(String id, Set<String> visiting) {
        Set<String> known = needs.get(id);
        if (known != null) {
            return known;
        }
        if (!visiting.add(id)) {
            throw new BadInputException("the revisions " + String.join(" -> ", visiting) + " -> " + id
                    + " form a cycle through down_revision and depends_on");
        }
        Set<String> all = new HashSet<>();
        all.add(id);
        Revision revision = revisions.get(id);
        for (String down : revision.downRevisions()) {
            all.addAll(needsOf(down, visiting));
        }
        for (String dependency : revision.dependsOn()) {
            all.addAll(needsOf(dependency, visiting));
        }
        visiting.remove(id);
        needs.put(id, all);
        return all;
    }

    private List<Migration> linearise(String where) {
        List<String> orderedHeads = orderHeads(where);
        List<Migration> migrations = new ArrayList<>();
        Set<String> emitted = new HashSet<>();
        for (String head : orderedHeads) {
            emit(head, emitted, migrations);
        }
        return List.copyOf(migrations);
    }

    /** Depth first: down revisions in the order the file names them, then dependencies, then the revision. */
    private void emit(String root, Set<String> emitted, List<Migration> migrations) {
        Deque<String[]> stack = new ArrayDeque<>();
        stack.push(new String[] {root, "0"});
        while (!stack.isEmpty()) {
            String[] frame = stack.peek();
            String id = frame[0];
            if (emitted.contains(id)) {
                stack.pop();
                continue;
            }
            Revision revision = revisions.get(id);
            List<String> prerequisites = new ArrayList<>(revision.downRevisions());
            prerequisites.addAll(revision.dependsOn());
            int next = Integer.parseInt(frame[1]);
            if (next < prerequisites.size()) {
                frame[1] = Integer.toString(next + 1);
                String prerequisite = prerequisites.get(next);
                if (!emitted.contains(prerequisite)) {
                    stack.push(new String[] {prerequisite, "0"});
                }
                continue;
            }
            stack.pop();
            emitted.add(id);
            migrations.add(migration(revision));
        }
    }

    private Migration migration(Revision revision) {
        String from = revision.downRevisions().isEmpty() ? BASE : String.join("+", revision.downRevisions());
        return new Migration(revision.id(), from, revision.id(), AlembicTargets.downgrade(revision, children));
    }

    private List<String> orderHeads(String where) {
        Map<String, Set<String>> reach = new HashMap<>();
        for (String head : heads) {
            reach.put(head, lineage(head));
        }
        // before.get(b) holds the heads that must come before b
        Map<String, Set<String>> before = new HashMap<>();
        for (String a : heads) {
            for (String b : heads) {
                if (!a.equals(b) && dependsAcross(reach.get(b), reach.get(a))) {
                    before.computeIfAbsent(b, k -> new HashSet<>()).add(a);
                }
            }
        }
        Comparator<String> tieBreak = Comparator.comparing((String head) -> label(head, reach))
                .thenComparing(Comparator.naturalOrder());
        List<String> ordered = new ArrayList<>();
        Set<String> left = new TreeSet<>(tieBreak);
        left.addAll(heads);
        while (!left.isEmpty()) {
            String ready = left.stream()
                    .filter(h -> before.getOrDefault(h, Set.of()).stream().noneMatch(left::contains))
                    .findFirst().orElse(null);
            if (ready == null) {
                throw new BadInputException("the heads " + String.join(", ", left) + " of " + where
                        + " depend on each other's branches (depends_on), so no order runs one branch before another");
            }
            ordered.add(ready);
            left.remove(ready);
        }
        return ordered;
    }

    /** A head and the revisions below it through down_revision alone: its branch and the trunk it grew from. */
    private Set<String> lineage(String head) {
        Set<String> lineage = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(head));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (lineage.add(id)) {
                todo.addAll(revisions.get(id).downRevisions());
            }
        }
        return lineage;
    }

    /** Whether a revision only {@code later} reaches depends on a revision only {@code earlier} reaches. */
    private boolean dependsAcross(Set<String> later, Set<String> earlier) {
        for (String id : later) {
            if (earlier.contains(id)) {
                continue;
            }
            for (String dependency : revisions.get(id).dependsOn()) {
                for (String needed : needs.get(dependency)) {
                    if (earlier.contains(needed) && !later.contains(needed)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The first branch label on the revisions only this head reaches, or "" for none. */
    private String label(String head, Map<String, Set<String>> reach) {
        Set<String> others = new HashSet<>();
        reach.forEach((h, r) -> {
            if (!h.equals(head)) {
                others.addAll(r);
            }
        });
        return reach.get(head).stream().filter(id -> !others.contains(id))
                .flatMap(id -> revisions.get(id).branchLabels().stream())
                .sorted().findFirst().orElse("\uffff");
    }

    @Override
    public List<Migration> migrations() {
        return order;
    }

    @Override
    public String base() {
        return BASE;
    }

    @Override
    public String head() {
        return state(heads);
    }

    @Override
    public String state(Set<String> applied) {
        return state((Collection<String>) applied);
    }

    /** A state for a set of revisions, with those that another implies left out. */
    String state(Collection<String> ids) {
        if (ids.isEmpty()) {
            return BASE;
        }
        Set<String> unknown = ids.stream().filter(id -> !revisions.containsKey(id)).collect(Collectors.toSet());
        if (!unknown.isEmpty()) {
            return ids.stream().sorted().collect(Collectors.joining(","));
        }
        Set<String> implied = new HashSet<>();
        for (String id : ids) {
            for (String needed : needs.get(id)) {
                if (!needed.equals(id)) {
                    implied.add(needed);
                }
            }
        }
        return ids.stream().filter(id -> !implied.contains(id)).sorted().distinct().collect(Collectors.joining(","));
    }

    @Override
    public Set<String> applied(String state, String where) {
        if (state.equals(BASE)) {
            return Set.of();
        }
        Set<String> applied = new HashSet<>();
        for (String id : state.split(",")) {
            Set<String> needed = needs.get(id);
            if (needed == null) {
                throw new BadInputException("the database is at Alembic revision " + id + ", which the " + where
                        + "'s revision files do not have (" + summary() + ")");
            }
            applied.addAll(needed);
        }
        return applied;
    }
}
