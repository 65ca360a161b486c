package dev.switchboard.server.simulator;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import java.util.Set;

/** One HTTP server on one event loop; several instances share the same listening socket. */
final class SimulatorVerticle extends VerticleBase {

    private final SimulatorHandler handler;
    private final String host;
    private final int port;
    private final Set<Integer> boundPorts;

    /**
     * @param port       the port to listen on; a negative value makes all instances share one free port
     * @param boundPorts collects the port each instance ended up on
     */
    SimulatorVerticle(SimulatorHandler handler, String host, int port, Set<Integer> boundPorts) {
        this.handler = handler;
        this.host = host;
        this.port = port;
        this.boundPorts = boundPorts;
    }

    @Override
    public Future<?> start() {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setCompressionSupported(false);
        return vertx.createHttpServer(options)
                .requestHandler(handler)
                .listen()
                .onSuccess(server -> boundPorts.add(server.actualPort()));
    }
}
