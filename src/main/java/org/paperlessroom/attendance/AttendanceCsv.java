package org.paperlessroom.attendance;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The attendance list as CSV (UTF-8 with a byte-order mark so that spreadsheet programs read the
 * Vietnamese letters): one row per participant with status, reason, check-in time and the times
 * their devices left and came back. Cells that a spreadsheet would run as a formula are defused.
 */
final class AttendanceCsv {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm dd/MM/yyyy");
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
  private static final Map<String, String[]> STATUS = Map.of(
      "in_person", new String[] {"Có mặt trực tiếp", "Present (in person)"},
      "online", new String[] {"Có mặt trực tuyến", "Present (online)"},
      "left", new String[] {"Đã ra về", "Left"},
      "absent", new String[] {"Vắng mặt", "Absent"});
  private static final Map<String, String[]> ROLES = Map.of(
      "chair", new String[] {"Chủ trì", "Chair"}, "presenter", new String[] {"Người trình bày", "Presenter"},
      "secretary", new String[] {"Thư ký", "Secretary"}, "member", new String[] {"Thành viên", "Member"},
      "observer", new String[] {"Người theo dõi", "Observer"}, "guest", new String[] {"Khách mời", "Guest"});

  private AttendanceCsv() {
  }

  static String write(List<Attendee> people, boolean english, ZoneId zone) {
    int lang = english ? 1 : 0;
    String[] header = english
        ? new String[] {"Name", "Position", "Roles", "Attendance", "Reason", "Checked in", "Automatic", "Left / returned"}
        : new String[] {"Họ và tên", "Chức vụ", "Vai trò", "Điểm danh", "Lý do", "Giờ điểm danh", "Tự động", "Rời đi / quay lại"};
    StringWriter out = new StringWriter();
    out.write('\uFEFF');
    try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header).get())) {
      for (Attendee a : people) {
        List<String> roles = new ArrayList<>();
        a.roles().forEach(r -> roles.add(ROLES.containsKey(r) ? ROLES.get(r)[lang] : r));
        String status = a.status() == null ? (english ? "Not checked in" : "Chưa điểm danh") : STATUS.get(a.status().code())[lang];
        csv.printRecord(safe(a.name()), safe(a.position()), String.join(", ", roles), status, safe(a.reason()),
            a.checkedInAt() == null ? "" : TIME.format(a.checkedInAt().atZone(zone)),
            a.checkedInAt() == null ? "" : a.automatic() ? (english ? "yes" : "có") : (english ? "no" : "không"),
            comings(a.events(), english, zone));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static String comings(List<Attendee.Event> events, boolean english, ZoneId zone) {
    List<String> parts = new ArrayList<>();
    boolean seen = false;
    for (Attendee.Event e : events) {
      if ("disconnected".equals(e.kind())) {
        parts.add((english ? "left " : "rời ") + clock(e.at(), zone));
      } else if ("connected".equals(e.kind())) {
        if (seen) {
          parts.add((english ? "returned " : "quay lại ") + clock(e.at(), zone));
        }
        seen = true;
      }
    }
    return String.join("; ", parts);
  }

  private static String clock(Instant at, ZoneId zone) {
    return CLOCK.format(at.atZone(zone));
  }

  /** A leading = + - @ (or tab/CR) would make a spreadsheet run the cell as a formula. */
  static String safe(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    char c = text.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + text : text;
  }
}
