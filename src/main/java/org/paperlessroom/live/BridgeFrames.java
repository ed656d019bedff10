package org.paperlessroom.live;

import io.vertx.core.json.JsonObject;

/** The event bus bridge's wire format, so that the standard client understands the server. */
final class BridgeFrames {
  private BridgeFrames() {
  }

  /** A message delivered to a registered address, or a reply to a reply address. */
  static String message(String address, JsonObject body) {
    return new JsonObject().put("type", "rec").put("address", address).put("body", body).encode();
  }

  /** A refusal; with an address the client hands it to that address's handler or reply handler. */
  static String error(String address, int code, String type, String message) {
    JsonObject err = new JsonObject().put("type", "err");
    if (address != null) {
      err.put("address", address);
    }
    return err.put("failureCode", code).put("failureType", type).put("message", message).encode();
  }
}
