package io.realdb.cli;

import io.realdb.engine.BadInputException;

import java.util.ArrayList;
import java.util.List;

/** Secrets named by environment variable, so that no secret is ever on the command line. */
final class Secrets {

    private Secrets() {
    }

    static List<String> fromEnvironment(List<String> names) {
        List<String> values = new ArrayList<>();
        for (String name : names) {
            String value = System.getenv(name);
            if (value == null) {
                throw new BadInputException("--secret-env names '" + name + "', which is not set");
            }
            values.add(value);
        }
        return values;
    }
}
