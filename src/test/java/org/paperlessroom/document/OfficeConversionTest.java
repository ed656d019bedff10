package org.paperlessroom.document;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlessroom.Application;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.RawPdf;
import org.paperlessroom.support.TestApp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Office files go through LibreOffice's command line. LibreOffice itself is not installed for the
 * tests, so a stand-in {@code soffice} script answers as it does (a PDF in --outdir), or hangs.
 */
class OfficeConversionTest {
  private static Application app;
  private static Api chair;
  private static long meetingId;
  private static Path marker;

  @BeforeAll
  static void start() throws Exception {
    Path dir = TestApp.tempDir("fake-soffice-");
    Path sample = dir.resolve("sample.pdf");
    Files.write(sample, RawPdf.onePage("0 0 842 595", "0 0.5 0 rg 100 100 400 300 re f"));
    marker = dir.resolve("still-running");
    Path script = dir.resolve("soffice");
    Files.writeString(script, """
        #!/bin/sh
        # Stand-in for LibreOffice: soffice --headless ... --convert-to pdf --outdir DIR INPUT
        for a in "$@"; do last="$a"; done
        while [ $# -gt 0 ]; do [ "$1" = "--outdir" ] && outdir="$2"; shift; done
        case "$last" in
          *.odt) touch %s; sleep 60; rm -f %s ;;
          *) name=$(basename "$last"); cp %s "$outdir/${name%%.*}.pdf" ;;
        esac
        """.formatted(marker, marker, sample));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    app = TestApp.start(TestApp.tempDir("paperless-office-"), Map.of(
        "PAPERLESS_SOFFICE", script.toString(), "PAPERLESS_OFFICE_TIMEOUT_SECONDS", "3"));
    chair = new Api(app.port()).signIn("admin", TestApp.ADMIN_PASSWORD);
    meetingId = chair.post("/api/meetings", new JsonObject().put("title", "Office").put("startsAt", "2026-12-01T01:00:00Z"))
        .bodyAsJsonObject().getJsonObject("meeting").getLong("id");
  }

  @AfterAll
  static void stop() {
    app.stop().await();
  }

  private static byte[] zipLike() {
    return new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
  }

  @Test
  void officeFilesAreConvertedToPdfAndRendered() {
    JsonObject doc = DocumentApiTest.uploaded(chair.upload(meetingId, "trình chiếu.pptx", zipLike(), false));
    assertEquals("office", doc.getString("kind"));
    assertEquals(1, doc.getInteger("pageCount"));
    assertEquals("ready", chair.awaitRendered(doc.getLong("id"), Duration.ofSeconds(60)).getString("status"));
  }

  @Test
  void aConversionThatHangsIsKilledAndRefused() throws Exception {
    long t0 = System.nanoTime();
    DocumentApiTest.assertRefused(chair.upload(meetingId, "stuck.odt", zipLike(), false), 422, "conversion_timeout",
        "took longer than 3 s");
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000, "answered within 10 s");
    Thread.sleep(300);
    assertTrue(!Files.exists(marker) || ProcessHandle.allProcesses().noneMatch(p ->
        p.info().commandLine().orElse("").contains("sleep 60")), "the stuck converter was killed");
  }
}
