package org.paperlessroom.live;

/** Clustered: how a meeting's writer hands each saved change to the other nodes, and each node its followers. */
interface LivePublisher {
  String nodeId();

  void publish(long meetingId, String frame);

  /** This node's part of the meeting's presence (followers on this node). */
  void publishPresence(long meetingId, io.vertx.core.json.JsonObject part);
}
