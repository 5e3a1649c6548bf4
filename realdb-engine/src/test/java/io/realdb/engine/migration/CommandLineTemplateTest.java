package io.realdb.engine.migration;

import io.realdb.engine.migration.command.CommandLineTemplate;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTemplateTest {

    @Test
    void shouldSplitLikeAShellAndFillPlaceholdersPerWord() {
        CommandLineTemplate template = CommandLineTemplate.parse("nova-manage --config 'my file.conf' db sync --version {to}");

        assertThat(template.program()).isEqualTo("nova-manage");
        assertThat(template.fill(Map.of("to", "152")))
                .containsExactly("nova-manage", "--config", "my file.conf", "db", "sync", "--version", "152");
    }

    @Test
    void shouldNeverLetAValueBecomeASecondCommand() {
        CommandLineTemplate template = CommandLineTemplate.parse("tool {to}");

        assertThat(template.fill(Map.of("to", "1; rm -rf /"))).containsExactly("tool", "1; rm -rf /");
    }

    @Test
    void shouldHandleDoubleQuotesAndEscapes() {
        assertThat(CommandLineTemplate.parse("a \"b \\\"c\\\"\" d\\ e").fill(Map.of()))
                .containsExactly("a", "b \"c\"", "d e");
    }

    @Test
    void shouldRejectUnclosedQuotesAndEmptyCommands() {
        assertThatThrownBy(() -> CommandLineTemplate.parse("tool 'open")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> CommandLineTemplate.parse("   ")).hasMessageContaining("empty");
    }
}
