package org.paperlessroom.live;

import io.vertx.core.json.JsonArray;

/**
 * One message for many sockets, encoded once: as the bridge's JSON, and (when a socket needs it)
 * once more in SockJS's WebSocket framing {@code a["…"]}, the same text for every such socket.
 */
final class Broadcast {
  final String plain;
  private String sockJs;

  Broadcast(String plain) {
    this.plain = plain;
  }

  String sockJs() {
    if (sockJs == null) {
      sockJs = sockJsFrame(plain);
    }
    return sockJs;
  }

  static String sockJsFrame(String message) {
    return "a" + new JsonArray().add(message).encode();
  }
}
