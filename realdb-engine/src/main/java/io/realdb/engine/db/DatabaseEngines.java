package io.realdb.engine.db;

import io.realdb.engine.BadInputException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The registry of database engines, by id or alias, in any case. realdb's own engines are
 * listed here; others are found through {@link ServiceLoader} (a
 * {@code META-INF/services/io.realdb.engine.db.DatabaseEngine} file in their jar).
 */
public final class DatabaseEngines {

    private final List<DatabaseEngine> engines;
    private final Map<String, DatabaseEngine> byName = new LinkedHashMap<>();

    /** @throws IllegalArgumentException when two engines claim the same id or alias */
    public DatabaseEngines(List<? extends DatabaseEngine> engines) {
        this.engines = List.copyOf(engines);
        for (DatabaseEngine engine : this.engines) {
            List<String> names = new ArrayList<>(engine.aliases());
            names.add(0, engine.id());
            for (String name : names) {
                DatabaseEngine earlier = byName.putIfAbsent(name.toLowerCase(Locale.ROOT), engine);
                if (earlier != null) {
                    throw new IllegalArgumentException("engines " + earlier.id() + " and " + engine.id() + " both claim the name " + name);
                }
            }
        }
    }

    /** realdb's engines and those found on the class path. */
    public static DatabaseEngines standard() {
        List<DatabaseEngine> all = new ArrayList<>(List.of(new MariaDbEngine(), new PostgresEngine()));
        for (DatabaseEngine found : ServiceLoader.load(DatabaseEngine.class)) {
            if (all.stream().noneMatch(e -> e.id().equalsIgnoreCase(found.id()))) {
                all.add(found);
            }
        }
        return new DatabaseEngines(all);
    }

    /**
     * The engine with this id or alias.
     *
     * @throws BadInputException naming the id and the known ones, when no engine has it
     */
    public DatabaseEngine get(String idOrAlias) {
        return find(idOrAlias).orElseThrow(() -> new BadInputException(
                "unknown database engine '" + idOrAlias + "' (known: " + describe() + ")"));
    }

    public Optional<DatabaseEngine> find(String idOrAlias) {
        return idOrAlias == null ? Optional.empty()
                : Optional.ofNullable(byName.get(idOrAlias.strip().toLowerCase(Locale.ROOT)));
    }

    public List<DatabaseEngine> all() {
        return engines;
    }

    /** For messages: {@code mariadb (also mysql, percona)}. */
    public String describe() {
        return engines.stream()
                .map(e -> e.aliases().isEmpty() ? e.id() : e.id() + " (also " + String.join(", ", e.aliases()) + ")")
                .collect(Collectors.joining(", "));
    }
}
