package io.realdb.engine.log;

import io.realdb.engine.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretScannerTest {

    @TempDir
    Path dir;

    @Test
    void shouldFindEveryShapeOfCredentialWithoutPrintingIt() throws IOException {
        Files.writeString(dir.resolve("a.log"), String.join("\n",
                "fine line",
                "+ mysql -u nova --password=tester -e 'drop database x'",
                "+ mysql -u nova -ptester nova",
                "url mysql://nova:tester@db.example/nova",
                "token = abcdef123456",
                "-----BEGIN OPENSSH PRIVATE KEY-----",
                "key AKIAABCDEFGHIJKLMNOP here",
                "known s3cr3t-value here"));
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/result.json"), "{\"message\": \"--password=****\"}");

        List<SecretScanner.Hit> hits = new SecretScanner(List.of("s3cr3t-value")).scan(dir);

        assertThat(hits).extracting(SecretScanner.Hit::line).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(hits).extracting(SecretScanner.Hit::kind).contains("password option", "credentials in a URL",
                "password or token assignment", "private key", "AWS access key", "a secret realdb was given");
        assertThat(hits).allSatisfy(hit -> assertThat(hit.toString())
                .doesNotContain("tester", "abcdef123456", "AKIAABCDEFGHIJKLMNOP", "s3cr3t-value"));
    }

    @Test
    void shouldFindAwsSecretKeysGitHubTokensAndBearerJwts() throws IOException {
        String awsSecret = "Zq4vR8tY2uK7wP1xN5mB3cL9dF6gH0jS2aE8iO4u";
        String gitHubToken = "ghp_R7tY2uK7wP1xN5mB3cL9dF6gH0jS2aE8iO4uZq";
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaS1ib3QifQ.bWFkZS11cC1zaWduYXR1cmUtZm9yLXRlc3Rz";
        Files.writeString(dir.resolve("env.log"), String.join("\n",
                "AWS_SECRET_ACCESS_KEY=" + awsSecret,
                "GITHUB_TOKEN=" + gitHubToken,
                "curl -H 'Authorization: Bearer " + jwt + "' https://review.example.org/a/changes/"));

        List<SecretScanner.Hit> hits = new SecretScanner(List.of()).scan(dir);

        assertThat(hits).extracting(SecretScanner.Hit::kind)
                .containsExactly("AWS secret access key", "GitHub token", "JWT");
        assertThat(hits).allSatisfy(hit -> assertThat(hit.toString()).doesNotContain(awsSecret, gitHubToken, jwt));
    }

    @Test
    void shouldPassReferencesPlaceholdersAndLookAlikes() throws IOException {
        Files.writeString(dir.resolve("a.log"), String.join("\n",
                "password = ${DB_PASSWORD}",
                "password: <redacted>",
                "ERROR 1045 (28000): Access denied for user 'nova'@'localhost' (using password: YES)",
                "HEAD is now at 1f0e3dad99908345f7439f8ffabdffc4c2e6b3a2 Merge",
                "Running upgrade 3b2f1c9a7d4e -> 9c1e4d7a2b8f, add locked_by",
                "MD5SUM 9:2f1e8c4b7a9d3e6f0b1c2d3e4f5a6b7c checksum=-1472930215",
                "find out -type f -path '*/bin/realdb'"));

        assertThat(new SecretScanner(List.of()).scan(dir)).isEmpty();
    }

    @Test
    void shouldPassASanitisedFolder() throws IOException {
        Sanitizer sanitizer = Sanitizer.standard().withSecret("hunter2");
        Files.writeString(dir.resolve("realdb.log"), String.join("\n",
                sanitizer.clean("+ mysql -u nova --password=hunter2 -e 'x'"),
                sanitizer.clean("url mysql://nova:hunter2@db/nova"),
                sanitizer.clean("raw hunter2"),
                sanitizer.clean("password=ab;cd,ef*gh and -pXy*Zw9 and redis://:s3cret@cache"),
                sanitizer.clean("-----BEGIN RSA PRIVATE KEY-----MIIEow-----END RSA PRIVATE KEY-----"),
                "2014-01-16 06:58:14,530 [output] 133 -> 134..."));

        assertThat(new SecretScanner(List.of("hunter2")).scan(dir)).isEmpty();
    }

    @Test
    void shouldLeaveShippedCodeToKnownSecretsOnly() throws IOException {
        String library = "var p=function(){};p.prototype.nextToken=t?e:n;p.lastToken=p.nextToken;";
        Files.writeString(dir.resolve("report.html"), String.join("\n",
                "<script>", library, "</script>", "token = abcdef123456", library + "hunter2"));

        List<SecretScanner.Hit> hits = new SecretScanner(List.of("hunter2")).trusting(List.of(library, library + "hunter2"))
                .scan(dir);

        assertThat(hits).extracting(SecretScanner.Hit::line).containsExactly(4L, 5L);
        assertThat(new SecretScanner(List.of()).scan(dir)).extracting(SecretScanner.Hit::line).contains(2L);
    }

    @Test
    void shouldSkipBinaryFiles() throws IOException {
        Files.write(dir.resolve("shot.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, '-', '-', 'p', 'a', 's', 's'});

        assertThat(new SecretScanner(List.of()).scan(dir)).isEmpty();
    }

    @Test
    void shouldNameAMissingFolder() {
        assertThatThrownBy(() -> new SecretScanner(List.of()).scan(dir.resolve("nope")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("nope");
    }
}
