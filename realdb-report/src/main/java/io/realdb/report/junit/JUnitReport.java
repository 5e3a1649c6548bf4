package io.realdb.report.junit;

import io.realdb.engine.InfrastructureException;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.Step;
import io.realdb.report.ImpactText;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * junit.xml in the shape Jenkins' JUnit plugin and other CIs read: one test suite per dataset,
 * one test case per migration step (named like {@code upgrade-change 151->152}, its time the
 * step's duration), failed when a finding names the step, and one test case for the findings
 * of the whole run. A CI's test view then shows each migration's history.
 */
public final class JUnitReport {

    public static final String FILE_NAME = "junit.xml";
    public static final String RUN_CASE = "run-wide checks";

    private JUnitReport() {
    }

    public static void write(List<RunResult> results, Path file) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(temp, render(results), StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The class name of a dataset's cases: Jenkins groups {@code realdb.NAME} as package realdb, class NAME. */
    public static String className(RunResult result) {
        String dataset = result.dataset() == null ? "dataset" : result.dataset();
        return "realdb." + dataset.replace('.', '_');
    }

    public static String render(List<RunResult> results) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            newline(xml, 0);
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "realdb");
            int tests = 0;
            int failures = 0;
            int errors = 0;
            double time = 0;
            List<Suite> suites = new ArrayList<>();
            for (RunResult result : results) {
                Suite suite = suite(result);
                suites.add(suite);
                tests += suite.cases.size();
                failures += suite.count(Case.Outcome.FAILURE);
                errors += suite.count(Case.Outcome.ERROR);
                time += suite.seconds();
            }
            xml.writeAttribute("tests", Integer.toString(tests));
            xml.writeAttribute("failures", Integer.toString(failures));
            xml.writeAttribute("errors", Integer.toString(errors));
            xml.writeAttribute("time", seconds(time));
            for (Suite suite : suites) {
                writeSuite(xml, suite);
            }
            newline(xml, 0);
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("junit.xml could not be written", e);
        }
        return text + "\n";
    }

    /** @param out what the case's {@code system-out} says, or null for none */
    private record Case(String name, double seconds, Outcome outcome, String type, String message, String details,
                        String out) {
        enum Outcome { PASS, FAILURE, ERROR }
    }

    private record Suite(RunResult result, List<Case> cases) {
        int count(Case.Outcome outcome) {
            return (int) cases.stream().filter(c -> c.outcome() == outcome).count();
        }

        double seconds() {
            return result.durationMs() != null ? result.durationMs() / 1000.0
                    : cases.stream().mapToDouble(Case::seconds).sum();
        }
    }

    private static Suite suite(RunResult result) {
        Map<Integer, List<Finding>> byStep = new HashMap<>();
        List<Finding> runWide = new ArrayList<>();
        for (Finding f : result.findings()) {
            if (f.stepIndex() != null && f.stepIndex() >= 0 && f.stepIndex() < result.steps().size()) {
                byStep.computeIfAbsent(f.stepIndex(), i -> new ArrayList<>()).add(f);
            } else {
                runWide.add(f);
            }
        }
        List<Case> cases = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < result.steps().size(); i++) {
            Step step = result.steps().get(i);
            String name = step.phase().id() + " " + step.key();
            int occurrence = seen.merge(name, 1, Integer::sum);
            if (occurrence > 1) {
                name += " #" + occurrence;
            }
            double seconds = step.durationMs() == null ? 0 : step.durationMs() / 1000.0;
            String impact = ImpactText.describe(step.impact());
            cases.add(testCase(name, seconds, byStep.getOrDefault(i, List.of()), impact == null ? null : "impact: " + impact));
        }
        double runSeconds = result.durationMs() == null ? 0 : result.durationMs() / 1000.0;
        double stepSeconds = cases.stream().mapToDouble(Case::seconds).sum();
        cases.add(testCase(RUN_CASE, Math.max(0, runSeconds - stepSeconds), runWide, null));
        return new Suite(result, cases);
    }

    /** @param out what else the case says: the step's impact, or null */
    private static Case testCase(String name, double seconds, List<Finding> findings, String out) {
        if (findings.isEmpty()) {
            return new Case(name, seconds, Case.Outcome.PASS, null, null, null, out);
        }
        boolean error = findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
        Finding first = findings.stream().filter(f -> f.severity() == (error ? Severity.ERROR : Severity.FAILURE))
                .findFirst().orElse(findings.get(0));
        StringBuilder details = new StringBuilder();
        for (Finding f : findings) {
            details.append(f.severity().id().toUpperCase(Locale.ROOT)).append(": ").append(f.message()).append('\n');
        }
        if (out != null) {
            details.append(out).append('\n');
        }
        String message = first.severity() == Severity.WARNING ? "warning: " + first.message() : first.message();
        return new Case(name, seconds, error ? Case.Outcome.ERROR : Case.Outcome.FAILURE, first.kind().id(),
                message, details.toString(), out);
    }

    private static void writeSuite(XMLStreamWriter xml, Suite suite) throws XMLStreamException {
        RunResult result = suite.result();
        String className = className(result);
        newline(xml, 1);
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", className);
        xml.writeAttribute("tests", Integer.toString(suite.cases().size()));
        xml.writeAttribute("failures", Integer.toString(suite.count(Case.Outcome.FAILURE)));
        xml.writeAttribute("errors", Integer.toString(suite.count(Case.Outcome.ERROR)));
        xml.writeAttribute("skipped", "0");
        xml.writeAttribute("time", seconds(suite.seconds()));
        String started = result.info().get("startedAt");
        if (started != null && started.length() >= 19) {
            xml.writeAttribute("timestamp", started.substring(0, 19));
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("verdict", result.verdict().name());
        for (String key : List.of("engine", "serverVersion", "project", "trunk", "trunkCommit", "change", "changeCommit")) {
            String value = result.info().get(key);
            if (value != null) {
                properties.put(key, value);
            }
        }
        newline(xml, 2);
        xml.writeStartElement("properties");
        for (Map.Entry<String, String> property : properties.entrySet()) {
            newline(xml, 3);
            xml.writeEmptyElement("property");
            xml.writeAttribute("name", property.getKey());
            xml.writeAttribute("value", clean(property.getValue()));
        }
        newline(xml, 2);
        xml.writeEndElement();
        for (Case c : suite.cases()) {
            newline(xml, 2);
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", className);
            xml.writeAttribute("name", clean(c.name()));
            xml.writeAttribute("time", seconds(c.seconds()));
            if (c.outcome() != Case.Outcome.PASS) {
                newline(xml, 3);
                xml.writeStartElement(c.outcome() == Case.Outcome.ERROR ? "error" : "failure");
                xml.writeAttribute("type", c.type());
                xml.writeAttribute("message", clean(c.message()));
                xml.writeCharacters(clean(c.details()));
                xml.writeEndElement();
                newline(xml, 2);
            }
            if (c.out() != null) {
                newline(xml, 3);
                xml.writeStartElement("system-out");
                xml.writeCharacters(clean(c.out()));
                xml.writeEndElement();
                newline(xml, 2);
            }
            xml.writeEndElement();
        }
        newline(xml, 1);
        xml.writeEndElement();
    }

    private static void newline(XMLStreamWriter xml, int depth) throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth));
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** Leaves out characters that XML 1.0 cannot hold (a tool's control characters in a message). */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF
                    || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF;
            if (allowed) {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
