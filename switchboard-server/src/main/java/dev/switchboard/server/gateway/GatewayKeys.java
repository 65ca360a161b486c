package dev.switchboard.server.gateway;

import dev.switchboard.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Finds the gateway key: the configured one, else the one stored in the data folder, else a new
 * random key written there (owner-readable only) at first start.
 */
public final class GatewayKeys {

    static final String FILE_NAME = "gateway.key";

    private GatewayKeys() {
    }

    /**
     * The key in force and whether it was generated just now.
     *
     * @param key the gateway key
     * @param generated true when this call created it, so the caller prints it once
     * @param file the file holding it, or null when it came from the configuration
     */
    public record Resolved(Secret key, boolean generated, Path file) {
    }

    public static Resolved resolve(Secret configured, Path dataDir) {
        if (configured != null) {
            return new Resolved(configured, false, null);
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (stored.length() >= 16) {
                    return new Resolved(Secret.of(stored), false, file);
                }
                throw new IllegalStateException("the gateway key file " + file + " is empty or shorter than 16"
                        + " characters; delete it to have a new key generated, or set SWITCHBOARD_KEY");
            }
            Files.createDirectories(dataDir);
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String key = "sb-" + HexFormat.of().formatHex(random);
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the file keeps the folder's default permissions.
            }
            return new Resolved(Secret.of(key), true, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the gateway key in " + dataDir
                    + "; make the folder writable or set SWITCHBOARD_KEY", e);
        }
    }
}
