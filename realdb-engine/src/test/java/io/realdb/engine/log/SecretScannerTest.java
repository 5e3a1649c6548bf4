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
        String library = "var p=function(){};p.prototype.nextToken=function(t){return t};";
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
