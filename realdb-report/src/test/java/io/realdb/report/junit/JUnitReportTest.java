package io.realdb.report.junit;

import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.StepImpact;
import io.realdb.report.ResultsForTests;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** junit.xml as Jenkins' JUnit plugin reads it: suites, cases, times, failures. */
class JUnitReportTest {

    private static Document parse(List<RunResult> results) throws Exception {
        String xml = JUnitReport.render(results);
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> cases(Document doc) {
        NodeList nodes = doc.getElementsByTagName("testcase");
        List<Element> cases = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            cases.add((Element) nodes.item(i));
        }
        return cases;
    }

    @Test
    void shouldWriteOneTestCasePerStepTimedByItsDuration() throws Exception {
        Document doc = parse(List.of(ResultsForTests.failing()));

        List<Element> cases = cases(doc);
        assertThat(cases).extracting(c -> c.getAttribute("name")).containsExactly(
                "upgrade-change 150->151", "upgrade-change 151->152", "downgrade 152->151", "upgrade-again 151->152",
                JUnitReport.RUN_CASE);
        assertThat(cases).extracting(c -> c.getAttribute("classname")).containsOnly("realdb.nova_user_001");
        assertThat(cases).extracting(c -> c.getAttribute("time"))
                .startsWith("8.200", "412.000", "154.000", "163.000");
    }

    @Test
    void shouldTellEachProbedStepsImpactInItsOutputAndItsFailure() throws Exception {
        RunResult run = ResultsForTests.of("demo")
                .step(Phase.UPGRADE_CHANGE, "5", "6", 2_400L).impact(2_150, 0, "instances", List.of("instances"),
                        new StepImpact.TableLock("instances", "MDL_SHARED_NO_WRITE"))
                .step(Phase.UPGRADE_CHANGE, "6", "7", 40L).impact(0, 0, "instances", List.of())
                .step(Phase.DOWNGRADE, "7", "6", 35L)
                .measured(FindingKind.WRITES_BLOCKED, "Migration 5->6 blocked writes to instances for 2.2 s (limit 1.0 s)",
                        0, 2_150)
                .result();

        List<Element> cases = cases(parse(List.of(run)));

        String copy = "impact: writes blocked 2.2 s on instances (longest wait 2.5 s); reads blocked 0 ms (longest wait 300 ms); "
                + "locks: instances MDL_SHARED_NO_WRITE; rewrote instances; 1,000 probe reads and 500 writes, "
                + "blocked when waiting over 200 ms";
        assertThat(output(cases.get(0))).isEqualTo(copy);
        Element failure = (Element) cases.get(0).getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("writes-blocked");
        assertThat(failure.getAttribute("message"))
                .isEqualTo("warning: Migration 5->6 blocked writes to instances for 2.2 s (limit 1.0 s)");
        assertThat(failure.getTextContent()).isEqualTo(
                "WARNING: Migration 5->6 blocked writes to instances for 2.2 s (limit 1.0 s)\n" + copy + "\n");
        assertThat(output(cases.get(1))).startsWith("impact: writes blocked 0 ms (longest wait 300 ms); reads blocked 0 ms");
        assertThat(cases.get(1).getElementsByTagName("failure").getLength()).isZero();
        assertThat(cases.get(2).getElementsByTagName("system-out").getLength()).as("not probed").isZero();
    }

    private static String output(Element testCase) {
        NodeList out = testCase.getElementsByTagName("system-out");
        assertThat(out.getLength()).isEqualTo(1);
        return out.item(0).getTextContent();
    }

    @Test
    void shouldFailTheStepThatBrokeALimitWithItsMessages() throws Exception {
        Document doc = parse(List.of(ResultsForTests.failing()));

        Element slow = cases(doc).get(1);
        Element failure = (Element) slow.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("Migration 151->152 took too long (412 s > 333 s)");
        assertThat(failure.getAttribute("type")).isEqualTo("took-too-long");
        assertThat(failure.getTextContent()).contains("FAILURE: Migration 151->152 took too long");
        assertThat(cases(doc).get(3).getElementsByTagName("failure").getLength()).isZero();
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("5");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        assertThat(suite.getAttribute("time")).isEqualTo("892.000");
        assertThat(doc.getDocumentElement().getAttribute("tests")).isEqualTo("5");
    }

    @Test
    void shouldPutRunWideFindingsInTheirOwnCaseAndInfrastructureAsAnError() throws Exception {
        RunResult broken = ResultsForTests.of("nova_user_001")
                .finding(FindingKind.SEED_NOT_RESTORED, Severity.ERROR, "Could not restore the seed database: disk full", null)
                .result();
        RunResult warned = ResultsForTests.of("nova_user_003")
                .step(Phase.UPGRADE_CHANGE, "1", "2", 70_000L)
                .finding(FindingKind.TOOK_TOO_LONG, Severity.WARNING, "Migration 1->2 took too long (70 s > 60 s)", 0)
                .finding(FindingKind.FINAL_VERSION_MISMATCH, Severity.FAILURE, "Final schema version 2 does not match expected 3", null)
                .result();

        Document doc = parse(List.of(broken, warned));

        List<Element> cases = cases(doc);
        assertThat(cases).hasSize(3);
        Element error = (Element) cases.get(0).getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("message")).contains("disk full");
        Element warning = (Element) cases.get(1).getElementsByTagName("failure").item(0);
        assertThat(warning.getAttribute("message")).startsWith("warning: Migration 1->2 took too long");
        Element runWide = (Element) cases.get(2).getElementsByTagName("failure").item(0);
        assertThat(cases.get(2).getAttribute("name")).isEqualTo(JUnitReport.RUN_CASE);
        assertThat(runWide.getAttribute("message")).contains("Final schema version 2");
        assertThat(doc.getElementsByTagName("testsuite")).satisfies(s -> assertThat(s.getLength()).isEqualTo(2));
        assertThat(doc.getDocumentElement().getAttribute("errors")).isEqualTo("1");
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("2");
    }

    @Test
    void shouldKeepNamesUniqueAndTheXmlValid() throws Exception {
        RunResult odd = ResultsForTests.of("nova.user<001>")
                .step(Phase.UPGRADE, "1", "2", 1000L)
                .step(Phase.UPGRADE, "1", "2", 1000L)
                .step(Phase.UPGRADE, "2", "3", null)
                .finding(FindingKind.MIGRATION_NOT_ENDED, Severity.FAILURE, "Migration 2 -> 3 started but did not end (\u0007bell & <tag>)", 2)
                .result();

        Document doc = parse(List.of(odd));

        assertThat(cases(doc)).extracting(c -> c.getAttribute("name"))
                .containsExactly("upgrade 1->2", "upgrade 1->2 #2", "upgrade 2->3", JUnitReport.RUN_CASE);
        assertThat(cases(doc).get(0).getAttribute("classname")).isEqualTo("realdb.nova_user<001>");
        Element failure = (Element) cases(doc).get(2).getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("Migration 2 -> 3 started but did not end (bell & <tag>)");
        assertThat(cases(doc).get(2).getAttribute("time")).isEqualTo("0.000");
    }
}
