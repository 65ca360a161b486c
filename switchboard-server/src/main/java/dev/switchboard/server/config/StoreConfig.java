package dev.switchboard.server.config;

import dev.switchboard.Secret;

/**
 * Where runs are stored.
 *
 * @param url the JDBC URL: {@code jdbc:sqlite:FILE} (the default) or {@code jdbc:postgresql://HOST:PORT/DB}
 * @param user the database user, or null
 * @param password the database password, or null
 * @param queueCapacity records the in-memory queue holds before spilling to the local file
 * @param batchSize records written per transaction
 */
public record StoreConfig(String url, String user, Secret password, int queueCapacity, int batchSize) {
}
