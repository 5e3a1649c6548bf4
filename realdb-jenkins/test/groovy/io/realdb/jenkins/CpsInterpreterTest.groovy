package io.realdb.jenkins

import org.junit.Test

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.catchThrowable

/**
 * The library's tests run the Pipeline the way Jenkins does, under the CPS interpreter, which
 * serialises the program between steps: a value that Jenkins could not save fails here too.
 */
class CpsInterpreterTest extends PipelineTestSupport {

    @Test
    void shouldFailAPipelineThatKeepsAValueThatCannotBeSerialisedAcrossAStep() {
        Throwable thrown = catchThrowable { runScript('not-serialisable.jenkins') }

        Throwable cause = thrown
        while (cause != null && !(cause instanceof NotSerializableException)) {
            cause = cause.cause
        }
        assertThat(cause).as(String.valueOf(thrown)).isInstanceOf(NotSerializableException)
                .hasMessageContaining('java.lang.Object')
    }
}
