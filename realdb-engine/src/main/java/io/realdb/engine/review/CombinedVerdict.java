package io.realdb.engine.review;

import io.realdb.engine.model.Verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * The verdict of several datasets on one patch set, the way Zuul's summary combined its jobs:
 * only voting datasets count, and they combine by {@link VerdictRule}: a failure on any voting
 * dataset fails the change, even when another dataset could not run; otherwise an infrastructure
 * error leaves the change without a verdict, never with a vote against it.
 *
 * @param verdict the combined verdict, or null when no dataset votes
 */
public record CombinedVerdict(Verdict verdict, int voting, int failed, int errored, int warned) {

    public static CombinedVerdict of(List<DatasetVerdict> datasets) {
        int voting = 0;
        int failed = 0;
        int errored = 0;
        int warned = 0;
        List<Verdict> verdicts = new ArrayList<>();
        for (DatasetVerdict dataset : datasets) {
            if (!dataset.voting()) {
                continue;
            }
            voting++;
            verdicts.add(dataset.result().verdict());
            switch (dataset.result().verdict()) {
                case FAIL -> failed++;
                case ERROR -> errored++;
                case WARN -> warned++;
                case PASS -> { }
            }
        }
        return new CombinedVerdict(VerdictRule.combine(verdicts).orElse(null), voting, failed, errored, warned);
    }

    public boolean votes() {
        return verdict != null;
    }
}
