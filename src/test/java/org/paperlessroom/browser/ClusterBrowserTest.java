package org.paperlessroom.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.paperlessroom.Application;
import org.paperlessroom.live.LiveAddresses;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.BridgeClient;
import org.paperlessroom.support.Browsers;
import org.paperlessroom.support.Rooms;
import org.paperlessroom.support.TcpBalancer;
import org.paperlessroom.support.TestCluster;
import org.paperlessroom.support.TestPdfs;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A phone following a meeting through a load balancer in front of two clustered nodes (round robin,
 * no sticky sessions): it signs in and follows as with one server; when its node stops, it reconnects
 * through the balancer to the other node and shows the page presented meanwhile, without a reload.
 */
class ClusterBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void aPhoneBehindTheBalancerFollowsAndMovesToTheOtherNodeWhenItsNodeStops() {
    try (TestCluster cluster = new TestCluster()) {
      Application first = cluster.startNode();
      Application second = cluster.startNode();
      Rooms.Room room = Rooms.create();
      long id = room.meetingId();
      JsonObject deck = room.chair().at(first.port()).uploadReady(id, "trinh-chieu.pdf",
          TestPdfs.slides(6, Api.unique("cluster deck")), false);
      String hash = deck.getString("hash");
      JsonObject user = room.admin().createUser("Thành viên dùng điện thoại", "password-phone");
      assertEquals(200, room.admin().put("/api/meetings/" + id + "/participants/" + user.getLong("id"),
          new JsonObject().put("roles", new io.vertx.core.json.JsonArray().add("member"))).statusCode());
      try (TcpBalancer balancer = new TcpBalancer(List.of(first.port(), second.port()));
           BrowserContext phone = Browsers.phone(balancer.url())) {
        // Signing in and loading the room: its requests alternate between the nodes (no sticky sessions).
        Page page = phone.newPage();
        page.navigate("/live.html?id=" + id);
        Browsers.signIn(page, user.getString("username"), "password-phone");
        page.waitForURL(Pattern.compile(".*/live\\.html\\?id=\\d+.*"));
        assertThat(page.locator("#live-stage")).hasAttribute("data-connection", "open");

        // From now on the phone's socket is on the second node.
        balancer.only(List.of(second.port()));
        int opens = opens(page);
        first.services().liveHub().dropAllSockets().await();
        second.services().liveHub().dropAllSockets().await();
        awaitReopened(page, opens);

        try (BridgeClient presenter = BridgeClient.connect(room.chair().at(first.port()), null, first.port())) {
          present(presenter, id, new JsonObject().put("op", "show").put("documentId", deck.getLong("id")).put("page", 2));
          assertThat(page.locator("#live-stage")).hasAttribute("data-page", "2");
          present(presenter, id, new JsonObject().put("op", "page").put("page", 3));
          assertThat(page.locator("#live-stage")).hasAttribute("data-page", "3");
          assertThat(page.locator("#live-page")).hasAttribute("src", Pattern.compile(".*/api/pages/" + hash + "/3/\\d+\\.jpg"));

          // The second node stops; the balancer sends to the first one only. The phone reconnects there.
          balancer.only(List.of(first.port()));
          opens = opens(page);
          second.stop().await();
          present(presenter, id, new JsonObject().put("op", "page").put("page", 4));
          awaitReopened(page, opens);
          assertThat(page.locator("#live-stage")).hasAttribute("data-page", "4");
          present(presenter, id, new JsonObject().put("op", "page").put("page", 5));
          assertThat(page.locator("#live-stage")).hasAttribute("data-page", "5");
          page.waitForFunction("() => { const i = document.querySelector('#live-page');"
              + " return i.complete && i.naturalWidth > 0 && i.currentSrc.includes('/5/'); }");
          Browsers.screenshot(page, "cluster-phone-after-node-stopped");
        }
      }
    }
  }

  private static int opens(Page page) {
    return ((Number) page.evaluate("() => window.__bus.opens")).intValue();
  }

  private static void awaitReopened(Page page, int before) {
    page.waitForFunction("n => window.__bus.opens > n && window.__bus.state === 'open'", before,
        new Page.WaitForFunctionOptions().setTimeout(20_000));
  }

  private static void present(BridgeClient presenter, long meetingId, JsonObject command) {
    JsonObject reply = presenter.request(LiveAddresses.command(meetingId), command);
    assertEquals("rec", reply.getString("type"), reply::encode);
  }
}
