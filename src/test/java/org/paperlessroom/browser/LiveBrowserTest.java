package org.paperlessroom.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.WebSocketRoute;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.Browsers;
import org.paperlessroom.support.TestApp;
import org.paperlessroom.support.TestPdfs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live room in real browsers: a presenter on a laptop drives the pages, followers on a laptop
 * and a 390×844 phone follow, browse on their own and come back, survive a dropped socket and a
 * socket gone silent, the chair hands the presenter role over, and the projector shows the join QR
 * code while nothing is presented. A classified page is asked for only while it is on the screen;
 * a page whose session ended says so and stops.
 */
class LiveBrowserTest {
  private static final String PASSWORD = "live-password-1";
  /** Reconnecting waits up to the client's longest backoff (5 s) plus the snapshot. */
  private static final LocatorAssertions.HasAttributeOptions RESYNC =
      new LocatorAssertions.HasAttributeOptions().setTimeout(20_000);

  /** data-seq once the live state's snapshot is in (it is -1 before). */
  private static final Pattern SNAPSHOT_SEQ = Pattern.compile("^\\d+$");

  /** Uncaught script errors of every page of the test: there must be none. */
  private final List<String> pageErrors = new ArrayList<>();

  @BeforeEach
  void clearErrors() {
    pageErrors.clear();
  }

  @AfterEach
  void noScriptErrors() {
    assertEquals(List.of(), pageErrors, "uncaught script errors in the pages");
  }

  private record Person(String username, long id, String name) {
  }

  private record Deck(long id, String hash, int pages) {
  }

  private record Room(long meetingId, String joinCode, Map<String, Person> people) {
    Person get(String who) {
      return people.get(who);
    }

    String path() {
      return "/live.html?id=" + meetingId;
    }
  }

  /** A meeting with one person per (key, roles) pair, each with a distinct name. */
  private static Room room(String title, Map<String, List<String>> roles) {
    Api admin = Api.admin();
    Map<String, Person> people = new LinkedHashMap<>();
    JsonArray participants = new JsonArray();
    for (var entry : roles.entrySet()) {
      String name = Api.unique(entry.getKey());
      JsonObject user = admin.createUser(name, PASSWORD);
      people.put(entry.getKey(), new Person(user.getString("username"), user.getLong("id"), name));
      participants.add(new JsonObject().put("userId", user.getLong("id")).put("roles", new JsonArray(entry.getValue())));
    }
    HttpResponse<Buffer> created = admin.post("/api/meetings", new JsonObject()
        .put("title", Api.unique(title)).put("startsAt", "2026-12-01T01:00:00Z").put("participants", participants));
    assertEquals(201, created.statusCode(), created::bodyAsString);
    JsonObject meeting = created.bodyAsJsonObject().getJsonObject("meeting");
    return new Room(meeting.getLong("id"), meeting.getString("joinCode"), people);
  }

  private static Api api(Person who) {
    return Api.forTestApp().signIn(who.username(), PASSWORD);
  }

  /** Uploads a small deck ("Slide 1" … "Slide n") and waits until every page is rendered. */
  private static Deck deck(Room room, Person uploader, int pages, boolean classified) {
    JsonObject done = api(uploader).uploadReady(room.meetingId(), classified ? "ho-so-mat.pdf" : "trinh-chieu.pdf",
        TestPdfs.slides(pages, Api.unique("deck")), classified);
    return new Deck(done.getLong("id"), done.getString("hash"), pages);
  }

  /** Opens path as this person (signing in on the way) and waits for the live state's snapshot. */
  private Page open(BrowserContext context, Person who, String path) {
    Page page = newPage(context);
    page.navigate(path);
    Browsers.signIn(page, who.username(), PASSWORD);
    page.waitForURL(Pattern.compile(".*/live\\.html\\?id=\\d+.*"));
    assertThat(page.locator("#live-stage")).hasAttribute("data-seq", SNAPSHOT_SEQ);
    return page;
  }

  private Page newPage(BrowserContext context) {
    Page page = context.newPage();
    page.onPageError(error -> pageErrors.add(page.url() + ": " + error));
    return page;
  }

  private static Locator stage(Page page) {
    return page.locator("#live-stage");
  }

  /** The page shows page n of the deck: the stage says so and the image is that page's. */
  private static void assertShows(Page page, Deck deck, int n) {
    assertThat(stage(page)).hasAttribute("data-page", String.valueOf(n));
    assertThat(stage(page)).hasAttribute("data-state", "page");
    assertThat(page.locator("#live-page")).hasAttribute("src",
        Pattern.compile(".*/api/pages/" + deck.hash() + "/" + n + "/\\d+\\.jpg"));
  }

  /** The image really loaded (not just its address set). */
  private static void assertLoaded(Page page, int n) {
    page.waitForFunction("n => { const i = document.querySelector('#live-page');"
        + " return i.complete && i.naturalWidth > 0 && i.currentSrc.includes('/' + n + '/'); }", n);
  }

  /**
   * The page's bridge sockets, passed on by the test (page.routeWebSocket, set before the page
   * connects): the socket open now can go silent both ways while it stays open, as a connection
   * does when a phone sleeps or the Wi-Fi changes; and a live REGISTER can get a refusal instead.
   */
  private static final class Wire {
    private final List<boolean[]> sockets = new ArrayList<>(); // one "dead" flag per socket, oldest first
    private JsonObject registerRefusal; // sent back for a REGISTER to meeting.<id>.live instead of passing it on

