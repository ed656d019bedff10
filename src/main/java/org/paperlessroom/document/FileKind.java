package org.paperlessroom.document;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** What an uploaded file really is, judged by its first bytes, and whether its name agrees. */
public enum FileKind {
  PDF, IMAGE, OFFICE;

  static final Set<String> OFFICE_EXTENSIONS = Set.of("pptx", "ppt", "odp", "docx", "doc", "odt", "xlsx");

  /** What the content looks like, in words for an error message. */
  enum Sniffed {
    PDF("a PDF"), JPEG("a JPEG image"), PNG("a PNG image"), ZIP("a ZIP archive"), OLE("an old Office file"),
    HTML("a web page (HTML)"), EMPTY("empty"), OTHER("of an unknown kind");

    final String words;

    Sniffed(String words) {
      this.words = words;
    }
  }

  static Sniffed sniff(Path file) throws IOException {
    byte[] head = new byte[1024];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n == 0) {
      return Sniffed.EMPTY;
    }
    String ascii = new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    if (ascii.contains("%PDF-")) {
      return Sniffed.PDF;
    }
    if (n >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF) {
      return Sniffed.JPEG;
    }
    if (n >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
      return Sniffed.PNG;
    }
    if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
      return Sniffed.ZIP;
    }
    if (n >= 8 && (head[0] & 0xff) == 0xD0 && (head[1] & 0xff) == 0xCF && (head[2] & 0xff) == 0x11 && (head[3] & 0xff) == 0xE0) {
      return Sniffed.OLE;
    }
    String lower = ascii.strip().toLowerCase(Locale.ROOT);
    if (lower.startsWith("<!doctype html") || lower.startsWith("<html") || lower.contains("<body")) {
      return Sniffed.HTML;
    }
    return Sniffed.OTHER;
  }

  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
