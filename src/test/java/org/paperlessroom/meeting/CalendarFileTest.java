package org.paperlessroom.meeting;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The .ics file: RFC 5545 lines (CRLF, escaped, folded at 75 octets) that a real parser reads back. */
class CalendarFileTest {
  private static final String TITLE = "Họp giao ban; tổng kết công tác kiểm sát, giải quyết án hình sự quý I"
      + " năm 2026 — Viện kiểm sát nhân dân khu vực 1 (phòng họp số 2), chủ trì: Nguyễn Văn An";
  private static final String DESCRIPTION = "Nội dung: báo cáo, thảo luận; biểu quyết.\nMang theo tài liệu \\ hồ sơ.";
  private static final String JOIN = "https://hop.vks.example.vn/join/ABC-123?lang=vi,en";
  private static final Instant START = Instant.parse("2026-03-10T01:30:00Z"); // 08:30 in Hà Nội
  private static final Instant END = Instant.parse("2026-03-10T03:45:30Z");
  private static final Instant STAMP = Instant.parse("2026-03-01T09:00:00.123Z");

  private static CalendarFile.Event event() {
    return new CalendarFile.Event(CalendarFile.uid(42, "https://hop.vks.example.vn:8443"),
        Normalizer.normalize(TITLE, Normalizer.Form.NFD), START, END, "Phòng họp số 2, tầng 3", DESCRIPTION, JOIN);
  }

  @Test
  void linesAreCrlfAndAtMost75Octets() {
    String ics = CalendarFile.ics(event(), STAMP);
    assertTrue(ics.startsWith("BEGIN:VCALENDAR\r\n"));
    assertTrue(ics.endsWith("END:VCALENDAR\r\n"));
    assertFalse(ics.replace("\r\n", "").contains("\n"), "no bare LF");
    assertFalse(ics.replace("\r\n", "").contains("\r"), "no bare CR");
    boolean folded = false;
    for (String line : ics.split("\r\n")) {
      int octets = line.getBytes(StandardCharsets.UTF_8).length;
      assertTrue(octets <= 75, octets + " octets: " + line);
      folded |= line.startsWith(" ");
    }
    assertTrue(folded, "the long title is folded");
    // Folding never splits a UTF-8 character: every physical line is valid UTF-8 on its own.
    for (String line : ics.split("\r\n")) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      assertEquals(line, new String(bytes, StandardCharsets.UTF_8));
    }
  }

  @Test
  void valuesSurviveUnfoldingAndUnescaping() {
    Map<String, String> props = properties(CalendarFile.ics(event(), STAMP));
    assertEquals(TITLE, unescape(props.get("SUMMARY")), "NFC, commas and semicolons intact");
    assertTrue(props.get("SUMMARY").contains("\\;") && props.get("SUMMARY").contains("\\,"));
    assertEquals("Phòng họp số 2, tầng 3", unescape(props.get("LOCATION")));
    assertEquals(DESCRIPTION + "\n" + JOIN, unescape(props.get("DESCRIPTION")));
    assertEquals(JOIN, props.get("URL"));
    assertEquals("meeting-42@hop.vks.example.vn", props.get("UID"));
    assertEquals("20260310T013000Z", props.get("DTSTART"));
    assertEquals("20260310T034530Z", props.get("DTEND"));
    assertEquals("20260301T090000Z", props.get("DTSTAMP"));
    assertEquals("PUBLISH", props.get("METHOD"));
    assertEquals("2.0", props.get("VERSION"));
    assertEquals(CalendarFile.PRODID, props.get("PRODID"));
  }

  @Test
  void ical4jReadsItBack() throws Exception {
    Calendar calendar = new CalendarBuilder().build(new StringReader(CalendarFile.ics(event(), STAMP)));
    assertEquals("PUBLISH", calendar.getProperty(Property.METHOD).map(Property::getValue).orElseThrow());
    List<VEvent> events = calendar.getComponents("VEVENT");
    assertEquals(1, events.size());
    VEvent e = events.get(0);
    assertEquals(TITLE, e.getProperty(Property.SUMMARY).map(Property::getValue).orElseThrow());
    assertEquals(DESCRIPTION + "\n" + JOIN, e.getProperty(Property.DESCRIPTION).map(Property::getValue).orElseThrow());
    assertEquals("Phòng họp số 2, tầng 3", e.getProperty(Property.LOCATION).map(Property::getValue).orElseThrow());
    assertEquals(JOIN, e.getProperty(Property.URL).map(Property::getValue).orElseThrow());
    assertEquals("meeting-42@hop.vks.example.vn", e.getUid().map(Property::getValue).orElseThrow());
    assertEquals(START, Instant.from(e.getStartDate().orElseThrow().getDate()));
    assertEquals(END, Instant.from(e.getEndDate().orElseThrow().getDate()));
  }

  @Test
  void aMeetingWithoutDescriptionOrLocation() {
    Meeting meeting = new Meeting(7, "Họp chi bộ", START, " ", null, "VKS", "Khu vực 1", MeetingStatus.SCHEDULED,
        "XYZ789", true);
    String ics = CalendarFile.ics(CalendarFile.of(meeting, "http://localhost:8080", Duration.ofHours(2)), STAMP);
    Map<String, String> props = properties(ics);
    assertEquals("meeting-7@localhost", props.get("UID"));
    assertEquals("20260310T033000Z", props.get("DTEND"));
    assertFalse(props.containsKey("LOCATION"));
    assertEquals("http://localhost:8080/join/XYZ789", props.get("URL"));
    assertEquals("http://localhost:8080/join/XYZ789", unescape(props.get("DESCRIPTION")));
  }

  /** Unfolds (CRLF + one space or tab) and splits into NAME → raw value; the last of a name wins. */
  private static Map<String, String> properties(String ics) {
    String unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "");
    Map<String, String> props = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>(List.of(unfolded.split("\r\n")));
    for (String line : lines) {
      int colon = line.indexOf(':');
      props.put(line.substring(0, colon), line.substring(colon + 1));
    }
    return props;
  }

  private static String unescape(String value) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        char next = value.charAt(++i);
        b.append(next == 'n' || next == 'N' ? '\n' : next);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
