package org.paperlessroom.meeting;

import java.security.SecureRandom;

/** Short join codes that are easy to read aloud and type on a phone: no 0/O, 1/I look-alikes. */
final class JoinCodes {
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  static final int LENGTH = 8;

  private JoinCodes() {
  }

  static String next() {
    StringBuilder sb = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  static String normalise(String typed) {
    return typed == null ? "" : typed.strip().toUpperCase(java.util.Locale.ROOT).replace("-", "").replace(" ", "");
  }
}
