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
        assertThat(sanitizer.clean("password = abc123 next")).isEqualTo("password = **** next");
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

        assertThat(lines.clean("key: -----BEGIN RSA PRIVATE KEY-----")).isEqualTo("key: [private key removed]");
        assertThat(lines.clean("MIIEowIBAAKCAQEAwJq1")).isEqualTo("****");
        assertThat(lines.clean("abc-----END RSA PRIVATE KEY----- after")).isEqualTo("**** after");
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
                        .noneMatch(line -> line.contains("tester") || CredentialShapes.find(line) != null);
            }
        }
    }

    @Test
    void shouldMaskCredentialsWholeWhateverTheyContain() {
        Sanitizer sanitizer = Sanitizer.standard();

        assertThat(sanitizer.clean("password=ab;cd,ef*gh next")).isEqualTo("password=**** next");
        assertThat(sanitizer.clean("mysql -pXy*Zw9 db")).isEqualTo("mysql -p**** db");
        assertThat(sanitizer.clean("redis://:s3cret@cache:6379")).isEqualTo("redis://:****@cache:6379");
        assertThat(sanitizer.clean("id AKIAABCDEFGHIJKLMNOP")).isEqualTo("id ****");
    }

    @Test
    void shouldMaskProvidersTokensJwtsAndAssignedSecrets() {
        Sanitizer sanitizer = Sanitizer.standard();

        assertThat(sanitizer.clean("GITHUB_TOKEN=ghp_R7tY2uK7wP1xN5mB3cL9dF6gH0jS2aE8iO4uZq"))
                .isEqualTo("GITHUB_TOKEN=****");
        assertThat(sanitizer.clean("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaS1ib3QifQ.bWFkZS11cA"))
                .isEqualTo("Authorization: Bearer ****");
        assertThat(sanitizer.clean("AWS_SECRET_ACCESS_KEY=Zq4vR8tY2uK7wP1xN5mB3cL9dF6gH0jS2aE8iO4u next"))
                .isEqualTo("AWS_SECRET_ACCESS_KEY=**** next");
        assertThat(sanitizer.clean("{\"user\": \"nova\", \"db_pass\": \"Wq8 rT5z\"}"))
                .isEqualTo("{\"user\": \"nova\", \"db_pass\": \"****\"}");
        assertThat(sanitizer.clean("jdbc:mariadb://db/nova?user=nova&password=Wq8rT5z&useSSL=true"))
                .isEqualTo("jdbc:mariadb://db/nova?user=nova&password=****&useSSL=true");
    }

    @Test
    void shouldLeaveReferencesPlaceholdersAndOtherOptionsReadable() {
        Sanitizer sanitizer = Sanitizer.standard();

        for (String line : List.of("password = ${DB_PASSWORD}", "password: <redacted>",
                "+ mysql -u nova --password=... nova", "Access denied for user 'nova'@'localhost' (using password: YES)",
                "PWD=/home/ci/nova", "find out -type f -path '*/bin/realdb'", "for (String secret : secrets) {")) {
            assertThat(sanitizer.clean(line)).isEqualTo(line);
        }
    }

    @Test
    void shouldMaskAPgpPrivateKeyBlock() {
        Sanitizer.Lines lines = Sanitizer.standard().lines();

        assertThat(lines.clean("-----BEGIN PGP PRIVATE KEY BLOCK-----")).isEqualTo("[private key removed]");
        assertThat(lines.clean("")).isEqualTo("****");
        assertThat(lines.clean("lQOYBGXmZ0gBCADLmadeUpBodyOfAKeyForTests")).isEqualTo("****");
        assertThat(lines.clean("-----END PGP PRIVATE KEY BLOCK-----")).isEqualTo("****");
        assertThat(lines.clean("151 -> 152...")).isEqualTo("151 -> 152...");
    }

    @Test
    void shouldMaskShortSecretsOnlyAsWholeWords() {
        Sanitizer sanitizer = Sanitizer.standard().withSecret("nova");

        assertThat(sanitizer.clean("dataset nova_user_001 as nova")).isEqualTo("dataset nova_user_001 as ****");
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
