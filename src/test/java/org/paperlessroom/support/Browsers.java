package org.paperlessroom.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One Playwright and one headless Debian Chromium per test JVM; each user in a test is a new
 * browser context (a phone or a laptop). Without Chromium the browser tests are skipped locally and
 * fail under CI=true.
 */
public final class Browsers {
  private static final Path CHROMIUM = Path.of(System.getProperty("paperless.chromium", "/usr/bin/chromium"));
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static Playwright playwright;
  private static Browser browser;

  private Browsers() {
  }

  public static synchronized Browser browser() {
    if (browser == null) {
      if (!Files.isExecutable(CHROMIUM)) {
        String message = "Chromium is not installed at " + CHROMIUM + " (apt-get install chromium)";
        if ("true".equals(System.getenv("CI"))) {
          Assertions.fail(message);
        }
        Assumptions.abort(message);
      }
      playwright = Playwright.create(new Playwright.CreateOptions()
          .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
      browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(CHROMIUM)
          .setHeadless(true)
          .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
              "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync")));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        browser.close();
        playwright.close();
      }));
    }
    return browser;
  }

  /** A phone: 390×844, touch, device scale 3. */
  public static BrowserContext phone() {
    return phone(TestApp.baseUrl());
  }

  /** A phone on another server (a node of a cluster, or the load balancer in front of them). */
  public static BrowserContext phone(String baseUrl) {
    return browser().newContext(new Browser.NewContextOptions()
        .setViewportSize(390, 844).setDeviceScaleFactor(3).setIsMobile(true).setHasTouch(true)
        .setLocale("vi-VN").setBaseURL(baseUrl));
  }

  /** A laptop: 1366×768. */
  public static BrowserContext laptop() {
    return browser().newContext(new Browser.NewContextOptions()
        .setViewportSize(1366, 768).setLocale("vi-VN").setBaseURL(TestApp.baseUrl()));
  }

  /** Fills in the sign-in form (on the front door or the join page) and submits it. */
  public static void signIn(Page page, String username, String password) {
    page.locator("#username").fill(username);
    page.locator("#password").fill(password);
    page.locator("#sign-in-button").click();
  }

  public static void screenshot(Page page, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  /** Fails the test when the page scrolls sideways (mobile first: no horizontal scrolling). */
  public static void assertNoHorizontalScroll(Page page) {
    Object overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
    Assertions.assertTrue(((Number) overflow).intValue() <= 0, "page scrolls sideways by " + overflow + " px");
  }
}
