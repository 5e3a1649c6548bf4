package io.realdb.cli;

import io.realdb.engine.log.SecretScanner;
import io.realdb.engine.review.VerdictRule;
import io.realdb.report.html.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "scan",
        description = "Reports anything in a results folder that still looks like a credential or a private key. "
                + "Exits 0 when the folder is clean, 3 when something was found (not the change's fault, but the "
                + "folder must not be published). Never prints the secret itself.")
final class ScanCommand extends AbstractCommand {

    @Parameters(paramLabel = "DIR", description = "The folder to scan, with everything under it.")
    Path folder;

    @Option(names = "--secret-env", paramLabel = "NAME",
            description = "An environment variable holding a secret that must not appear anywhere (repeatable).")
    List<String> secretEnv = new ArrayList<>();

    @Override
    protected int execute() {
        List<SecretScanner.Hit> hits = new SecretScanner(Secrets.fromEnvironment(secretEnv))
                .trusting(HtmlReport.shippedCode()).scan(folder);
        hits.forEach(hit -> out().println(hit));
        if (hits.isEmpty()) {
            out().println("No credentials or private keys found in " + folder);
            return VerdictRule.EXIT_PASS;
        }
        out().println(hits.size() + (hits.size() == 1 ? " place looks" : " places look")
                + " like a credential or a private key: do not publish " + folder + " as it is");
        return VerdictRule.EXIT_INFRASTRUCTURE;
    }
}
