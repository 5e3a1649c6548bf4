package io.realdb.engine.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A private server starts from a copy of an initialised data directory, made once per server binary. */
class DataDirTemplateTest {

    private final MariaDbEngine engine = new MariaDbEngine().withBinaries(MariaDbBinaries.Choice.SYSTEM);

    @TempDir
    Path dir;

    private static Path templates() {
        return MariaDbBinaries.defaultCacheRoot().resolve("mariadb-templates");
    }

    @Test
    void shouldInitialiseOnceAndStartLaterServersFromACopyThatWorks() throws Exception {
        try (MariaDbServer first = engine.startPrivate(dir.resolve("first"))) {
            assertThat(first.isAlive()).isTrue();
        }
        Path template;
        try (Stream<Path> made = Files.list(templates())) {
            template = made.filter(p -> Files.exists(p.resolve("realdb-template-complete"))).findFirst().orElseThrow();
        }

        try (MariaDbServer second = engine.startPrivate(dir.resolve("second"))) {
            second.createRunDatabase(new RunDatabase("shop", "shop_user", "shop-secret"));
            assertThat(second.isAlive()).isTrue();
        }

        assertThat(dir.resolve("second/mariadb-install-db.log")).as("no mariadb-install-db for the second").doesNotExist();
        assertThat(template.resolve("data/shop")).as("the template itself is never used").doesNotExist();
    }

    @Test
    void shouldRemakeATemplateThatWasNotCompleted() throws Exception {
        try (MariaDbServer first = engine.startPrivate(dir.resolve("first"))) {
            assertThat(first.isAlive()).isTrue();
        }
        try (Stream<Path> made = Files.list(templates())) {
            made.forEach(p -> p.resolve("realdb-template-complete").toFile().delete());
        }

        try (MariaDbServer again = engine.startPrivate(dir.resolve("again"))) {
            assertThat(again.isAlive()).isTrue();
        }

        assertThat(dir.resolve("again/mariadb-install-db.log")).as("remade from mariadb-install-db").exists();
    }
}
