package org.paperlessroom.document.render;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessStreamCache;
import org.apache.pdfbox.multipdf.PDFMergerUtility;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PageMode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.viewerpreferences.PDViewerPreferences;
import org.apache.pdfbox.util.Matrix;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The meeting pack: one PDF with a generated cover (the letterhead lines, a heading and the agenda)
 * followed by every page of every document of every agenda item, with one bookmark per item. It
 * copies pages out of uploaded, possibly hostile PDFs, so it runs inside a render worker (op
 * {@code pack}); it is plain blocking PDFBox.
 *
 * <p>Spec (JSON): {@code out} (absolute path of the result), {@code title} (document title),
 * {@code cover}: {@code lines} [{text, size = 12, bold = false, align = "center" | "left"}],
 * {@code heading}, {@code agenda} [{text, notes: [text]}]; {@code items} [{bookmark, files: [path]}];
 * optional {@code maxPages} (the whole pack, default {@value #DEFAULT_MAX_PAGES}).
 *
 * <p>Pages are copied with {@link PDFMergerUtility#appendDocument}, which deep-copies each page with
 * its inherited resources, annotations and rotation, so each source is closed as soon as it is
 * appended. What the merge brings along at the document level and that does not belong in a pack
 * (the sources' bookmarks, page labels, XMP metadata, open actions, document JavaScript, embedded
 * files) is dropped. The result is written next to {@code out} and moved into place only when
 * complete.
 */
public final class MeetingPackBuilder {
  static final int DEFAULT_MAX_PAGES = 10_000;
  /** Beyond this, parsed objects of a source go to temporary files (in the worker's private tmp). */
  private static final long MEMORY_PER_DOCUMENT = 16L * 1024 * 1024;

  private MeetingPackBuilder() {
  }

  /** A source that could not be read or copied: says which item and file (0-based), and why. */
  public static final class SourceException extends IOException {
    private final String code;
    private final int item;
    private final int file;

    SourceException(String code, int item, int file, String message, Throwable cause) {
      super(message, cause);
      this.code = code;
      this.item = item;
      this.file = file;
    }

    /** {@code broken}, {@code encrypted} or {@code too_many_pages}, like the worker's other errors. */
    public String code() {
      return code;
    }

    public int item() {
      return item;
    }

    public int file() {
      return file;
    }
  }

  /** Writes the pack described by {@code spec} to its {@code out}; returns the number of pages. */
  public static int build(JsonObject spec) throws IOException {
    String outName = spec.getString("out");
    if (outName == null || outName.isBlank()) {
      throw new IllegalArgumentException("the pack spec has no \"out\"");
    }
    Path out = Path.of(outName).toAbsolutePath();
    JsonArray items = spec.getJsonArray("items", new JsonArray());
    int maxPages = spec.getInteger("maxPages", DEFAULT_MAX_PAGES);
    Files.createDirectories(out.getParent());
    Path tmp = Files.createTempFile(out.getParent(), out.getFileName() + ".", ".tmp");
    try {
      int pages;
      try (PDDocument pack = new PDDocument(streamCache())) {
        new Cover(pack).draw(spec.getJsonObject("cover", new JsonObject()));
        List<PDPage> targets = appendItems(pack, items, maxPages);
        finish(pack, spec.getString("title"), items, targets);
        pack.save(tmp.toFile());
        pages = pack.getNumberOfPages();
      }
      try {
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      }
      return pages;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static RandomAccessStreamCache.StreamCacheCreateFunction streamCache() {
    return MemoryUsageSetting.setupMixed(MEMORY_PER_DOCUMENT).streamCache;
  }

  /** Appends every file of every item; returns, per item, the page its bookmark points at. */
  private static List<PDPage> appendItems(PDDocument pack, JsonArray items, int maxPages) throws IOException {
    PDFMergerUtility merger = new PDFMergerUtility();
    List<PDPage> targets = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      int firstPage = pack.getNumberOfPages();
      JsonArray files = items.getJsonObject(i).getJsonArray("files", new JsonArray());
      for (int f = 0; f < files.size(); f++) {
        Path file = Path.of(files.getString(f));
        String where = "Item " + (i + 1) + ", file " + (f + 1) + " (" + file.getFileName() + ")";
        try (PDDocument source = Loader.loadPDF(file.toFile(), "", streamCache())) {
          int pages = PageTree.pages(source, maxPages - pack.getNumberOfPages()).size();
          if (pages == 0) {
            throw new SourceException("broken", i, f, where + ": the PDF has no pages.", null);
          }
          merger.appendDocument(pack, source);
        } catch (SourceException e) {
          throw e;
        } catch (InvalidPasswordException e) {
          throw new SourceException("encrypted", i, f, where + ": the PDF is protected with a password.", e);
        } catch (PageTree.TooManyPages e) {
          throw new SourceException("too_many_pages", i, f,
              where + ": the pack would have more than " + maxPages + " pages.", e);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
          throw new SourceException("broken", i, f, where + ": the file is missing.", e);
        } catch (IOException | RuntimeException | StackOverflowError e) {
          throw new SourceException("broken", i, f, where + ": the PDF cannot be read (" + reason(e) + ").", e);
        }
      }
      targets.add(pack.getNumberOfPages() > firstPage ? pack.getPage(firstPage) : pack.getPage(0));
    }
    return targets;
  }

  /** Our own outline, document information and catalog; what the merge brought along is dropped. */
  private static void finish(PDDocument pack, String title, JsonArray items, List<PDPage> targets) {
    PDDocumentCatalog catalog = pack.getDocumentCatalog();
    COSDictionary cos = catalog.getCOSObject();
    for (COSName key : List.of(COSName.OPEN_ACTION, COSName.AA, COSName.PAGE_LABELS, COSName.METADATA)) {
      cos.removeItem(key);
    }
    COSDictionary names = cos.getCOSDictionary(COSName.NAMES);
    if (names != null) {
      names.removeItem(COSName.JAVA_SCRIPT);
      names.removeItem(COSName.EMBEDDED_FILES);
    }

    PDDocumentOutline outline = new PDDocumentOutline();
    for (int i = 0; i < targets.size(); i++) {
      PDOutlineItem bookmark = new PDOutlineItem();
      String text = Text.clean(items.getJsonObject(i).getString("bookmark"));
      bookmark.setTitle(text.isEmpty() ? Integer.toString(i + 1) : text);
      PDPageFitDestination destination = new PDPageFitDestination();
      destination.setPage(targets.get(i));
      bookmark.setDestination(destination);
      outline.addLast(bookmark);
    }
    outline.openNode();
    catalog.setDocumentOutline(targets.isEmpty() ? null : outline);
    catalog.setPageMode(targets.isEmpty() ? PageMode.USE_NONE : PageMode.USE_OUTLINES);

    PDDocumentInformation info = new PDDocumentInformation();
    String cleanTitle = Text.clean(title);
    if (!cleanTitle.isEmpty()) {
      info.setTitle(cleanTitle);
    }
    info.setProducer("Paperless Room");
    info.setCreationDate(java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")));
    pack.setDocumentInformation(info);
    PDViewerPreferences preferences = catalog.getViewerPreferences();
    if (preferences == null) {
      preferences = new PDViewerPreferences(new COSDictionary());
      catalog.setViewerPreferences(preferences);
    }
    preferences.setDisplayDocTitle(true);
  }

  private static String reason(Throwable e) {
    if (e instanceof StackOverflowError) {
      return "its structure is nested too deeply";
    }
    String m = e.getMessage();
    String reason = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    return reason.length() > 200 ? reason.substring(0, 200) : reason;
  }

  /** Text as drawn: NFC, without control or format characters, single-spaced. */
  static final class Text {
    private Text() {
    }

    static String clean(String s) {
      if (s == null) {
        return "";
      }
      String nfc = Normalizer.normalize(s, Normalizer.Form.NFC);
      StringBuilder b = new StringBuilder(nfc.length());
      nfc.codePoints().forEach(cp -> {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
          if (b.length() > 0 && b.charAt(b.length() - 1) != ' ') {
            b.append(' ');
          }
        } else if (!Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT
            && Character.getType(cp) != Character.UNASSIGNED && Character.getType(cp) != Character.SURROGATE) {
          b.appendCodePoint(cp);
        }
      });
      return b.toString().strip();
    }
  }

  /**
   * The generated A4 cover pages, drawn with embedded DejaVu Sans (Vietnamese included). Characters
   * the font has no glyph for are drawn as "?".
   */
  private static final class Cover {
    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN = 56.7f; // 2 cm
    private static final float WIDTH = PAGE.getWidth() - 2 * MARGIN;
    private static final float LEADING = 1.3f;
    private static final float AGENDA_SIZE = 12f;
    private static final float NOTE_SIZE = 10f;
    private static final float HEADING_SIZE = 16f;
    /** "1.", "12)", "a.", "II." followed by a space: continuation lines line up after it. */
    private static final Pattern NUMBERING = Pattern.compile("^(\\S{1,5}[.)]) ");

    private final PDDocument document;
    private final PDType0Font regular;
    private final PDType0Font bold;
    private final Map<PDType0Font, Map<Integer, Boolean>> glyphs = new HashMap<>();
    private PDPageContentStream content;
    private float y;

    Cover(PDDocument document) throws IOException {
      this.document = document;
      this.regular = font(document, "/fonts/DejaVuSans.ttf");
      this.bold = font(document, "/fonts/DejaVuSans-Bold.ttf");
    }

    private static PDType0Font font(PDDocument document, String resource) throws IOException {
      try (var in = MeetingPackBuilder.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("The bundled font " + resource + " is missing");
        }
        return PDType0Font.load(document, in);
      }
    }

    void draw(JsonObject cover) throws IOException {
      newPage();
      try {
        for (Object o : cover.getJsonArray("lines", new JsonArray())) {
          if (o instanceof JsonObject line) {
            float size = Math.max(6f, Math.min(28f, line.getNumber("size", 12).floatValue()));
            PDType0Font font = line.getBoolean("bold", false) ? bold : regular;
            boolean center = !"left".equals(line.getString("align", "center"));
            for (String part : wrap(line.getString("text"), font, size, WIDTH)) {
              show(part, font, size, center ? MARGIN + (WIDTH - width(part, font, size)) / 2 : MARGIN, false);
            }
          }
        }
        String heading = Text.clean(cover.getString("heading"));
        if (!heading.isEmpty()) {
          y -= HEADING_SIZE;
          for (String part : wrap(heading, bold, HEADING_SIZE, WIDTH)) {
            show(part, bold, HEADING_SIZE, MARGIN + (WIDTH - width(part, bold, HEADING_SIZE)) / 2, false);
          }
          y -= HEADING_SIZE * 0.6f;
        }
        for (Object o : cover.getJsonArray("agenda", new JsonArray())) {
          if (o instanceof JsonObject entry) {
            agendaEntry(entry);
          }
        }
      } finally {
        content.close();
      }
    }

    /**
     * One agenda entry: a hanging indent after its numbering, its notes smaller and slanted below;
     * kept on one page when it fits on one.
     */
    private void agendaEntry(JsonObject entry) throws IOException {
      String text = Text.clean(entry.getString("text"));
      Matcher numbering = NUMBERING.matcher(text);
      float indent = numbering.find() ? width(numbering.group(1) + " ", regular, AGENDA_SIZE) : 18f;
      indent = Math.min(indent, WIDTH / 3);
      List<String> lines = wrap(text, regular, AGENDA_SIZE, WIDTH);
      List<String> rest = lines.size() <= 1 ? List.of()
          : wrap(String.join(" ", lines.subList(1, lines.size())), regular, AGENDA_SIZE, WIDTH - indent);
      List<String> notes = new ArrayList<>();
      for (Object note : entry.getJsonArray("notes", new JsonArray())) {
        notes.addAll(wrap(note instanceof String s ? s : null, regular, NOTE_SIZE, WIDTH - indent - 4));
      }
      float gap = AGENDA_SIZE * 0.5f;
      float height = gap + (Math.min(1, lines.size()) + rest.size()) * AGENDA_SIZE * LEADING
          + notes.size() * NOTE_SIZE * LEADING;
      if (y - height < MARGIN && height <= PAGE.getHeight() - 2 * MARGIN) {
        newPage();
      } else {
        y -= gap;
      }
      if (!lines.isEmpty()) {
        show(lines.get(0), regular, AGENDA_SIZE, MARGIN, false);
      }
      for (String part : rest) {
        show(part, regular, AGENDA_SIZE, MARGIN + indent, false);
      }
      for (String part : notes) {
        show(part, regular, NOTE_SIZE, MARGIN + indent, true);
      }
    }

    private void newPage() throws IOException {
      if (content != null) {
        content.close();
      }
      PDPage page = new PDPage(PAGE);
      document.addPage(page);
      content = new PDPageContentStream(document, page);
      y = PAGE.getHeight() - MARGIN;
    }

    /** One line of text at the next baseline, on a new page if this one is full. */
    private void show(String text, PDType0Font font, float size, float x, boolean note) throws IOException {
      float lineHeight = size * LEADING;
      if (y - lineHeight < MARGIN) {
        newPage();
      }
      y -= lineHeight;
      content.beginText();
      content.setFont(font, size);
      if (note) {
        content.setNonStrokingColor(0.3f);
        content.setTextMatrix(new Matrix(1, 0, 0.2f, 1, x, y)); // slanted: DejaVu Sans Oblique is not bundled
      } else {
        content.setNonStrokingColor(0f);
        content.setTextMatrix(Matrix.getTranslateInstance(x, y));
      }
      content.showText(text);
      content.endText();
    }

    /** Greedy word wrap; a word wider than the line is broken between characters. */
    private List<String> wrap(String raw, PDType0Font font, float size, float maxWidth) throws IOException {
      String text = drawable(Text.clean(raw), font);
      List<String> lines = new ArrayList<>();
      StringBuilder line = new StringBuilder();
      for (String word : text.isEmpty() ? new String[0] : text.split(" ")) {
        String candidate = line.length() == 0 ? word : line + " " + word;
        if (width(candidate, font, size) <= maxWidth) {
          line.setLength(0);
          line.append(candidate);
          continue;
        }
        if (line.length() > 0) {
          lines.add(line.toString());
          line.setLength(0);
        }
        for (int cp : word.codePoints().toArray()) {
          String next = line.toString() + Character.toString(cp);
          if (line.length() > 0 && width(next, font, size) > maxWidth) {
            lines.add(line.toString());
            line.setLength(0);
          }
          line.appendCodePoint(cp);
        }
      }
      if (line.length() > 0) {
        lines.add(line.toString());
      }
      return lines;
    }

    /** The text with every character the font cannot draw replaced by "?". */
    private String drawable(String text, PDType0Font font) {
      Map<Integer, Boolean> known = glyphs.computeIfAbsent(font, f -> new HashMap<>());
      StringBuilder b = new StringBuilder(text.length());
      text.codePoints().forEach(cp -> {
        boolean has = known.computeIfAbsent(cp, c -> {
          try {
            font.encode(Character.toString(c));
            return true;
          } catch (IllegalArgumentException | IOException e) {
            return false;
          }
        });
        b.appendCodePoint(has ? cp : '?');
      });
      return b.toString();
    }

    private static float width(String text, PDType0Font font, float size) throws IOException {
      return font.getStringWidth(text) / 1000f * size;
    }
  }
}
