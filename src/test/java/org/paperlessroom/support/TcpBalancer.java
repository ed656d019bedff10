package org.paperlessroom.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the load balancer in front of clustered nodes: each new TCP connection goes to the
 * next node in turn (round robin, no stickiness). Nodes can be taken out of, and put into, the turn.
 */
public final class TcpBalancer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final NetClient client = vertx.createNetClient();
  private final List<Integer> backends = new CopyOnWriteArrayList<>();
  private final AtomicInteger turn = new AtomicInteger();
  private final NetServer server;

  public TcpBalancer(List<Integer> backendPorts) {
    backends.addAll(backendPorts);
    server = vertx.createNetServer().connectHandler(this::forward).listen(0, "127.0.0.1").await();
  }

  private void forward(NetSocket incoming) {
    incoming.pause();
    List<Integer> now = List.copyOf(backends);
    if (now.isEmpty()) {
      incoming.close();
      return;
    }
    int port = now.get(Math.floorMod(turn.getAndIncrement(), now.size()));
    client.connect(port, "127.0.0.1").onSuccess(node -> {
      incoming.pipeTo(node);
      node.pipeTo(incoming);
    }).onFailure(e -> incoming.close());
  }

  public void only(List<Integer> backendPorts) {
    backends.clear();
    backends.addAll(backendPorts);
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
