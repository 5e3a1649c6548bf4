package io.realdb.engine.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes {@code result.json}, the saved form of a {@link RunResult}. */
public final class ResultJson {

    public static final String FILE_NAME = "result.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ResultJson() {
    }

    public static String toJson(RunResult result) {
        try {
            return MAPPER.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run result could not be serialised", e);
        }
    }

    /** One step's impact as the history keeps it: the same JSON as in result.json, on one line. */
    public static String impactToJson(StepImpact impact) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(impact);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a step's impact could not be serialised", e);
        }
    }

    /**
     * A step's impact as {@link #impactToJson} wrote it.
     *
     * @throws BadInputException when the text is not one
     */
    public static StepImpact impactFromJson(String json) {
        try {
            return MAPPER.readValue(json, StepImpact.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException("a step's impact is not valid: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes the file whole or not at all: a reader never sees half a result. */
    public static void write(RunResult result, Path file) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(temp, toJson(result) + System.lineSeparator());
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static RunResult read(Path file) {
        try {
            return MAPPER.readValue(file.toFile(), RunResult.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException("result file '" + file + "' is not a valid result: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException("cannot read result file '" + file + "': " + e.getMessage(), e);
        }
    }
}
