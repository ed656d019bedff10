package org.paperlessroom.document;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDPageLabelRange;
import org.apache.pdfbox.pdmodel.common.PDPageLabels;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperlessroom.document.render.MeetingPackBuilder;
import org.paperlessroom.document.render.RenderPool;
import org.paperlessroom.document.render.RenderSettings;
import org.paperlessroom.support.TestPdfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meeting pack: cover, pages in agenda order, one bookmark per item, and failure without a half file. */
class MeetingPackBuilderTest {
  private static final String AN_NFD = Normalizer.normalize("Nguyễn Văn An", Normalizer.Form.NFD);

  @TempDir
  Path tmp;

  @Test
  void coverThenItemsInOrderWithOneBookmarkPerItem() throws Exception {
    Path a = write("a.pdf", TestPdfs.slides(2, "tag-A"));
    Path b = write("b.pdf", TestPdfs.slides(3, "tag-B"));
    Path c = write("c.pdf", TestPdfs.slides(1, "tag-C"));
    assertFalse(AN_NFD.equals("Nguyễn Văn An"), "the test feeds decomposed text");
    Path out = tmp.resolve("out/pack.pdf");
    JsonObject spec = spec(out, agenda(3), new JsonArray()
        .add(item("1. Báo cáo công tác tháng 3", a, b))
        .add(item("2. Thảo luận", new Path[0]))
        .add(item("3. Kết luận", c)));

    int pages = MeetingPackBuilder.build(spec);

    try (PDDocument pack = Loader.loadPDF(out.toFile())) {
      assertEquals(pages, pack.getNumberOfPages());
      int cover = pages - 6;
      assertEquals(1, cover, "a short agenda fits on one cover page");
      List<String> expected = List.of("Slide 1 tag-A", "Slide 2 tag-A", "Slide 1 tag-B", "Slide 2 tag-B",
          "Slide 3 tag-B", "Slide 1 tag-C");
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i), text(pack, cover + i).replaceAll("\\s+", " ").strip(), "page " + (cover + i));
      }
      assertEquals(800f, pack.getPage(cover).getMediaBox().getWidth(), 0.01f, "the slides keep their size");

      String coverText = text(pack, 0);
      for (String s : List.of("VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC 1", "CHƯƠNG TRÌNH HỌP", "Nguyễn Văn An",
          "Tài liệu mật „Hồ sơ vụ án” không có trong tập này.", "Độc lập - Tự do - Hạnh phúc")) {
        assertTrue(coverText.contains(s), "cover has " + s + ":\n" + coverText);
      }
      assertTrue(Normalizer.isNormalized(coverText, Normalizer.Form.NFC), "decomposed input is drawn composed");
      assertFalse(coverText.contains("\u0007"), "control characters are dropped");

      List<PDOutlineItem> bookmarks = new ArrayList<>();
      pack.getDocumentCatalog().getDocumentOutline().children().forEach(bookmarks::add);
      assertEquals(List.of("1. Báo cáo công tác tháng 3", "2. Thảo luận", "3. Kết luận"),
          bookmarks.stream().map(PDOutlineItem::getTitle).toList());
      assertEquals(List.of(cover, 0, pages - 1), bookmarks.stream().map(bm -> pageIndex(pack, bm)).toList());
      bookmarks.forEach(bm -> assertFalse(bm.hasChildren(), "top-level bookmarks only"));
      assertEquals("Chương trình họp tháng 3", pack.getDocumentInformation().getTitle());
    }
    try (var files = Files.list(out.getParent())) {
      assertEquals(List.of(out), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void aLongAgendaFlowsOntoMoreCoverPages() throws Exception {
    Path a = write("a.pdf", TestPdfs.slides(1, "tag-A"));
    Path out = tmp.resolve("long.pdf");
    int pages = MeetingPackBuilder.build(spec(out, agenda(60), new JsonArray().add(item("Một", a))));

    try (PDDocument pack = Loader.loadPDF(out.toFile())) {
      int cover = pages - 1;
      assertTrue(cover >= 2, "60 entries need more than one cover page, got " + cover);
      assertTrue(text(pack, 0).contains("1. Báo cáo"));
      String last = text(pack, cover - 1);
      assertTrue(last.contains("60. Báo cáo công tác tháng 60"), last);
      String all = IntStream.range(0, cover).mapToObj(i -> text(pack, i)).reduce("", String::concat);
      for (int n = 1; n <= 60; n++) {
        assertTrue(all.contains(n + ". Báo cáo công tác tháng " + n + " "), "entry " + n);
      }
      assertEquals("Slide 1 tag-A", text(pack, pages - 1).replaceAll("\\s+", " ").strip());
      PDOutlineItem only = pack.getDocumentCatalog().getDocumentOutline().getFirstChild();
      assertEquals(cover, pageIndex(pack, only));
    }
  }

  @Test
  void aBrokenSourceFailsNamingItsPlaceAndLeavesNoFile() throws Exception {
    Path good = write("good.pdf", TestPdfs.slides(2, "tag-G"));
    byte[] bytes = TestPdfs.slides(2, "tag-X");
    Path broken = write("broken.pdf", java.util.Arrays.copyOf(bytes, 40));
    Path out = tmp.resolve("out/pack.pdf");
    JsonObject spec = spec(out, agenda(2), new JsonArray()
        .add(item("Một", good)).add(item("Hai", good, broken)));

    MeetingPackBuilder.SourceException e = assertThrows(MeetingPackBuilder.SourceException.class,
        () -> MeetingPackBuilder.build(spec));
    assertEquals(1, e.item());
    assertEquals(1, e.file());
    assertEquals("broken", e.code());
    assertTrue(e.getMessage().startsWith("Item 2, file 2 (broken.pdf)"), e.getMessage());
    assertFalse(Files.exists(out));
    try (var files = Files.list(out.getParent())) {
      assertEquals(0, files.count(), "no temporary file is left behind");
    }

    Path missing = tmp.resolve("gone.pdf");
    MeetingPackBuilder.SourceException gone = assertThrows(MeetingPackBuilder.SourceException.class,
        () -> MeetingPackBuilder.build(spec(out, agenda(1), new JsonArray().add(item("Một", missing)))));
    assertEquals(0, gone.item());
    assertFalse(Files.exists(out));
  }

  /** What a source brings besides its pages stays out: bookmarks, page labels, open action, JavaScript. */
  @Test
  void sourcesKeepRotationButNotTheirDocumentExtras() throws Exception {
    Path extras = write("extras.pdf", withExtras(TestPdfs.slides(2, "tag-R")));
    Path plain = write("plain.pdf", TestPdfs.slides(1, "tag-P"));
    Path out = tmp.resolve("extras-pack.pdf");
    int pages = MeetingPackBuilder.build(spec(out, agenda(2), new JsonArray()
        .add(item("Một", extras)).add(item("Hai", plain))));

    try (PDDocument pack = Loader.loadPDF(out.toFile())) {
      int cover = pages - 3;
      assertEquals(90, pack.getPage(cover).getRotation());
      assertEquals(0, pack.getPage(cover + 1).getRotation());
      // (the text stripper spaces out the letters of a turned page)
      assertEquals("Slide1tag-R", text(pack, cover).replaceAll("\\s+", ""));
      List<String> titles = new ArrayList<>();
      pack.getDocumentCatalog().getDocumentOutline().children().forEach(bm -> titles.add(bm.getTitle()));
      assertEquals(List.of("Một", "Hai"), titles);
      var catalog = pack.getDocumentCatalog().getCOSObject();
      assertFalse(catalog.containsKey(COSName.OPEN_ACTION));
      assertFalse(catalog.containsKey(COSName.PAGE_LABELS));
      assertEquals(null, pack.getDocumentInformation().getAuthor(), "the sources' document information is not kept");
    }
  }

  @Test
  void passwordsAreReportedAndOwnerOnlyProtectionIsRead() throws Exception {
    Path locked = write("locked.pdf", protect(TestPdfs.slides(1, "tag-L"), "user"));
    Path ownerOnly = write("owner-only.pdf", protect(TestPdfs.slides(1, "tag-O"), ""));
    Path out = tmp.resolve("locked-pack.pdf");
    MeetingPackBuilder.SourceException e = assertThrows(MeetingPackBuilder.SourceException.class,
        () -> MeetingPackBuilder.build(spec(out, agenda(1), new JsonArray().add(item("Một", locked)))));
    assertEquals("encrypted", e.code());
    assertFalse(Files.exists(out));

    int pages = MeetingPackBuilder.build(spec(out, agenda(1), new JsonArray().add(item("Một", ownerOnly))));
    try (PDDocument pack = Loader.loadPDF(out.toFile())) {
      assertEquals("Slide 1 tag-O", text(pack, pages - 1).replaceAll("\\s+", " ").strip());
    }
  }

  /** Through a real worker process; a render of another file after the pack still finds its document. */
  @Test
  void packInARenderWorker() throws Exception {
    Path a = write("a.pdf", TestPdfs.slides(2, "tag-A"));
    Path b = write("b.pdf", TestPdfs.slides(1, "tag-B"));
    Vertx vertx = Vertx.vertx();
    RenderSettings settings = new RenderSettings(1, 256, tmp.resolve("workers"), 2000, 4_000_000L,
        Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(1));
    try (RenderPool pool = new RenderPool(vertx, settings)) {
      RenderPool.Outcome first = pool.render(a, 0, tmp.resolve("img-a"), List.of(200)).await();
      assertTrue(first.ok(), String.valueOf(first));

      Path out = tmp.resolve("packs/pack.pdf");
      RenderPool.Outcome packed = pool.pack(spec(out, agenda(2), new JsonArray()
          .add(item("Một", a)).add(item("Hai", b))), Duration.ofMinutes(1)).await();
      assertTrue(packed.ok(), String.valueOf(packed));
      assertEquals(4, packed.answer().getInteger("pages"));
      try (PDDocument pack = Loader.loadPDF(out.toFile())) {
        assertEquals(4, pack.getNumberOfPages());
      }

      RenderPool.Outcome again = pool.render(a, 1, tmp.resolve("img-a"), List.of(200)).await();
      assertTrue(again.ok(), String.valueOf(again));
      assertTrue(again.answer().getString("text").contains("Slide 2"));
      RenderPool.Outcome other = pool.render(b, 0, tmp.resolve("img-b"), List.of(200)).await();
      assertTrue(other.ok(), String.valueOf(other));
      assertTrue(other.answer().getString("text").contains("tag-B"));

      Path broken = write("broken.pdf", "%PDF-1.7\nnot really".getBytes());
      RenderPool.Outcome failed = pool.pack(spec(tmp.resolve("packs/bad.pdf"), agenda(1), new JsonArray()
          .add(item("Một", a, broken))), Duration.ofMinutes(1)).await();
      assertFalse(failed.ok());
      assertEquals("broken", failed.answer().getString("code"));
      assertEquals(0, failed.answer().getInteger("item"));
      assertEquals(1, failed.answer().getInteger("file"));
      assertFalse(Files.exists(tmp.resolve("packs/bad.pdf")));
    } finally {
      vertx.close().await();
    }
  }

  private JsonObject spec(Path out, JsonArray agenda, JsonArray items) {
    return new JsonObject()
        .put("out", out.toString())
        .put("title", "Chương trình họp tháng 3")
        .put("cover", new JsonObject()
            .put("lines", new JsonArray()
                .add(new JsonObject().put("text", "VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC 1").put("size", 12))
                .add(new JsonObject().put("text", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").put("bold", true))
                .add(new JsonObject().put("text", "Độc lập - Tự do - Hạnh phúc\u0007").put("bold", true))
                .add(new JsonObject().put("text", "Hà Nội, ngày 10 tháng 3 năm 2026").put("align", "left")))
            .put("heading", "CHƯƠNG TRÌNH HỌP")
            .put("agenda", agenda))
        .put("items", items);
  }

  private static JsonArray agenda(int entries) {
    JsonArray agenda = new JsonArray();
    for (int n = 1; n <= entries; n++) {
      JsonObject entry = new JsonObject().put("text", n + ". Báo cáo công tác tháng " + n + " — " + AN_NFD
          + " (15 phút), kèm theo phần thảo luận dài để dòng phải xuống hàng với thụt lề treo");
      if (n == 1) {
        entry.put("notes", new JsonArray().add("Tài liệu mật „Hồ sơ vụ án” không có trong tập này."));
      }
      agenda.add(entry);
    }
    return agenda;
  }

  private static JsonObject item(String bookmark, Path... files) {
    JsonArray paths = new JsonArray();
    for (Path f : files) {
      paths.add(f.toString());
    }
    return new JsonObject().put("bookmark", bookmark).put("files", paths);
  }

  /** The slides, the first page turned, with two bookmarks, roman page labels and an open action. */
  private static byte[] withExtras(byte[] pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      doc.getPage(0).setRotation(90);
      PDDocumentOutline outline = new PDDocumentOutline();
      for (int i = 0; i < doc.getNumberOfPages(); i++) {
        PDOutlineItem bookmark = new PDOutlineItem();
        bookmark.setTitle("source bookmark " + i);
        bookmark.setDestination(doc.getPage(i));
        outline.addLast(bookmark);
      }
      doc.getDocumentCatalog().setDocumentOutline(outline);
      PDPageLabels labels = new PDPageLabels(doc);
      PDPageLabelRange roman = new PDPageLabelRange();
      roman.setStyle(PDPageLabelRange.STYLE_ROMAN_LOWER);
      labels.setLabelItem(0, roman);
      doc.getDocumentCatalog().setPageLabels(labels);
      doc.getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert('hi')"));
      doc.getDocumentInformation().setAuthor("someone else");
      doc.save(out);
      return out.toByteArray();
    }
  }

  private static byte[] protect(byte[] pdf, String userPassword) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", userPassword,
          new AccessPermission());
      policy.setEncryptionKeyLength(128);
      doc.protect(policy);
      doc.save(out);
      return out.toByteArray();
    }
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(tmp.resolve(name), bytes);
  }

  private static String text(PDDocument pdf, int pageIndex) {
    try {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setStartPage(pageIndex + 1);
      stripper.setEndPage(pageIndex + 1);
      return stripper.getText(pdf);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int pageIndex(PDDocument pdf, PDOutlineItem bookmark) {
    try {
      PDPageDestination destination = (PDPageDestination) bookmark.getDestination();
      return destination.retrievePageNumber();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
