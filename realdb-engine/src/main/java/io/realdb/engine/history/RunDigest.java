package io.realdb.engine.history;

import io.realdb.engine.InfrastructureException;
import io.realdb.engine.model.ResultJson;
import io.realdb.engine.model.RunResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes a recorded run the same run again: the SHA-256 of its result's JSON, or of the log
 * it was imported from. Recording or importing the same run twice then adds nothing.
 */
public final class RunDigest {

    private RunDigest() {
    }

    public static String of(RunResult result) {
        MessageDigest digest = sha256();
        digest.update(ResultJson.toJson(result).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String ofFile(Path file) {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
