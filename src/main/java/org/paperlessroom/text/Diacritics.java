package org.paperlessroom.text;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Folding for search that matches with and without Vietnamese diacritics: "bien ban" finds "biên bản". */
public final class Diacritics {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  private Diacritics() {
  }

  public static String fold(String text) {
    if (text == null) {
      return "";
    }
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
    return MARKS.matcher(decomposed).replaceAll("")
        .replace('đ', 'd').replace('Đ', 'D')
        .toLowerCase(Locale.ROOT);
  }

  /** True when every word of {@code query} occurs in {@code text}, ignoring case and diacritics. */
  public static boolean matches(String text, String query) {
    String folded = fold(text);
    for (String word : fold(query).split("\\s+")) {
      if (!word.isEmpty() && !folded.contains(word)) {
        return false;
      }
    }
    return true;
  }
}
