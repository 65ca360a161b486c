package dev.switchboard.server.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** One HTTP server instance per event loop, all sharing the gateway's port and handler. */
final class GatewayVerticle extends VerticleBase {

    private final GatewayHandler handler;
    private final String host;
    private final int port;
    private HttpServer server;

    GatewayVerticle(GatewayHandler handler, String host, int port) {
        this.handler = handler;
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        HttpServerOptions options = new HttpServerOptions()
                .setTcpNoDelay(true)
                .setIdleTimeout(120)
                .setCompressionSupported(false);
        server = vertx.createHttpServer(options).requestHandler(handler);
        return server.listen(port, host);
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
