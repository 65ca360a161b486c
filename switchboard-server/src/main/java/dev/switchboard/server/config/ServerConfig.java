package dev.switchboard.server.config;

import dev.switchboard.Secret;

/**
 * The gateway's listener.
 *
 * @param host the address to bind, 127.0.0.1 by default
 * @param port the TCP port, 8080 by default
 * @param gatewayKey the bearer token clients must send; null means take it from the data folder
 *     or generate one there at first start
 * @param maxBodyBytes the largest request body accepted
 */
public record ServerConfig(String host, int port, Secret gatewayKey, int maxBodyBytes) {
}
