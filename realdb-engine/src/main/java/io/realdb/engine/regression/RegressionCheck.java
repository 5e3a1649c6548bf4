package io.realdb.engine.regression;

import io.realdb.engine.history.HistoryStore;
import io.realdb.engine.history.RunDigest;
import io.realdb.engine.history.RunQuery;
import io.realdb.engine.history.RunRecord;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;

import java.util.List;

/**
 * Judges a run against its dataset's earlier runs in the history, before the run is recorded
 * there: the run itself is never among the runs it is compared with.
 */
public final class RegressionCheck {

    private RegressionCheck() {
    }

    /**
     * The result with the findings of {@link RegressionJudge} added and its verdict weighed again;
     * the result itself when it names no dataset, the dataset turned the check off, or nothing is
     * found. Runs on the same engine only, when the result names its engine.
     *
     * @throws io.realdb.engine.InfrastructureException when the history cannot be read
     */
    public static RunResult apply(RunResult result, Limits limits, HistoryStore history) {
        Limits judged = limits == null ? Limits.NONE : limits;
        if (result.dataset() == null || !judged.regression().enabled()) {
            return result;
        }
        RunQuery query = RunQuery.latest(result.dataset(), judged.regression().runs()).excluding(RunDigest.of(result));
        String engine = result.info().get(RunRecord.INFO_ENGINE);
        List<List<Step>> earlier = history.runs(engine == null || engine.isBlank() ? query : query.onEngine(engine))
                .stream().map(RunRecord::steps).toList();
        return result.withMoreFindings(new RegressionJudge(judged).judge(result, earlier));
    }
}
