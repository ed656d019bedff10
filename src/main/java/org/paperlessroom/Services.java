package org.paperlessroom;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import org.paperlessroom.config.AppConfig;
import org.paperlessroom.db.Database;

/** The features of the application, wired once: each owns its routes under {@code /api}. */
public final class Services {
  private final AppConfig config;

  private Services(AppConfig config) {
    this.config = config;
  }

  static Future<Services> create(Vertx vertx, WorkerExecutor blocking, AppConfig config, Database database) {
    return Future.succeededFuture(new Services(config));
  }

  void mount(Router router) {
  }

  Future<Void> close() {
    return Future.succeededFuture();
  }
}
