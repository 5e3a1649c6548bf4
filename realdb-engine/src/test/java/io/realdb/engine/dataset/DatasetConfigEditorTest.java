package io.realdb.engine.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realdb.engine.model.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Writing learned limits back into a dataset config without disturbing the rest of it. */
class DatasetConfigEditorTest {

    private static final Path USER_001 = Path.of("src/test/resources/turbo-hipster/datasets/user_001.config.json");

    @TempDir
    Path dir;

    private Path copyOfUser001() throws IOException {
        Path config = dir.resolve("config.json");
        Files.copy(USER_001, config);
        return config;
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void shouldChangeOnlyTheGivenLimitsAndKeepEveryOtherKeyInItsPlace() throws IOException {
        Path config = copyOfUser001();
        Map<String, Number> seconds = new LinkedHashMap<>();
        seconds.put("151->152", 402L);
        seconds.put("160->161", 75L);

        DatasetConfigEditor.Edit edit = DatasetConfigEditor.edit(config,
                Map.of("maximum_migration_times", seconds), Map.of("maximum_migration_times", Set.of("230->231")));
        edit.write();

        ObjectMapper mapper = new ObjectMapper();
        JsonNode before = mapper.readTree(USER_001.toFile());
        JsonNode after = mapper.readTree(config.toFile());
        assertThat(keys(after)).isEqualTo(keys(before));
        for (String key : keys(before)) {
            if (!key.equals("maximum_migration_times")) {
                assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
            }
        }
        JsonNode times = after.get("maximum_migration_times");
        assertThat(times.get("151->152").asLong()).isEqualTo(402);
        assertThat(times.get("160->161").asLong()).isEqualTo(75);
        assertThat(times.has("230->231")).isFalse();
        assertThat(times.get("_138_bugs").get(0).asLong()).isEqualTo(1263835);
        assertThat(keys(times)).isSorted();
        Limits reloaded = new DatasetLoader().loadLimits(config).limits();
        assertThat(reloaded.secondsFor("151->152")).contains(402.0);
        assertThat(reloaded.secondsFor("230->231")).contains(60.0);
        assertThat(reloaded.secondsFor("152->151")).contains(330.0);
    }

    @Test
    void shouldWriteInTheFilesOwnIndentation() throws IOException {
        Path config = copyOfUser001();

        DatasetConfigEditor.Edit edit = DatasetConfigEditor.edit(config,
                Map.of("maximum_migration_times", Map.of("151->152", 402L)), Map.of());

        assertThat(edit.after()).contains("\n    \"database\": \"nova_datasets_user_001\"", "\n        \"151->152\": 402,");
        assertThat(edit.changes()).isTrue();
    }

    @Test
    void shouldShowOnlyTheChangeBetweenBeforeAndAfter() throws IOException {
        Path config = copyOfUser001();

        DatasetConfigEditor.Edit edit = DatasetConfigEditor.edit(config,
                Map.of("maximum_migration_times", Map.of("151->152", 402L)), Map.of());

        List<String> before = edit.before().lines().toList();
        List<String> after = edit.after().lines().toList();
        assertThat(after).hasSameSizeAs(before);
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                changed.add(before.get(i).trim() + " => " + after.get(i).trim());
            }
        }
        assertThat(changed).containsExactly("\"151->152\": 333.0, => \"151->152\": 402,");
    }

    @Test
    void shouldAppendToASectionThatIsNotSortedAndCreateAMissingOne() throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\n  \"database\": \"d\",\n  \"seed_data\": \"s.sql\",\n"
                + "  \"maximum_migration_times\": {\"default\": 60, \"9->10\": 90}\n}\n");

        DatasetConfigEditor.Edit edit = DatasetConfigEditor.edit(config, Map.of(
                "maximum_migration_times", Map.of("3->4", 70L),
                "Innodb_rows_read", Map.of("3->4", 250_000L)), Map.of());

        JsonNode after = new ObjectMapper().readTree(edit.after());
        assertThat(keys(after.get("maximum_migration_times"))).containsExactly("default", "9->10", "3->4");
        assertThat(keys(after)).containsExactly("database", "seed_data", "maximum_migration_times", "Innodb_rows_read");
        assertThat(after.get("Innodb_rows_read").get("3->4").asLong()).isEqualTo(250_000);
    }

    @Test
    void shouldChangeNothingWhenThereIsNothingToChange() throws IOException {
        Path config = copyOfUser001();

        DatasetConfigEditor.Edit edit = DatasetConfigEditor.edit(config, Map.of(), Map.of());

        assertThat(edit.changes()).isFalse();
    }
}
