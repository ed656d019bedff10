package org.paperlessroom.web;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * The HTTP server: request ids, the application's routes, static files from {@code webroot} inside
 * the jar, and the one failure handler.
 */
public final class HttpServerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServerVerticle.class);

  private final String host;
  private final int port;
  private final Consumer<Router> routes;
  private HttpServer server;

  public HttpServerVerticle(String host, int port, Consumer<Router> routes) {
    this.host = host;
    this.port = port;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(RequestId::assign);
    routes.accept(router);
    router.route("/*").handler(StaticHandler.create("webroot")
        .setIndexPage("index.html")
        .setCachingEnabled(true)
        .setMaxAgeSeconds(300)
        .setSendVaryHeader(true));
    FailureHandler failures = new FailureHandler();
    router.route().failureHandler(failures);
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    server = vertx.createHttpServer(new HttpServerOptions()
        .setCompressionSupported(true)
        .setIdleTimeout(0)
        .setMaxWebSocketFrameSize(64 * 1024)
        .setMaxWebSocketMessageSize(64 * 1024));
    return server.requestHandler(router).listen(port, host)
        .onSuccess(s -> LOG.info("Listening on http://{}:{}", host, s.actualPort()));
  }

  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