    static Wire on(Page page) {
      Wire wire = new Wire();
      page.routeWebSocket(Pattern.compile(".*/eventbus/.*"), ws -> {
        WebSocketRoute server = ws.connectToServer();
        boolean[] dead = {false};
        wire.sockets.add(dead);
        ws.onMessage(frame -> {
          if (dead[0]) {
            return;
          }
          String refusal = wire.refusalFor(frame.text());
          if (refusal != null) {
            ws.send(refusal);
          } else {
            server.send(frame.text());
          }
        });
        server.onMessage(frame -> {
          if (!dead[0]) {
            ws.send(frame.text());
          }
        });
      });
      return wire;
    }

    /** The socket open now carries nothing more, either way, and is not closed. */
    void silenceCurrent() {
      assertFalse(sockets.isEmpty(), "no socket yet");
      sockets.get(sockets.size() - 1)[0] = true;
    }

    void refuseLiveRegister(int code, String type) {
      registerRefusal = new JsonObject().put("type", "err").put("failureCode", code).put("failureType", type)
          .put("message", "refused by the test");
    }

    /** A SockJS frame from the page (["{…}", …]): the refusal to send back, or null to pass it on. */
    private String refusalFor(String text) {
      if (registerRefusal == null || text == null || !text.startsWith("[")) {
        return null;
      }
      for (Object item : new JsonArray(text)) {
        JsonObject frame = new JsonObject((String) item);
        String address = frame.getString("address", "");
        if ("register".equals(frame.getString("type")) && address.endsWith(".live")) {
          return "a" + new JsonArray().add(registerRefusal.copy().put("address", address).encode()).encode();
        }
      }
      return null;
    }
  }

  private static int opens(Page page) {
    return ((Number) page.evaluate("() => window.__bus.opens")).intValue();
  }

  /** Waits until the page's bus has opened again since it had opened {@code before} times. */
  private static void awaitReopened(Page page, int before) {
    page.waitForFunction("n => window.__bus.opens > n && window.__bus.state === 'open'", before,
        new Page.WaitForFunctionOptions().setTimeout(20_000));
  }

  /** The page numbers of a document's page images this page has asked for, in order. */
  private static List<Integer> pagesAskedFor(List<String> urls, Deck deck) {
    Pattern pattern = Pattern.compile(".*/api/pages/" + deck.hash() + "/(\\d+)/(\\d+)\\.jpg.*");
    List<Integer> pages = new ArrayList<>();
    for (String url : List.copyOf(urls)) {
      var m = pattern.matcher(url);
      if (m.matches()) {
        pages.add(Integer.parseInt(m.group(1)));
      }
    }
    return pages;
  }

  private static List<String> widthsAskedFor(List<String> urls, Deck deck) {
    Pattern pattern = Pattern.compile(".*/api/pages/" + deck.hash() + "/\\d+/(\\d+)\\.jpg.*");
    List<String> widths = new ArrayList<>();
    for (String url : List.copyOf(urls)) {
      var m = pattern.matcher(url);
      if (m.matches()) {
        widths.add(m.group(1));
      }
    }
    return widths;
  }

  private static long seq(Page page) {
    return Long.parseLong(stage(page).getAttribute("data-seq"));
  }

  /** A one-finger swipe across the stage (dx < 0: to the left, the next page). */
  private static void swipe(Page page, int dx) {
    page.evaluate("dx => { const s = document.querySelector('#live-stage'); const r = s.getBoundingClientRect();"
        + " const y = r.top + r.height / 2; const x0 = r.left + r.width / 2 - dx / 2;"
        + " const t = (x) => new Touch({ identifier: 7, target: s, clientX: x, clientY: y });"
        + " s.dispatchEvent(new TouchEvent('touchstart', { touches: [t(x0)], changedTouches: [t(x0)], bubbles: true }));"
        + " s.dispatchEvent(new TouchEvent('touchend', { touches: [], changedTouches: [t(x0 + dx)], bubbles: true })); }", dx);
  }

