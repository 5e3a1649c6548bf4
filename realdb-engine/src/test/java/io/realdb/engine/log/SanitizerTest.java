package io.realdb.engine.log;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class SanitizerTest {

    @Test
    void shouldMaskKnownSecretsWherever() {
        Sanitizer sanitizer = Sanitizer.standard().withSecret("hunter2").withSecret("hunter2-long");

        assertThat(sanitizer.clean("login hunter2-long then hunter2")).isEqualTo("login **** then ****");
    }

    @Test
    void shouldMaskPasswordOptionsAndUrlCredentials() {
        Sanitizer sanitizer = Sanitizer.standard();

        assertThat(sanitizer.clean("+ mysql -u nova --password=tester -e 'drop database x'"))
                .isEqualTo("+ mysql -u nova --password=**** -e 'drop database x'");
        assertThat(sanitizer.clean("connecting to mysql://nova:tester@127.0.0.1/nova"))
                .isEqualTo("connecting to mysql://nova:****@127.0.0.1/nova");
        assertThat(sanitizer.clean("password = abc123; next")).isEqualTo("password = ****; next");
    }

    @Test
    void shouldMaskShortPasswordOptionsAndDatasetPatterns() {
        Sanitizer sanitizer = Sanitizer.standard()
                .withPatterns(List.of(Pattern.compile("api-key (\\w+)"), Pattern.compile("SSN-\\d{4}")));

        assertThat(sanitizer.clean("mysql -u nova -ptester nova")).isEqualTo("mysql -u nova -p**** nova");
        assertThat(sanitizer.clean("using api-key abc123 now")).isEqualTo("using api-key **** now");
        assertThat(sanitizer.clean("row SSN-1234 seen")).isEqualTo("row **** seen");
    }

    @Test
    void shouldMaskTheBodyOfAPrivateKeyPrintedOverSeveralLines() {
        Sanitizer.Lines lines = Sanitizer.standard().lines();

        assertThat(lines.clean("-----BEGIN RSA PRIVATE KEY-----")).isEqualTo("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(lines.clean("MIIEowIBAAKCAQEAwJq1")).isEqualTo("****");
        assertThat(lines.clean("abc-----END RSA PRIVATE KEY----- after")).isEqualTo("****-----END RSA PRIVATE KEY----- after");
        assertThat(lines.clean("133 -> 134...")).isEqualTo("133 -> 134...");
        assertThat(Sanitizer.standard().clean("k=-----BEGIN EC PRIVATE KEY-----MHcCAQ-----END EC PRIVATE KEY-----"))
                .doesNotContain("MHcCAQ");
    }

    @Test
    void shouldSanitiseTheTurboHipsterFixtureLogs() throws IOException {
        for (String name : new String[] {"20131007_devstack_export.log", "user_001.log", "logcontent"}) {
            Sanitizer.Lines lines = Sanitizer.standard().withSecret("tester").lines();
            try (var in = getClass().getResourceAsStream("/turbo-hipster/logs/" + name)) {
                String text = new String(in.readAllBytes());
                assertThat(text.lines().map(lines::clean)).as(name)
                        .noneMatch(line -> line.contains("tester") || line.matches(".*--password=(?!\\*{4}).*"));
            }
        }
    }

    @Test
    void shouldLeaveOrdinaryTextAlone() {
        assertThat(Sanitizer.standard().withSecret("tester").clean("133 -> 134..."))
                .isEqualTo("133 -> 134...");
    }

    @Test
    void shouldIgnoreBlankSecrets() {
        assertThat(Sanitizer.standard().withSecret("").withSecret(null).clean("a b")).isEqualTo("a b");
    }
}
