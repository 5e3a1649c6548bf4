package io.realdb.engine.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class MariaDbBinariesTest {

    private static final String FAKE = "db/fake-mariadb/linux/";

    @Test
    void shouldFindTheMachinesOwnServer() {
        MariaDbBinaries system = MariaDbBinaries.system().orElseThrow();

        assertThat(system.server().getFileName().toString()).isIn("mariadbd", "mysqld");
        assertThat(system.installDb()).isExecutable();
        assertThat(system.isBundled()).isFalse();
        assertThat(MariaDbBinaries.locate(MariaDbBinaries.Choice.AUTO).isBundled()).isFalse();
    }

    @Test
    void shouldUnpackAPlainFolderAndMakeItsProgramsExecutable(@TempDir Path cache) {
        URL marker = getClass().getClassLoader().getResource(FAKE + "bin/mariadbd");
        Path target = cache.resolve("mariadb").resolve("1.0");

        assertThat(MariaDbBinaries.unpack(marker, "bin/mariadbd", target)).isEqualTo(target);

        assertThat(target.resolve("bin/mariadbd")).isExecutable().content().contains("fake mariadbd");
        assertThat(target.resolve("scripts/mariadb-install-db")).isExecutable();
        assertThat(target.resolve("share/errmsg.txt")).hasContent("errmsg");
        assertThat(siblingsOf(target)).containsExactly("1.0");
    }

    @Test
    void shouldUnpackAFolderInsideAJar(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("binaries.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            add(out, "x/linux/bin/mariadbd", "#!/bin/sh\n");
            add(out, "x/linux/scripts/mariadb-install-db", "#!/bin/sh\n");
            add(out, "x/linux/share/english/errmsg.sys", "messages");
            add(out, "x/other/ignored.txt", "not ours");
        }
        Path target = dir.resolve("cache/mariadb/2.0");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            URL marker = loader.getResource("x/linux/bin/mariadbd");

            MariaDbBinaries.unpack(marker, "bin/mariadbd", target);
        }

        assertThat(target.resolve("bin/mariadbd")).isExecutable();
        assertThat(target.resolve("scripts/mariadb-install-db")).isExecutable();
        assertThat(target.resolve("share/english/errmsg.sys")).hasContent("messages");
        assertThat(target.resolve("ignored.txt")).doesNotExist();
        assertThat(target.getParent().resolve("other")).doesNotExist();
    }

    @Test
    void shouldKeepAnEarlierCopyAndRemoveAbandonedPartialOnes(@TempDir Path cache) throws IOException {
        URL marker = getClass().getClassLoader().getResource(FAKE + "bin/mariadbd");
        Path target = cache.resolve("1.0");
        Path abandoned = cache.resolve("1.0.partial-999999999-dead");
        Files.createDirectories(abandoned.resolve("bin"));
        MariaDbBinaries.unpack(marker, "bin/mariadbd", target);
        Files.writeString(target.resolve("mark"), "earlier");

        MariaDbBinaries.unpack(marker, "bin/mariadbd", target);

        assertThat(target.resolve("mark")).hasContent("earlier");
        assertThat(abandoned).doesNotExist();
    }

    @Test
    void shouldLiveUnderRealDbHomeOrTheUsersHome() {
        String home = System.getenv("REALDB_HOME");
        Path expected = home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".realdb") : Path.of(home);

        assertThat(MariaDbBinaries.defaultCacheRoot()).isEqualTo(expected);
    }

    private static String[] siblingsOf(Path target) {
        try (Stream<Path> files = Files.list(target.getParent())) {
            return files.map(p -> p.getFileName().toString()).toArray(String[]::new);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(JarOutputStream jar, String name, String content) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        OutputStream out = jar;
        out.write(content.getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
    }
}