  @Test
  void presenterAndTwoFollowersFollowPageChangesAndALateJoinerLandsOnTheCurrentPage() {
    Room room = room("Họp trình chiếu", Map.of(
        "Người trình bày Trần", List.of("presenter"),
        "Thành viên Lê", List.of("member"),
        "Thành viên Phạm", List.of("member"),
        "Người theo dõi Vũ", List.of("observer")));
    Person presenter = room.get("Người trình bày Trần");
    Person laptopMember = room.get("Thành viên Lê");
    Person phoneMember = room.get("Thành viên Phạm");
    Deck deck = deck(room, presenter, 6, false);

    try (BrowserContext presenterCtx = Browsers.laptop(); BrowserContext laptopCtx = Browsers.laptop();
         BrowserContext phoneCtx = Browsers.phone(); BrowserContext lateCtx = Browsers.phone()) {
      // The presenter comes from the meeting page: the live room's link, and "Present" on the document.
      Page p = newPage(presenterCtx);
      p.navigate("/meeting.html?id=" + room.meetingId());
      Browsers.signIn(p, presenter.username(), PASSWORD);
      assertThat(p.locator("#live-link")).isVisible();
      assertThat(p.locator("#live-link")).hasAttribute("href", "live.html?id=" + room.meetingId());
      p.locator("[data-testid=present-" + deck.id() + "]").click();
      assertThat(p).hasURL(Pattern.compile(".*/live\\.html\\?id=" + room.meetingId() + "$")); // "show" done, then dropped
      assertThat(p.locator("#live-controls")).isVisible();
      assertShows(p, deck, 1);
      assertThat(stage(p)).hasAttribute("data-document-id", String.valueOf(deck.id()));
      assertThat(p.locator("#live-control-page")).hasText("Trang 1 / 6");

      Page laptop = open(laptopCtx, laptopMember, room.path());
      Page phone = open(phoneCtx, phoneMember, room.path());
      for (Page follower : List.of(laptop, phone)) {
        assertShows(follower, deck, 1);
        assertThat(follower.locator("#live-controls")).isHidden();
        assertThat(follower.locator("#live-page-number")).hasText("Trang 1 / 6");
      }
      assertLoaded(phone, 1);
      String chosen = (String) phone.evaluate("() => document.querySelector('#live-page').currentSrc");
      assertTrue(chosen.endsWith("/1024.jpg") || chosen.endsWith("/1920.jpg"), "a 3x phone picks a sharp width: " + chosen);

      // The next two pages are fetched before they are asked for.
      laptop.waitForFunction("h => ['/2/', '/3/'].every(n => performance.getEntriesByType('resource')"
          + ".some(e => e.name.includes('/api/pages/' + h + n)))", deck.hash());

      // Buttons, keys (what clickers send) and the page number box all drive the followers.
      long before = seq(laptop);
      p.locator("#live-next").click();
      assertShows(laptop, deck, 2);
      assertShows(phone, deck, 2);
      assertTrue(seq(laptop) > before, "every change has a higher seq");
      p.keyboard().press("ArrowRight");
      assertShows(laptop, deck, 3);
      p.keyboard().press("PageDown");
      assertShows(phone, deck, 4);
      p.keyboard().press("PageUp");
      assertShows(phone, deck, 3);
      p.keyboard().press("End");
      assertShows(laptop, deck, 6);
      assertThat(p.locator("#live-next")).isDisabled();
      p.keyboard().press("Home");
      assertShows(laptop, deck, 1);
      p.locator("#live-goto").fill("3");
      p.locator("#live-goto").press("Enter");
      assertShows(laptop, deck, 3);
      assertShows(phone, deck, 3);
      assertThat(phone.locator("#live-page-number")).hasText("Trang 3 / 6");
      assertThat(p.locator("#live-next-caption")).hasText("Trang sau: 4");
      assertThat(p.locator("#live-next-image")).hasAttribute("src", Pattern.compile(".*/" + deck.hash() + "/4/480\\.jpg"));
      assertThat(p.locator("#live-elapsed")).hasText(Pattern.compile("\\d+:\\d\\d"));

      // Blank screen (B), then back.
      p.keyboard().press("b");
      assertThat(stage(laptop)).hasAttribute("data-state", "blank");
      assertThat(phone.locator("#live-blank")).isVisible();
      assertThat(p.locator("#live-blank-toggle")).hasAttribute("aria-pressed", "true");
      p.keyboard().press("b");
      assertShows(phone, deck, 3);
      assertThat(phone.locator("#live-blank")).isHidden();

      // Laser pointer: the dot follows the presenter's mouse on every screen, and goes with it.
      p.locator("#live-pointer-toggle").click();
      var box = p.locator("#live-frame").boundingBox();
      p.mouse().move(box.x + box.width * 0.25, box.y + box.height * 0.5);
      p.mouse().move(box.x + box.width * 0.5, box.y + box.height * 0.5, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
      assertThat(laptop.locator("#live-pointer")).isVisible();
      assertThat(stage(phone)).hasAttribute("data-pointer", Pattern.compile("0\\.[45]\\d*,0\\.[45]\\d*"));
      p.locator("#live-pointer-toggle").click();
      assertThat(laptop.locator("#live-pointer")).isHidden();
      assertThat(stage(phone)).hasAttribute("data-pointer", "");

      // Zoom to a region: a rectangle dragged on the page; "Whole page" undoes it.
      p.locator("#live-zoom-toggle").click();
      p.mouse().move(box.x + box.width * 0.1, box.y + box.height * 0.1);
      p.mouse().down();
      p.mouse().move(box.x + box.width * 0.5, box.y + box.height * 0.5, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
      p.mouse().up();
      assertThat(stage(laptop)).hasAttribute("data-zoom", Pattern.compile("0\\.\\d+,0\\.\\d+,0\\.[34]\\d*,0\\.[34]\\d*"));
      assertThat(laptop.locator("#live-canvas")).hasAttribute("style", Pattern.compile(".*scale\\(2\\.\\d+\\).*"));
      p.locator("#live-zoom-reset").click();
      assertThat(stage(laptop)).hasAttribute("data-zoom", "");
      assertThat(stage(phone)).hasAttribute("data-zoom", "");

      // A late joiner lands on the current page at once.
      Page late = open(lateCtx, room.get("Người theo dõi Vũ"), room.path());
      assertShows(late, deck, 3);
      assertThat(stage(late)).hasAttribute("data-live-page", "3");
      assertThat(stage(late)).hasAttribute("data-following", "true");

      // The presenter sees who is connected, with the device kind.
      assertThat(p.locator("[data-testid=presence-" + laptopMember.id() + "]")).hasAttribute("data-device", "laptop");
      assertThat(p.locator("[data-testid=presence-" + phoneMember.id() + "]")).hasAttribute("data-device", "phone");
      assertThat(p.locator("[data-testid=presence-" + phoneMember.id() + "]")).hasAttribute("data-following", "true");
      assertThat(laptop.locator("#live-presence")).isHidden();

      Browsers.assertNoHorizontalScroll(phone);
      Browsers.assertNoHorizontalScroll(late);
      Browsers.screenshot(phone, "live-follower-phone");
      Browsers.screenshot(p, "live-presenter-laptop");
      Browsers.screenshot(laptop, "live-follower-laptop");
    }
  }

  @Test
  void aFollowerBrowsesFreelyAndReturnsWithTheChipButNeverInAClassifiedDocument() {
    Room room = room("Họp xem riêng", Map.of(
        "Chủ trì Đỗ", List.of("chair"),
        "Thành viên Hoàng", List.of("member"),
        "Thành viên Ngô", List.of("member")));
    Person chair = room.get("Chủ trì Đỗ");
    Person phoneMember = room.get("Thành viên Hoàng");
    Person laptopMember = room.get("Thành viên Ngô");
    Deck deck = deck(room, chair, 6, false);
    Deck secret = deck(room, chair, 3, true);

    try (BrowserContext chairCtx = Browsers.laptop(); BrowserContext phoneCtx = Browsers.phone();
         BrowserContext laptopCtx = Browsers.laptop()) {
      Page c = open(chairCtx, chair, room.path());
      assertThat(c.locator("#live-controls")).isVisible();
      assertThat(c.locator("#live-idle")).isVisible();
      c.locator("#live-doc-select").selectOption(String.valueOf(deck.id()));
      c.locator("#live-show").click();
      assertShows(c, deck, 1);
      c.locator("#live-next").click();
      assertShows(c, deck, 2);

      Page phone = open(phoneCtx, phoneMember, room.path());
      List<String> phoneAsked = new ArrayList<>();
      phone.onRequest(request -> phoneAsked.add(request.url()));
      assertShows(phone, deck, 2);
      assertThat(phone.locator("#live-chip")).isHidden();

      // A tap on a thumbnail: browsing alone; the chip names the live page.
      phone.locator("[data-testid=live-thumb-5]").tap();
      assertShows(phone, deck, 5);
      assertThat(stage(phone)).hasAttribute("data-following", "false");
      assertThat(phone.locator("#live-chip")).isVisible();
      assertThat(phone.locator("#live-chip")).hasText("Đang trình chiếu: trang 2 — Quay lại");
      assertThat(c.locator("#live-detached")).hasText("1 đang xem riêng");
      assertThat(c.locator("[data-testid=presence-" + phoneMember.id() + "]")).hasAttribute("data-following", "false");

      // The presenter goes on; the one browsing stays where they are, the chip follows.
      c.locator("#live-next").click();
      assertThat(phone.locator("#live-chip")).hasText("Đang trình chiếu: trang 3 — Quay lại");
      assertThat(stage(phone)).hasAttribute("data-live-page", "3");
      assertShows(phone, deck, 5);
      swipe(phone, -120); // a swipe to the left: the next page, still alone
      assertShows(phone, deck, 6);
      swipe(phone, 120);
      assertShows(phone, deck, 5);

      // One tap on the chip: back to the live page.
      phone.locator("#live-chip").tap();
      assertShows(phone, deck, 3);
      assertThat(stage(phone)).hasAttribute("data-following", "true");
      assertThat(phone.locator("#live-chip")).isHidden();
      assertThat(c.locator("#live-detached")).hasText("0 đang xem riêng");
      Browsers.assertNoHorizontalScroll(phone);

      // On a laptop the arrow keys browse; Escape (or the chip) comes back.
      Page laptop = open(laptopCtx, laptopMember, room.path());
      List<String> laptopAsked = new ArrayList<>();
      laptop.onRequest(request -> laptopAsked.add(request.url()));
      assertShows(laptop, deck, 3);
      laptop.keyboard().press("ArrowRight");
      assertShows(laptop, deck, 4);
      assertThat(laptop.locator("#live-chip")).hasText("Đang trình chiếu: trang 3 — Quay lại");
      Browsers.screenshot(laptop, "live-detached-laptop");
      laptop.locator("#live-chip").click();
      assertShows(laptop, deck, 3);

      // The same in English.
      laptop.locator("#lang-switch").click();
      assertThat(laptop.locator("#live-page-number")).hasText("Page 3 / 6");
      laptop.keyboard().press("End");
      assertShows(laptop, deck, 6);
      assertThat(laptop.locator("#live-chip")).hasText("Live: page 3 — Back");
      laptop.keyboard().press("Escape");
      assertShows(laptop, deck, 3);
      assertThat(laptop.locator("#live-chip")).isHidden();

      // Swipe detaches too; a new document brings everybody back to the live page.
      swipe(phone, -120);
      assertShows(phone, deck, 4);
      assertThat(phone.locator("#live-chip")).isVisible();
      Browsers.screenshot(phone, "live-detached-phone");

      // A classified document: only the presented page, no thumbnails, no browsing, no prefetch.
      c.locator("#live-doc-select").selectOption(String.valueOf(secret.id()));
      c.locator("#live-show").click();
      assertShows(phone, secret, 1);
      assertThat(stage(phone)).hasAttribute("data-following", "true");
      assertThat(stage(phone)).hasAttribute("data-classified", "true");
      assertThat(phone.locator("#live-chip")).isHidden();
      assertThat(phone.locator("#live-thumbs")).isHidden();
      assertThat(phone.locator("#live-browse-next")).isHidden();
      assertThat(phone.locator("#live-classified")).isVisible();
      assertLoaded(phone, 1);
      swipe(phone, -120);
      laptop.keyboard().press("ArrowRight");
      assertThat(stage(phone)).hasAttribute("data-following", "true");
      assertShows(phone, secret, 1);
      assertShows(laptop, secret, 1);
      assertThat(stage(laptop)).hasAttribute("data-following", "true");
      c.locator("#live-next").click();
      assertShows(phone, secret, 2);
      assertLoaded(phone, 2);
      Object prefetched = phone.evaluate("h => performance.getEntriesByType('resource')"
          + ".filter(e => e.name.includes('/api/pages/' + h + '/3/')).length", secret.hash());
      assertEquals(0, ((Number) prefetched).intValue(), "a classified page is never fetched before it is shown");

      // The black screen over a classified document: the server gives a follower the page only while
      // it is on the screen, so the followers ask for none (not even the next one) until it comes back.
      assertShows(laptop, secret, 2);
      assertLoaded(laptop, 2);
      c.keyboard().press("b");
      for (Page follower : List.of(phone, laptop)) {
        assertThat(stage(follower)).hasAttribute("data-state", "blank");
        assertThat(follower.locator("#live-blank")).isVisible();
        assertThat(follower.locator("#live-page")).not().hasAttribute("src", Pattern.compile(".+"));
      }
      int phoneBefore = pagesAskedFor(phoneAsked, secret).size();
      int laptopBefore = pagesAskedFor(laptopAsked, secret).size();
      c.locator("#live-next").click();
      for (Page follower : List.of(phone, laptop)) {
        assertThat(stage(follower)).hasAttribute("data-live-page", "3");
        assertThat(stage(follower)).hasAttribute("data-state", "blank");
        assertThat(follower.locator("#live-page")).not().hasAttribute("src", Pattern.compile(".+"));
      }
      // The chair (like the presenter) still sees the page under the black screen.
      assertThat(c.locator("#live-page")).hasAttribute("src", Pattern.compile(".*/" + secret.hash() + "/3/\\d+\\.jpg"));
      assertLoaded(c, 3);
      phone.waitForTimeout(500);
      assertEquals(phoneBefore, pagesAskedFor(phoneAsked, secret).size(), "nothing asked for under the black screen: " + phoneAsked);
      assertEquals(laptopBefore, pagesAskedFor(laptopAsked, secret).size(), "nothing asked for under the black screen: " + laptopAsked);
      c.keyboard().press("b");
      assertShows(phone, secret, 3);
      assertLoaded(phone, 3);
      assertShows(laptop, secret, 3);
      assertLoaded(laptop, 3);

      // Refused all the same (the screen had moved on when the request arrived): the stage shows no
      // broken image and no alarm, and takes the page with the next state.
      String refusedPage = "**/api/pages/" + secret.hash() + "/2/**";
      phone.route(refusedPage, route -> route.fulfill(new Route.FulfillOptions().setStatus(403)
          .setContentType("application/json").setBody("{\"error\":\"forbidden\"}")));
      c.keyboard().press("ArrowLeft");
      assertThat(stage(phone)).hasAttribute("data-page", "2");
      assertThat(stage(phone)).hasAttribute("class", Pattern.compile("(.*\\s)?is-failed(\\s.*)?"));
      assertThat(phone.locator("#live-note")).isHidden();
      assertThat(phone.locator("#live-error")).isHidden();
      phone.unroute(refusedPage);
      c.locator("#live-pointer-toggle").click(); // the next state: the same page, with the pointer
      var frame = c.locator("#live-frame").boundingBox();
      c.mouse().move(frame.x + frame.width * 0.3, frame.y + frame.height * 0.3);
      c.mouse().move(frame.x + frame.width * 0.6, frame.y + frame.height * 0.6, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(3));
      assertThat(stage(phone)).hasAttribute("data-pointer", Pattern.compile("0\\.\\d+,0\\.\\d+"));
      assertLoaded(phone, 2);
      assertThat(stage(phone)).not().hasAttribute("class", Pattern.compile("(.*\\s)?is-failed(\\s.*)?"));
      c.locator("#live-pointer-toggle").click();

      // Followers asked only for the pages that were on the screen: no thumbnails, no previews, no prefetching.
      assertEquals(List.of(), widthsAskedFor(phoneAsked, secret).stream().filter(w -> w.equals("200")).toList());
      assertEquals(List.of(), widthsAskedFor(laptopAsked, secret).stream().filter(w -> w.equals("200")).toList());
      for (List<Integer> asked : List.of(pagesAskedFor(phoneAsked, secret), pagesAskedFor(laptopAsked, secret))) {
        List<Integer> distinctRuns = new ArrayList<>();
        for (int n : asked) {
          if (distinctRuns.isEmpty() || distinctRuns.get(distinctRuns.size() - 1) != n) {
            distinctRuns.add(n);
          }
        }
        assertEquals(List.of(1, 2, 3, 2), distinctRuns, "the classified pages asked for, in order: " + asked);
      }
    }
  }

  @Test
  void theServerDropsTheSocketAndTheFollowerResyncsWithoutAReload() {
    Room room = room("Họp mất kết nối", Map.of(
        "Người trình bày Bùi", List.of("presenter"),
        "Thành viên Đặng", List.of("member")));
    Person presenter = room.get("Người trình bày Bùi");
    Deck deck = deck(room, presenter, 5, false);

    try (BrowserContext presenterCtx = Browsers.laptop(); BrowserContext phoneCtx = Browsers.phone()) {
      Page p = open(presenterCtx, presenter, room.path());
      p.locator("#live-show").click();
      assertShows(p, deck, 1);
      Page phone = open(phoneCtx, room.get("Thành viên Đặng"), room.path());
      assertShows(phone, deck, 1);
      assertThat(phone.locator("#live-banner")).isHidden();
      phone.evaluate("() => { window.__sameDocument = true; }");
      int opensBefore = ((Number) phone.evaluate("() => window.__bus.opens")).intValue();
      int presenterOpens = ((Number) p.evaluate("() => window.__bus.opens")).intValue();

      // The follower's way back is shut for now, then the server drops every socket.
      phone.route("**/eventbus/**", route -> route.abort());
      TestApp.get().services().liveHub().dropAllSockets().await();
      assertThat(phone.locator("#live-banner")).isVisible();
      assertThat(phone.locator("#live-banner")).containsText("Đang kết nối lại…");
      assertThat(stage(phone)).hasAttribute("data-connection", "closed");
      Browsers.screenshot(phone, "live-reconnecting-phone");

      // The presenter's page reconnects by itself and goes on meanwhile.
      p.waitForFunction("n => window.__bus.opens > n && window.__bus.state === 'open'", presenterOpens,
          new Page.WaitForFunctionOptions().setTimeout(20_000));
      p.locator("#live-next").click();
      p.locator("#live-next").click();
      assertShows(p, deck, 3);
      assertShows(phone, deck, 1);

      // The network is back: the follower reconnects, gets the snapshot and shows page 3, no reload.
      phone.unroute("**/eventbus/**");
      assertThat(stage(phone)).hasAttribute("data-page", "3", RESYNC);
      assertShows(phone, deck, 3);
      assertThat(phone.locator("#live-banner")).isHidden();
      assertEquals(Boolean.TRUE, phone.evaluate("() => window.__sameDocument === true"), "the page was not reloaded");
      assertTrue(((Number) phone.evaluate("() => window.__bus.opens")).intValue() > opensBefore, "a new socket was opened");

      // And follows again.
      p.locator("#live-next").click();
      assertShows(phone, deck, 4);

      // The same from the client's side: the socket closes under the page, it comes back on its own.
      int opensNow = ((Number) phone.evaluate("() => window.__bus.opens")).intValue();
      phone.evaluate("() => window.__bus.eb.sockJSConn.close()");
      phone.waitForFunction("n => window.__bus.opens > n && window.__bus.state === 'open'", opensNow,
          new Page.WaitForFunctionOptions().setTimeout(20_000));
      p.locator("#live-prev").click();
      assertThat(stage(phone)).hasAttribute("data-page", "3", RESYNC);
      assertThat(phone.locator("#live-banner")).isHidden();
      assertEquals(Boolean.TRUE, phone.evaluate("() => window.__sameDocument === true"));
    }
  }

  @Test
  void aSocketThatGoesSilentIsDroppedAndCommandsWaitingOnItFailAtOnce() {
    Room room = room("Họp mạng chập chờn", Map.of(
        "Người trình bày Quách", List.of("presenter"),
        "Thành viên Tạ", List.of("member")));
    Person presenter = room.get("Người trình bày Quách");
    Person member = room.get("Thành viên Tạ");
    Deck deck = deck(room, presenter, 8, false);

    try (BrowserContext presenterCtx = Browsers.laptop(); BrowserContext phoneCtx = Browsers.phone()) {
      Page p = newPage(presenterCtx);
      Wire presenterWire = Wire.on(p);
      p.navigate(room.path());
      Browsers.signIn(p, presenter.username(), PASSWORD);
      assertThat(stage(p)).hasAttribute("data-seq", SNAPSHOT_SEQ);
      p.locator("#live-show").click();
      assertShows(p, deck, 1);

      // The phone's clock is the test's (it moves on by itself, and jumps when the phone "sleeps").
      Page phone = newPage(phoneCtx);
      phone.clock().install();
      Wire phoneWire = Wire.on(phone);
      phone.navigate(room.path());
      Browsers.signIn(phone, member.username(), PASSWORD);
      assertThat(stage(phone)).hasAttribute("data-seq", SNAPSHOT_SEQ);
      assertShows(phone, deck, 1);

      // The network goes away under the phone: its socket still says "open" and nothing tells it more.
      int opens = opens(phone);
      phoneWire.silenceCurrent();
      p.locator("#live-next").click();
      assertShows(p, deck, 2);
      phone.waitForTimeout(1500);
      assertThat(stage(phone)).hasAttribute("data-page", "1");
      assertThat(stage(phone)).hasAttribute("data-connection", "open");
      assertThat(phone.locator("#live-banner")).isHidden();
      // Shown again at once: a socket heard from a moment ago is kept.
      phone.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))");
      phone.waitForTimeout(2500); // the bus looks a second later
      assertEquals(opens, opens(phone), "a socket heard from recently is not dropped");
      assertThat(stage(phone)).hasAttribute("data-page", "1");

      // Unlocked after half a minute: silent too long, dropped; the new socket brings the live page.
      phone.clock().fastForward(31_000);
      phone.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))");
      awaitReopened(phone, opens);
      assertThat(stage(phone)).hasAttribute("data-page", "2", RESYNC);
      assertShows(phone, deck, 2);
      assertThat(phone.locator("#live-banner")).isHidden();

