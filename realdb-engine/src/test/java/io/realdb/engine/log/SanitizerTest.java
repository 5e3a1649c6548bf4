package io.realdb.engine.log;

import org.junit.jupiter.api.Test;

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
    void shouldLeaveOrdinaryTextAlone() {
        assertThat(Sanitizer.standard().withSecret("tester").clean("133 -> 134..."))
                .isEqualTo("133 -> 134...");
    }

    @Test
    void shouldIgnoreBlankSecrets() {
        assertThat(Sanitizer.standard().withSecret("").withSecret(null).clean("a b")).isEqualTo("a b");
    }
}
