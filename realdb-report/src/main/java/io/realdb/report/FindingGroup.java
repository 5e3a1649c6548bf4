package io.realdb.report;

import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Findings of one kind about one step, one line for people however many phases ran the step: a
 * migration that changed too many rows on the way to the change does so again after the downgrade,
 * and that is one thing to fix. The console, the report and the review message all show these.
 *
 * @param findings one or more, of one kind about one step key, in the order found; a run-wide
 *                 finding is a group of its own
 */
public record FindingGroup(List<Finding> findings) {

    public FindingGroup {
        findings = List.copyOf(findings);
        if (findings.isEmpty()) {
            throw new IllegalArgumentException("a group holds at least one finding");
        }
    }

    /** The run's findings grouped by step and kind, in the order of each group's first finding. */
    public static List<FindingGroup> of(List<Finding> findings) {
        Map<Object, List<Finding>> groups = new LinkedHashMap<>();
        for (Finding finding : findings) {
            Object key = finding.step() == null ? new Object() : finding.step() + " " + finding.kind().id();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(finding);
        }
        return groups.values().stream().map(FindingGroup::new).toList();
    }

    public FindingKind kind() {
        return findings.get(0).kind();
    }

    public Severity severity() {
        return findings.get(0).severity();
    }

    /** The step's key, or null for a run-wide finding. */
    public String step() {
        return findings.get(0).step();
    }

    /** The phases the findings were in, in the order found; empty when no finding says (older results). */
    public List<Phase> phases() {
        Set<Phase> phases = new LinkedHashSet<>();
        findings.stream().map(Finding::phase).filter(p -> p != null).forEach(phases::add);
        return List.copyOf(phases);
    }

    /** The finding whose numbers the line shows: the one that measured most, else the first. */
    public Finding worst() {
        return findings.stream().filter(f -> f.value() != null)
                .max(Comparator.comparingLong(Finding::value))
                .orElse(findings.get(0));
    }

    /**
     * The line: the worst finding's message and the phases it was found in, e.g.
     * {@code Migration 3->4 changed too many rows (250000 > 100000) during upgrade-change and upgrade-again}.
     */
    public String text() {
        List<Phase> phases = phases();
        if (phases.isEmpty()) {
            return worst().message();
        }
        List<String> ids = phases.stream().map(Phase::id).toList();
        String named = ids.size() == 1 ? ids.get(0)
                : String.join(", ", ids.subList(0, ids.size() - 1)) + " and " + ids.get(ids.size() - 1);
        return worst().message() + " during " + named;
    }
}
