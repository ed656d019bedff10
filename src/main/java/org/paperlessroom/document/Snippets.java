package org.paperlessroom.document;

/** A short piece of page text around a search match, cut at word boundaries. */
final class Snippets {
  private static final int CONTEXT = 60;

  private Snippets() {
  }

  /**
   * {@code folded} is {@code text} folded character by character (Vietnamese in NFC folds one
   * character to one), so an index into it is an index into the text.
   */
  static String around(String text, String folded, String foldedQuery) {
    // Folding keeps one character per character for Vietnamese; for other scripts it may not, so clamp.
    int at = Math.min(Math.max(0, folded.indexOf(foldedQuery)), text.length());
    int start = Math.max(0, at - CONTEXT);
    int end = Math.max(start, Math.min(text.length(), at + foldedQuery.length() + CONTEXT));
    while (start > 0 && !Character.isWhitespace(text.charAt(start - 1)) && at - start < CONTEXT + 15) {
      start--;
    }
    while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && end - at < CONTEXT * 2 + 15) {
      end++;
    }
    String snippet = text.substring(start, end).replaceAll("\\s+", " ").strip();
    return (start > 0 ? "…" : "") + snippet + (end < text.length() ? "…" : "");
  }
}
