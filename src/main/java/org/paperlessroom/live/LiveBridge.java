package org.paperlessroom.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.paperlessroom.auth.Actor;
import org.paperlessroom.auth.CurrentUser;
import org.paperlessroom.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The event bus bridge at {@code /eventbus}, speaking the standard bridge protocol over SockJS (and
 * raw WebSockets at {@code /eventbus/websocket}). Deny by default: a client may REGISTER to its
 * meeting's live and presence addresses and SEND to its command and status addresses, each checked
 * against the access policy; nothing a client sends ever reaches another client. The event bus
 * itself is never exposed.
 */
public final class LiveBridge {
  private static final Logger LOG = LoggerFactory.getLogger(LiveBridge.class);
  /** A larger frame is refused; the HTTP server closes a WebSocket whose frame exceeds 64 KB. */
  public static final int MAX_FRAME_BYTES = 16 * 1024;
  /** What the standard client sends every 5 seconds, recognised without parsing. */
  private static final String PING = "{\"type\":\"ping\"}";
  private static final String SOCKJS_PING = "[\"{\\\"type\\\":\\\"ping\\\"}\"]";

  private final LiveHub hub;
  private final String publicOrigin;

  public LiveBridge(LiveHub hub, String publicUrl) {
    this.hub = hub;
    this.publicOrigin = origin(publicUrl).orElse(null);
  }

  /** The sub-router to mount at {@code /eventbus/*}. */
  public Router router(Vertx vertx) {
    SockJSHandlerOptions options = new SockJSHandlerOptions()
        .setRegisterWriteHandler(false)
        .setInsertJSESSIONID(false)
        .setHeartbeatInterval(25_000)
        .setSessionTimeout(10_000);
    return SockJSHandler.create(vertx, options).socketHandler(this::connected);
  }

