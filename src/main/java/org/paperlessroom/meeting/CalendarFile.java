package org.paperlessroom.meeting;

import java.net.URI;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * A meeting as an iCalendar file (RFC 5545): one VCALENDAR with METHOD:PUBLISH and one VEVENT, times
 * in UTC, the join link in DESCRIPTION and URL, so that a calendar app shows it with the link.
 *
 * <p>Written by hand rather than with ical4j: ical4j 4.x (4.4.0 checked, Java 11+) folds lines every
 * 73 UTF-16 characters, not 75 octets, so a Vietnamese SUMMARY comes out as an 89-octet line, past
 * the limit of RFC 5545 3.1 (a letter with diacritics is 2–3 octets in UTF-8); and it would add about
 * 2 MB of jars (ical4j, threeten-extra) for a dozen lines of output. The rules that matter are here:
 * CRLF line ends; TEXT values escaped ({@code \ ; , newline}); lines folded at 75 octets, never
 * inside a UTF-8 character. The tests (only they have ical4j) parse the output back with ical4j.
 */
public final class CalendarFile {
  /** For the HTTP response. */
  public static final String MEDIA_TYPE = "text/calendar; charset=utf-8";
  static final String PRODID = "-//Paperless Room//Paperless Room//VI";
  private static final int MAX_OCTETS = 75;
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private CalendarFile() {
  }

  /**
   * What goes into the file. {@code location} and {@code description} may be null or blank; so may
   * {@code url} (then there is no URL property and the description is the description alone).
   */
  public record Event(String uid, String title, Instant start, Instant end, String location, String description,
                      String url) {
  }

  /** A meeting's event: {@code length} after its start, UID {@code meeting-<id>@<host of publicUrl>}. */
  public static Event of(Meeting meeting, String publicUrl, Duration length) {
    return new Event(uid(meeting.id(), publicUrl), meeting.title(), meeting.startsAt(),
        meeting.startsAt().plus(length), meeting.location(), meeting.description(), meeting.joinUrl(publicUrl));
  }

  /** {@code meeting-<id>@<host>}: stable, so that importing the file again updates the same event. */
  public static String uid(long meetingId, String publicUrl) {
    String host = null;
    try {
      host = URI.create(publicUrl).getHost();
    } catch (IllegalArgumentException | NullPointerException e) {
      // fall through to the default
    }
    return "meeting-" + meetingId + "@" + (host == null || host.isBlank() ? "paperless-room" : host);
  }

  /** The .ics text, stamped now. */
  public static String ics(Event e) {
    return ics(e, Instant.now());
  }

  /** The .ics text with the given DTSTAMP (when the file was made). */
  public static String ics(Event e, Instant stamp) {
    StringBuilder out = new StringBuilder();
    line(out, "BEGIN:VCALENDAR");
    line(out, "VERSION:2.0");
    line(out, "PRODID:" + PRODID);
    line(out, "CALSCALE:GREGORIAN");
    line(out, "METHOD:PUBLISH");
    line(out, "BEGIN:VEVENT");
    line(out, "UID:" + text(e.uid()));
    line(out, "DTSTAMP:" + UTC.format(stamp.truncatedTo(ChronoUnit.SECONDS)));
    line(out, "DTSTART:" + UTC.format(e.start().truncatedTo(ChronoUnit.SECONDS)));
    Instant end = e.end() == null || !e.end().isAfter(e.start()) ? e.start().plus(Duration.ofHours(1)) : e.end();
    line(out, "DTEND:" + UTC.format(end.truncatedTo(ChronoUnit.SECONDS)));
    line(out, "SUMMARY:" + text(e.title()));
    if (!blank(e.location())) {
      line(out, "LOCATION:" + text(e.location()));
    }
    String url = blank(e.url()) ? null : uri(e.url());
    String description = blank(e.description()) ? url : url == null ? e.description() : e.description() + "\n" + url;
    if (description != null) {
      line(out, "DESCRIPTION:" + text(description));
    }
    if (url != null) {
      line(out, "URL:" + url);
    }
    line(out, "END:VEVENT");
    line(out, "END:VCALENDAR");
    return out.toString();
  }

  /** A TEXT value (RFC 5545 3.3.11): NFC, escaped, newlines as {@code \n}, other controls dropped. */
  static String text(String value) {
    if (value == null) {
      return "";
    }
    String nfc = Normalizer.normalize(value.replace("\r\n", "\n").replace('\r', '\n'), Normalizer.Form.NFC);
    StringBuilder b = new StringBuilder(nfc.length() + 8);
    nfc.codePoints().forEach(cp -> {
      switch (cp) {
        case '\\' -> b.append("\\\\");
        case ';' -> b.append("\\;");
        case ',' -> b.append("\\,");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append(' ');
        default -> {
          if (!Character.isISOControl(cp)) {
            b.appendCodePoint(cp);
          }
        }
      }
    });
    return b.toString();
  }

  /** A URI value is not escaped; it only must not break the line. */
  private static String uri(String value) {
    return value.codePoints().filter(cp -> !Character.isISOControl(cp) && cp != ' ')
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /**
   * Appends one content line, folded (RFC 5545 3.1): at most 75 octets per physical line, CRLF, each
   * continuation starting with a space; a break never falls inside a UTF-8 character.
   */
  static void line(StringBuilder out, String content) {
    int octets = 0;
    for (int i = 0; i < content.length(); ) {
      int cp = content.codePointAt(i);
      int size = utf8Length(cp);
      if (octets + size > MAX_OCTETS) {
        out.append("\r\n ");
        octets = 1; // the leading space counts
      }
      out.appendCodePoint(cp);
      octets += size;
      i += Character.charCount(cp);
    }
    out.append("\r\n");
  }

  private static int utf8Length(int cp) {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
}