      // The same when the network comes back (the "online" event).
      opens = opens(phone);
      phoneWire.silenceCurrent();
      p.locator("#live-next").click();
      assertShows(p, deck, 3);
      phone.clock().fastForward(31_000);
      phone.evaluate("() => window.dispatchEvent(new Event('online'))");
      awaitReopened(phone, opens);
      assertThat(stage(phone)).hasAttribute("data-page", "3", RESYNC);

      // With no event at all, the watchdog drops a socket silent for a minute (two heartbeats missed).
      opens = opens(phone);
      phoneWire.silenceCurrent();
      p.locator("#live-next").click();
      assertShows(p, deck, 4);
      phone.clock().fastForward(40_000);
      phone.waitForTimeout(1000);
      assertEquals(opens, opens(phone), "40 s of silence is not yet a dead socket");
      assertThat(stage(phone)).hasAttribute("data-page", "3");
      phone.clock().fastForward(25_000);
      awaitReopened(phone, opens);
      assertThat(stage(phone)).hasAttribute("data-page", "4", RESYNC);

      // The presenter's socket goes silent with a page turn on it: when the socket is dropped, the
      // command fails at once (not after the 10-second reply timeout) and what was pending is forgotten.
      int presenterOpens = opens(p);
      presenterWire.silenceCurrent();
      p.locator("#live-next").click(); // page 5 asked for, never received by the server
      p.waitForTimeout(500);
      assertThat(p.locator("#live-error")).isHidden();
      p.evaluate("() => window.__bus.eb.sockJSConn.close()"); // what the watchdog does
      assertThat(p.locator("#live-error")).hasAttribute("data-code", "not_connected",
          new LocatorAssertions.HasAttributeOptions().setTimeout(4_000));
      assertThat(p.locator("#live-error")).containsText("Mất kết nối với máy chủ");
      awaitReopened(p, presenterOpens);
      assertShows(p, deck, 4);
      p.locator("#live-next").click(); // from the page on the screen, not from the one lost
      assertShows(p, deck, 5);
      assertShows(phone, deck, 5);
      assertThat(p.locator("#live-control-page")).hasText("Trang 5 / 8");
    }
  }

  @Test
  void signedOutElsewhereTheRoomSaysSoStopsAndSignsBackIn() {
    Room room = room("Họp hết phiên", Map.of(
        "Thành viên Lưu", List.of("member"),
        "Thành viên Kha", List.of("member")));
    Person member = room.get("Thành viên Lưu");

    try (BrowserContext phoneCtx = Browsers.phone(); BrowserContext otherCtx = Browsers.laptop()) {
      Page live = open(phoneCtx, member, room.path());
      assertThat(stage(live)).hasAttribute("data-connection", "open");
      List<String> bridgeRequests = new ArrayList<>();
      live.onRequest(request -> {
        if (request.url().contains("/eventbus/")) {
          bridgeRequests.add(request.url());
        }
      });

      // Signed out in another tab: the server closes the socket and refuses the bridge from now on.
      Page tab = newPage(phoneCtx);
      tab.navigate("/index.html");
      tab.locator("#sign-out").click();
      tab.waitForURL(Pattern.compile(".*/index\\.html.*"));
      assertThat(tab.locator("#sign-in-form")).isVisible();

      assertThat(live.locator("#live-signed-out")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
      assertThat(live.locator("#live-signed-out")).hasAttribute("role", "alert");
      assertThat(live.locator("#live-signed-out-text")).containsText("Bạn không còn đăng nhập");
      String back = "/index.html?next=" + URLEncoder.encode(room.path(), StandardCharsets.UTF_8);
      assertThat(live.locator("#live-sign-in")).hasAttribute("href", back);
      assertThat(live.locator("#live-sign-in")).hasText("Đăng nhập lại");
      assertThat(live.locator("#live-banner")).isHidden();
      assertThat(live.locator("#live-view")).isHidden();
      assertThat(live.locator("#live-error")).isHidden();
      assertThat(stage(live)).hasAttribute("data-connection", "stopped");
      assertEquals(Boolean.FALSE, live.evaluate("() => window.__bus.eb.reconnectEnabled"));
      // Nothing keeps knocking: no connection attempt during more than the longest backoff.
      int attempts = bridgeRequests.size();
      live.waitForTimeout(6_000);
      assertEquals(attempts, bridgeRequests.size(), "no more connection attempts: " + bridgeRequests);
      Browsers.assertNoHorizontalScroll(live);
      Browsers.screenshot(live, "live-signed-out-phone");

      live.locator("#lang-switch").click();
      assertThat(live.locator("#live-signed-out-text")).containsText("You are no longer signed in");
      assertThat(live.locator("#live-sign-in")).hasText("Sign in again");
      live.locator("#lang-switch").click();
      assertThat(live.locator("#live-sign-in")).hasText("Đăng nhập lại");

      // The link signs in and comes back to the room, following again.
      live.locator("#live-sign-in").click();
      Browsers.signIn(live, member.username(), PASSWORD);
      live.waitForURL(Pattern.compile(".*/live\\.html\\?id=" + room.meetingId() + "$"));
      assertThat(stage(live)).hasAttribute("data-seq", SNAPSHOT_SEQ);
      assertThat(stage(live)).hasAttribute("data-connection", "open");
      assertThat(live.locator("#live-signed-out")).isHidden();

      // A REGISTER refused with 401 (not signed in) means the same.
      Page other = newPage(otherCtx);
      Wire wire = Wire.on(other);
      wire.refuseLiveRegister(401, "unauthorized");
      other.navigate(room.path());
      Browsers.signIn(other, room.get("Thành viên Kha").username(), PASSWORD);
      assertThat(other.locator("#live-signed-out")).isVisible();
      assertThat(other.locator("#live-sign-in")).hasAttribute("href", back);
      assertThat(stage(other)).hasAttribute("data-connection", "stopped");
      assertThat(other.locator("#live-error")).isHidden();
      assertThat(other.locator("#live-banner")).isHidden();
    }
  }

  @Test
  void theChairHandsThePresenterRoleOverAndTheControlsFollowAtOnce() {
    Room room = room("Họp chuyển quyền trình bày", Map.of(
        "Chủ trì Lý", List.of("chair"),
        "Người trình bày Hồ", List.of("presenter"),
        "Kiểm sát viên Dương", List.of("member")));
    Person chair = room.get("Chủ trì Lý");
    Person first = room.get("Người trình bày Hồ");
    Person next = room.get("Kiểm sát viên Dương");
    Deck deck = deck(room, first, 4, false);

    try (BrowserContext chairCtx = Browsers.laptop(); BrowserContext firstCtx = Browsers.laptop();
         BrowserContext nextCtx = Browsers.phone()) {
      Page c = open(chairCtx, chair, room.path());
      Page f = open(firstCtx, first, room.path());
      Page n = open(nextCtx, next, room.path());
      assertThat(f.locator("#live-controls")).isVisible();
      assertThat(c.locator("#live-controls")).isVisible();
      assertThat(n.locator("#live-controls")).isHidden();
      assertThat(f.locator("#live-presence")).isVisible();
      assertThat(n.locator("#live-presence")).isHidden();
      f.locator("#live-show").click();
      assertShows(n, deck, 1);
      assertThat(n.locator("#live-presenter")).containsText(first.name());

      // The chair hands the role over: the controls move at once, without reloading anything.
      HttpResponse<Buffer> handed = api(chair).post("/api/meetings/" + room.meetingId() + "/presenter",
          new JsonObject().put("userId", next.id()));
      assertEquals(200, handed.statusCode(), handed::bodyAsString);
      assertThat(n.locator("#live-controls")).isVisible();
      assertThat(f.locator("#live-controls")).isHidden();
      assertThat(c.locator("#live-controls")).isVisible();
      assertThat(n.locator("#live-presenter")).containsText(next.name());
      assertThat(f.locator("#live-presenter")).containsText(next.name());
      assertThat(n.locator("#live-presence")).isVisible();
      assertThat(f.locator("#live-presence")).isHidden();
      assertThat(f.locator("#live-browse")).isVisible();

      // The new presenter drives from the phone; the old one now follows.
      n.locator("#live-next").tap();
      assertShows(f, deck, 2);
      assertShows(c, deck, 2);
      swipe(n, -120);
      assertShows(f, deck, 3);
      Browsers.assertNoHorizontalScroll(n);
      Browsers.screenshot(n, "live-presenter-phone");

      // The old presenter's keys no longer drive anyone: they browse on their own.
      f.keyboard().press("ArrowRight");
      assertShows(f, deck, 4);
      assertThat(stage(f)).hasAttribute("data-following", "false");
      assertThat(stage(n)).hasAttribute("data-live-page", "3");
      assertShows(c, deck, 3);
    }
  }

  @Test
  void theProjectorShowsTheJoinQrWhenIdleAndThePageWhenPresenting() {
    Room room = room("Họp có máy chiếu", Map.of(
        "Người trình bày Mai", List.of("presenter"),
        "Máy chiếu phòng họp", List.of("observer")));
    Person presenter = room.get("Người trình bày Mai");
    Person screen = room.get("Máy chiếu phòng họp");
    Deck deck = deck(room, presenter, 3, false);

    try (BrowserContext presenterCtx = Browsers.laptop(); BrowserContext projectorCtx = Browsers.laptop()) {
      Page proj = open(projectorCtx, screen, room.path() + "&projector=1");
      assertThat(stage(proj)).hasAttribute("data-state", "idle");
      assertThat(proj.locator("#live-join")).isVisible();
      assertThat(proj.locator("#live-qr")).hasAttribute("src", "/api/meetings/" + room.meetingId() + "/qr.png");
      proj.waitForFunction("() => { const i = document.querySelector('#live-qr'); return i.complete && i.naturalWidth > 0; }");
      assertThat(proj.locator("#live-join-code")).hasText(room.joinCode());
      assertThat(proj.locator("#app-header")).isHidden();
      assertThat(proj.locator("#live-controls")).isHidden();
      assertThat(proj.locator("#live-thumbs")).isHidden();
      Browsers.assertNoHorizontalScroll(proj);
      Browsers.screenshot(proj, "live-projector-idle");

      Page p = open(presenterCtx, presenter, room.path());
      assertThat(p.locator("[data-testid=presence-" + screen.id() + "]")).hasAttribute("data-device", "projector");
      p.locator("#live-show").click();
      assertShows(proj, deck, 1);
      assertThat(proj.locator("#live-join")).isHidden();
      assertLoaded(proj, 1);
      String chosen = (String) proj.evaluate("() => document.querySelector('#live-page').currentSrc");
      assertTrue(chosen.endsWith("/1024.jpg") || chosen.endsWith("/1920.jpg"), "the projector takes a wide image: " + chosen);
      p.keyboard().press("ArrowRight");
      assertShows(proj, deck, 2);
      assertThat(proj.locator("#live-controls")).isHidden();
      assertThat(proj.locator("#live-chip")).isHidden();
      Browsers.screenshot(proj, "live-projector-page");

      p.keyboard().press("b");
      assertThat(proj.locator("#live-blank")).isVisible();
      assertThat(proj.locator("#live-blank-text")).isHidden();
      p.keyboard().press("b");
      assertShows(proj, deck, 2);

      p.locator("#live-stop").click();
      assertThat(stage(proj)).hasAttribute("data-state", "idle");
      assertThat(proj.locator("#live-qr")).isVisible();
      assertThat(proj.locator("#live-page")).not().hasAttribute("src", Pattern.compile(".+"));
    }
  }
}
