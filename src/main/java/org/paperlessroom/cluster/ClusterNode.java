package org.paperlessroom.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.paperlessroom.config.ClusterSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * This server among its peers: its node id, which nodes are alive, and a Vert.x whose event bus
 * reaches them all (Hazelcast, TCP/IP join, no multicast). A single server is a cluster of one:
 * no Hazelcast, a random node id, and nobody ever leaves.
 */
public final class ClusterNode {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
  private static final String VERTX_NODE_ID = "__vertx.nodeId";

  private final String id;
  private final HazelcastClusterManager manager;
  private final List<Consumer<String>> leftListeners = new CopyOnWriteArrayList<>();

  private ClusterNode(String id, HazelcastClusterManager manager) {
    this.id = id;
    this.manager = manager;
  }

  /** A standalone server's node. */
  public static ClusterNode single() {
    return new ClusterNode("single-" + UUID.randomUUID(), null);
  }

  /** Starts Vert.x: plain for a single node, clustered when the settings say so. */
  public static Future<Started> start(VertxBuilder builder, VertxOptions options, ClusterSettings settings) {
    if (!settings.enabled()) {
      return Future.succeededFuture(new Started(builder.with(options).build(), single()));
    }
    // Hazelcast's own start-up warnings go to the log too, not to standard error (read before its Config).
    System.setProperty("hazelcast.logging.type", "slf4j");
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(settings));
    options.setEventBusOptions(new EventBusOptions().setHost(settings.host()).setPort(0).setClusterPublicHost(settings.host()));
    return builder.with(options).withClusterManager(manager).buildClustered().map(vertx -> {
      ClusterNode node = new ClusterNode(manager.getNodeId(), manager);
      manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
        @Override
        public void memberAdded(MembershipEvent event) {
          LOG.info("Cluster node joined: {}", event.getMember().getAttribute(VERTX_NODE_ID));
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
          // Vert.x names its nodes itself (a member attribute), not by the Hazelcast member's id.
          String left = event.getMember().getAttribute(VERTX_NODE_ID);
          if (left == null) {
            return;
          }
          LOG.warn("Cluster node left: {}", left);
          node.leftListeners.forEach(l -> l.accept(left));
        }
      });
      LOG.info("Joined cluster '{}' as node {} ({} nodes)", settings.name(), node.id, manager.getNodes().size());
      return new Started(vertx, node);
    });
  }

  public record Started(Vertx vertx, ClusterNode node) {
  }

  private static Config hazelcastConfig(ClusterSettings settings) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(settings.name());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // A node that stops answering is let go within seconds (its meetings are taken over).
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "6");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.port()).setPortAutoIncrement(false);
    network.setPublicAddress(settings.host() + ":" + settings.port());
    // Listens on the configured address only (a loopback address included).
    network.getInterfaces().setEnabled(true).addInterface(settings.host());
    config.setProperty("hazelcast.socket.bind.any", "false");
    network.getRestApiConfig().setEnabled(false);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
    return config;
  }

  public String id() {
    return id;
  }

  public boolean clustered() {
    return manager != null;
  }

  /** The other nodes of the cluster now (none for a single server). */
  public List<String> otherNodes() {
    return manager == null ? List.of() : manager.getNodes().stream().filter(n -> !n.equals(id)).toList();
  }

  /** Called with a node's id when it leaves the cluster (stopped, crashed or cut off). */
  public void onNodeLeft(Consumer<String> listener) {
    leftListeners.add(listener);
  }
}
