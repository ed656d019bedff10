package org.paperlessroom.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Several server nodes on one clustered event bus ({@code PAPERLESS_CLUSTER=true}): the name the
 * nodes share, the address this node is reached at, its Hazelcast port, and the members to join
 * (TCP/IP, never multicast). Off by default: a single node starts no cluster at all.
 */
public record ClusterSettings(boolean enabled, String name, String host, int port, List<String> members) {

  public static final int DEFAULT_PORT = 5701;

  public ClusterSettings {
    if (port < 1 || port > 65535) {
      throw new ConfigException("PAPERLESS_CLUSTER_PORT must be a port number between 1 and 65535, not " + port);
    }
    members = List.copyOf(members);
    for (String member : members) {
      if (!member.matches("[A-Za-z0-9._:\\[\\]-]+")) {
        throw new ConfigException("PAPERLESS_CLUSTER_MEMBERS is a comma-separated list of host or host:port, not '" + member + "'");
      }
    }
  }

  static ClusterSettings from(Function<String, Optional<String>> string, BiFunction<String, Integer, Integer> integer) {
    String enabled = string.apply("PAPERLESS_CLUSTER").orElse("false");
    if (!enabled.equalsIgnoreCase("true") && !enabled.equalsIgnoreCase("false")) {
      throw new ConfigException("PAPERLESS_CLUSTER must be true or false, not '" + enabled + "'");
    }
    String host = string.apply("PAPERLESS_CLUSTER_HOST").orElse("127.0.0.1");
    int port = integer.apply("PAPERLESS_CLUSTER_PORT", DEFAULT_PORT);
    List<String> members = Arrays.stream(string.apply("PAPERLESS_CLUSTER_MEMBERS").orElse(host + ":" + port).split(","))
        .map(String::trim).filter(m -> !m.isEmpty()).toList();
    return new ClusterSettings(enabled.equalsIgnoreCase("true"), string.apply("PAPERLESS_CLUSTER_NAME").orElse("paperless-room"),
        host, port, members);
  }
}