  /** Refuses a connection from another web origin (a page elsewhere using the person's cookie). */
  public void checkOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null || sameOrigin(origin, ctx)) {
      ctx.next();
      return;
    }
    LOG.info("Bridge refused a connection from origin {}", origin);
    ctx.fail(ApiException.forbidden("This connection comes from another web site."));
  }

  private boolean sameOrigin(String origin, RoutingContext ctx) {
    Optional<String> given = origin(origin);
    if (given.isEmpty()) {
      return false;
    }
    if (given.get().equals(publicOrigin)) {
      return true;
    }
    String host = ctx.request().getHeader("Host");
    return host != null && (given.get().equals("http://" + host.toLowerCase(Locale.ROOT))
        || given.get().equals("https://" + host.toLowerCase(Locale.ROOT)));
  }

  private static Optional<String> origin(String url) {
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = URI.create(url.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        return Optional.empty();
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      int port = uri.getPort();
      boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
      return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code /eventbus/websocket}: the bridge over a plain WebSocket, without SockJS's framing. Only
   * the person and the socket are kept, not the upgrade request: a follower costs the server little.
   */
  public void plainWebSocket(RoutingContext ctx) {
    upgrade(ctx, false);
  }

  /**
   * {@code /eventbus/<server>/<session>/websocket}: SockJS's WebSocket transport, which browsers
   * use, served here rather than by SockJS's session machinery so that a broadcast is framed once
   * for all sockets ({@code a["…"]}), with one heartbeat timer for all. Other transports (the
   * fallbacks when WebSockets are blocked) go on to the SockJS handler.
   */
  public void sockJsWebSocket(RoutingContext ctx) {
    if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
      ctx.next();
      return;
    }
    upgrade(ctx, true);
  }

  private void upgrade(RoutingContext ctx, boolean sockJsFraming) {
    Actor actor = CurrentUser.of(ctx);
    String sessionId = ctx.session() == null ? null : ctx.session().id();
    ctx.request().toWebSocket().onComplete((ws, e) -> {
      if (e != null) {
        LOG.debug("WebSocket upgrade failed: {}", e.toString());
        return;
      }
      LiveSocket s = new LiveSocket(sockJsFraming ? sockJsFramed(ws) : plain(ws), actor, sessionId, System.currentTimeMillis());
      hub.connected(s);
      if (sockJsFraming) {
        ws.writeTextMessage("o");
        ws.textMessageHandler(text -> receivedSockJs(s, text));
      } else {
        ws.textMessageHandler(text -> received(s, text));
        ws.binaryMessageHandler(bytes -> received(s, bytes.toString()));
      }
      ws.closeHandler(v -> hub.disconnected(s));
      ws.exceptionHandler(err -> closeAfterError(s, err));
    });
  }

  private static LiveSocket.Connection plain(ServerWebSocket ws) {
    return new LiveSocket.Connection() {
      @Override
      public Future<Void> write(String message) {
        return ws.writeTextMessage(message);
      }

      @Override
      public void close() {
        ws.close();
      }
    };
  }

  private static LiveSocket.Connection sockJsFramed(ServerWebSocket ws) {
    return new LiveSocket.Connection() {
      @Override
      public Future<Void> write(String message) {
        return ws.writeTextMessage(Broadcast.sockJsFrame(message));
      }

      @Override
      public Future<Void> write(Broadcast message) {
        return ws.writeTextMessage(message.sockJs());
      }

      @Override
      public void heartbeat() {
        ws.writeTextMessage("h");
      }

      @Override
      public void close() {
        ws.writeTextMessage("c[3000,\"Go away!\"]");
        ws.close();
      }
    };
  }

  /** A SockJS client frame: a JSON array of messages (each a string). Broken framing closes the socket. */
  private void receivedSockJs(LiveSocket s, String frame) {
    if (frame.isEmpty()) {
      return;
    }
    if (SOCKJS_PING.equals(frame)) {
      received(s, PING);
      return;
    }
    if (frame.length() > MAX_FRAME_BYTES * 2) {
      refuse(s, null, new ApiException(413, "too_large", "A message may be at most 16 KB."));
      s.close();
      return;
    }
    JsonArray messages;
    try {
      messages = new JsonArray(frame);
    } catch (DecodeException | ClassCastException e) {
      LOG.info("Closing a SockJS socket with broken framing");
      s.close();
      return;
    }
    for (Object message : messages) {
      if (!(message instanceof String text)) {
        s.close();
        return;
      }
      received(s, text);
    }
  }

  /** Any SockJS transport (the browser's sockjs-client). */
  private void connected(SockJSSocket sock) {
    RoutingContext ctx = sock.routingContext();
    LiveSocket s = new LiveSocket(new LiveSocket.Connection() {
      @Override
      public Future<Void> write(String frame) {
        return sock.write(frame);
      }

      @Override
      public void close() {
        sock.close();
      }
    }, ctx == null ? null : CurrentUser.of(ctx), ctx == null || ctx.session() == null ? null : ctx.session().id(),
        System.currentTimeMillis());
    hub.connected(s);
    sock.handler(frame -> received(s, frame.toString()));
    sock.closeHandler(v -> hub.disconnected(s));
    sock.exceptionHandler(e -> closeAfterError(s, e));
  }

  private static void closeAfterError(LiveSocket s, Throwable e) {
    // e.g. a message over the server's 64 KB limit: this socket goes, the others stay.
    LOG.info("Closing a bridge socket after an error: {}", e.toString());
    s.close();
  }

  private void received(LiveSocket s, String frame) {
    if (s.closed()) {
      return;
    }
    if (!s.admitFrame(System.currentTimeMillis())) {
      refuse(s, null, new ApiException(429, "rate_limited", "Too many messages: slow down."));
      return;
    }
    if (frame.length() > MAX_FRAME_BYTES) {
      // The client never sends more than a few hundred bytes: this socket is up to no good.
      refuse(s, null, new ApiException(413, "too_large", "A message may be at most 16 KB."));
      s.close();
      return;
    }
    if (PING.equals(frame)) {
      return;
    }
    JsonObject json;
    try {
      json = new JsonObject(frame);
    } catch (DecodeException | ClassCastException e) {
      refuse(s, null, ApiException.badRequest("bad_json", "A message must be a JSON object."));
      return;
    }
    Object type = json.getValue("type");
    Object address = json.getValue("address");
    String replyAddress = json.getValue("replyAddress") instanceof String r && r.length() <= 100 ? r : null;
    if ("ping".equals(type)) {
      return; // lastSeen was updated
    }
    Optional<LiveAddresses.Address> target = LiveAddresses.parse(address instanceof String a ? a : null);
    String where = target.isPresent() ? (String) address : null;
    try {
      if ("register".equals(type)) {
        register(s, target.orElseThrow(() -> unknownAddress(address)), where);
      } else if ("unregister".equals(type)) {
        hub.unregister(s, target.orElseThrow(() -> unknownAddress(address)));
      } else if ("send".equals(type)) {
        send(s, target.orElseThrow(() -> unknownAddress(address)), json.getValue("body"), replyAddress);
      } else if ("publish".equals(type)) {
        throw ApiException.forbidden("Clients cannot publish; send a command instead.");
      } else {
        throw ApiException.badRequest("unknown_type", "Unknown message type: use register, unregister, send or ping.");
      }
    } catch (ApiException e) {
      refuse(s, replyAddress != null ? replyAddress : where, e);
    } catch (RuntimeException e) {
      LOG.warn("Bridge frame failed", e);
      refuse(s, replyAddress != null ? replyAddress : where, new ApiException(500, "internal", "The server could not handle this message."));
    }
  }

  private void register(LiveSocket s, LiveAddresses.Address target, String address) {
    Future<Void> done = switch (target.kind()) {
      case LIVE -> hub.follow(s, target.meetingId());
      case PRESENCE -> hub.watchPresence(s, target.meetingId());
      default -> Future.failedFuture(ApiException.forbidden("Only a meeting's live and presence addresses can be registered."));
    };
    done.onFailure(e -> refuse(s, address, e));
  }

  private void send(LiveSocket s, LiveAddresses.Address target, Object body, String replyAddress) {
    switch (target.kind()) {
      case COMMAND -> hub.command(s, target.meetingId(), body).onComplete((seq, e) -> {
        if (e != null) {
          refuse(s, replyAddress, e);
        } else if (replyAddress != null) {
          s.write(BridgeFrames.message(replyAddress, new JsonObject().put("ok", true).put("seq", seq)));
        }
      });
      case STATUS -> {
        hub.status(s, target.meetingId(), body);
        if (replyAddress != null) {
          s.write(BridgeFrames.message(replyAddress, new JsonObject().put("ok", true)));
        }
      }
      default -> throw ApiException.forbidden("Messages can be sent only to a meeting's command and status addresses.");
    }
  }

  private static ApiException unknownAddress(Object address) {
    return ApiException.forbidden("Unknown address" + (address instanceof String a && a.length() <= 64 ? " \"" + a + "\"" : "")
        + ": only meeting.<id>.live, .presence, .command and .status are open.");
  }

  private void refuse(LiveSocket s, String address, Throwable e) {
    ApiException error = e instanceof ApiException a ? a : new ApiException(500, "internal", "The server could not handle this message.");
    if (!(e instanceof ApiException)) {
      LOG.warn("Bridge request failed", e);
    }
    s.write(BridgeFrames.error(address, error.status(), error.code(), error.getMessage()));
    if (s.refusedTooOften()) {
      LOG.info("Closing a bridge socket of user {} after too many refused messages",
          s.actor == null ? null : s.actor.id());
      s.close();
    }
  }
}
