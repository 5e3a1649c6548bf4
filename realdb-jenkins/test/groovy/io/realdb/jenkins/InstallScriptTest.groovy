package io.realdb.jenkins

import org.junit.Before
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

import java.security.MessageDigest

import static org.assertj.core.api.Assertions.assertThat

/** The script the step runs on an agent to fetch realdb, run for real with sh, tar and sha256sum. */
class InstallScriptTest {

    private static final File SCRIPT = new File('resources/io/realdb/jenkins/install-realdb.sh')

    @Rule
    public TemporaryFolder temp = new TemporaryFolder()

    File cache

    @Before
    void createCache() {
        cache = temp.newFolder('cache')
    }

    static class Result {
        int code
        String out
        String err
    }

    private static Result run(List<String> command) {
        Process process = new ProcessBuilder(command).start()
        StringBuffer out = new StringBuffer()
        StringBuffer err = new StringBuffer()
        process.waitForProcessOutput(out, err)
        return new Result(code: process.exitValue(), out: out.toString(), err: err.toString())
    }

    private Result install(File archive, String sha) {
        run(['sh', SCRIPT.path, archive.toURI().toString(), sha, cache.path])
    }

    /** A distribution archive as the dist build makes it: realdb-VERSION/bin/realdb and its jars. */
    private File distribution(String name, boolean withLauncher) {
        File root = new File(temp.newFolder(), 'realdb-0.1.0')
        new File(root, 'lib').mkdirs()
        new File(root, 'realdb-cli.jar').text = 'not a jar'
        if (withLauncher) {
            File launcher = new File(root, 'bin/realdb')
            launcher.parentFile.mkdirs()
            launcher.text = '#!/bin/sh\necho "realdb 0.1.0 $*"\n'
        }
        File archive = new File(temp.root, name)
        Result tar = run(['tar', '-czf', archive.path, '-C', root.parent, root.name])
        assert tar.code == 0: tar.err
        return archive
    }

    private static String sha256(File file) {
        MessageDigest.getInstance('SHA-256').digest(file.bytes).encodeHex().toString()
    }

    @Test
    void shouldFetchCheckAndUnpackOnceThenPrintTheCommand() {
        File archive = distribution('realdb-0.1.0.tar.gz', true)
        String sha = sha256(archive)

        Result first = install(archive, sha)
        Result second = install(archive, sha)

        String command = "${cache.path}/${sha}/bin/realdb"
        assertThat(first.code).as(first.err).isZero()
        assertThat(first.out.trim()).isEqualTo(command)
        assertThat(run([command, '--version']).out.trim()).isEqualTo('realdb 0.1.0 --version')
        assertThat(second.out.trim()).isEqualTo(command)
        assertThat(second.err).contains('fetched earlier')
        assertThat(cache.list().findAll { it.startsWith('.fetch') }).isEmpty()
    }

    @Test
    void shouldNeverUnpackAnArchiveWhoseChecksumDoesNotMatch() {
        File archive = distribution('realdb-0.1.0.tar.gz', true)
        String wrong = 'ab' * 32

        Result result = install(archive, wrong)

        assertThat(result.code).isEqualTo(4)
        assertThat(result.err).contains("is ${sha256(archive)}, not the expected ${wrong}: not using it")
        assertThat(result.out).isEmpty()
        assertThat(cache.list()).isEmpty()
    }

    @Test
    void shouldRefuseAnArchiveWithoutTheRealdbCommand() {
        File archive = distribution('other.tar.gz', false)

        Result result = install(archive, sha256(archive))

        assertThat(result.code).isEqualTo(5)
        assertThat(result.err).contains('holds no bin/realdb')
    }

    @Test
    void shouldSayWhenTheArchiveCannotBeFetched() {
        Result result = install(new File(temp.root, 'missing.tar.gz'), 'ab' * 32)

        assertThat(result.code).isEqualTo(3)
        assertThat(result.err).contains('cannot fetch')
    }

    @Test
    void shouldRefuseAChecksumThatIsNotOne() {
        Result result = install(new File(temp.root, 'any.tar.gz'), 'not-a-sha')

        assertThat(result.code).isEqualTo(2)
        assertThat(result.err).contains("'not-a-sha' is not a SHA-256")
    }
}
