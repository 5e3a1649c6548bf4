package io.realdb.engine.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The environment a migration command sees: the basics it needs to run, the variables the user
 * lets through by name, and nothing else of the CI's environment, where tokens live.
 */
public final class ToolEnvironment {

    static final List<String> BASICS = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ");
    static final String FALLBACK_PATH = "/usr/local/bin:/usr/bin:/bin";

    private ToolEnvironment() {
    }

    public static Map<String, String> scrubbed(List<String> passThrough, Function<String, String> environment) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : BASICS) {
            String value = environment.apply(name);
            if (value != null) {
                result.put(name, value);
            }
        }
        result.putIfAbsent("PATH", FALLBACK_PATH);
        for (String name : passThrough) {
            String value = environment.apply(name);
            if (value != null) {
                result.put(name, value);
            }
        }
        return result;
    }
}
