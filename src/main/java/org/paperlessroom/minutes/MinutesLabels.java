package org.paperlessroom.minutes;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** The minutes' fixed words and date forms, in Vietnamese (Decree 30/2020 form 1.9) and English. */
final class MinutesLabels {
  private static final Map<String, String[]> WORDS = Map.ofEntries(
      Map.entry("nation", new String[] {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIETNAM"}),
      Map.entry("motto", new String[] {"Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"}),
      Map.entry("number", new String[] {"Số: ", "No.: "}),
      Map.entry("title", new String[] {"BIÊN BẢN", "MINUTES"}),
      Map.entry("summary", new String[] {"Cuộc họp: ", "Meeting: "}),
      Map.entry("start", new String[] {"Thời gian bắt đầu: ", "Started: "}),
      Map.entry("place", new String[] {"Địa điểm: ", "Place: "}),
      Map.entry("chair", new String[] {"Chủ trì (chủ tọa): ", "Chair: "}),
      Map.entry("secretary", new String[] {"Thư ký (người ghi biên bản): ", "Secretary (minute-taker): "}),
      Map.entry("present", new String[] {"Thành phần tham dự: ", "Present: "}),
      Map.entry("presentCount", new String[] {"có mặt %d/%d thành viên", "%d of %d voting members present"}),
      Map.entry("absent", new String[] {"Vắng mặt: ", "Absent: "}),
      Map.entry("noReason", new String[] {"không rõ lý do", "no reason given"}),
      Map.entry("notCheckedIn", new String[] {"chưa điểm danh", "not checked in"}),
      Map.entry("guests", new String[] {"Khách mời: ", "Guests: "}),
      Map.entry("online", new String[] {"trực tuyến", "online"}),
      Map.entry("content", new String[] {"NỘI DUNG", "PROCEEDINGS"}),
      Map.entry("presenter", new String[] {"Người trình bày: ", "Presenter: "}),
      Map.entry("documents", new String[] {"Tài liệu: ", "Documents: "}),
      Map.entry("classified", new String[] {" (Mật)", " (classified)"}),
      Map.entry("speakers", new String[] {"Phát biểu: ", "Speakers: "}),
      Map.entry("discussion", new String[] {"Ý kiến thảo luận:", "Discussion:"}),
      Map.entry("vote", new String[] {"Biểu quyết: ", "Vote: "}),
      Map.entry("named", new String[] {"biểu quyết công khai", "named vote"}),
      Map.entry("secret", new String[] {"bỏ phiếu kín", "secret ballot"}),
      Map.entry("method", new String[] {"Hình thức: ", "Method: "}),
      Map.entry("totals", new String[] {"Tổng số thành viên: %d; có mặt: %d; số phiếu: %d.", "Voting members: %d; present: %d; ballots cast: %d."}),
      Map.entry("ofMembers", new String[] {"%d phiếu (%s%% tổng số thành viên)", "%d (%s%% of all members)"}),
      Map.entry("passed", new String[] {"Kết quả: Được thông qua.", "Result: passed."}),
      Map.entry("notPassed", new String[] {"Kết quả: Không được thông qua.", "Result: not passed."}),
      Map.entry("chosenOptions", new String[] {"Kết quả: ", "Result: "}),
      Map.entry("tieByChair", new String[] {" (số phiếu ngang nhau, theo ý kiến của chủ tọa)", " (a tie, decided by the chair's side)"}),
      Map.entry("conclusion", new String[] {"Kết luận của chủ trì:", "Conclusion of the chair:"}),
      Map.entry("tasks", new String[] {"Nhiệm vụ được giao:", "Assigned tasks:"}),
      Map.entry("task", new String[] {"Nhiệm vụ", "Task"}),
      Map.entry("who", new String[] {"Người thực hiện", "Who"}),
      Map.entry("deadline", new String[] {"Thời hạn", "Deadline"}),
      Map.entry("ended", new String[] {"Cuộc họp kết thúc vào %s./.", "The meeting ended at %s./."}),
      Map.entry("notEnded", new String[] {"Cuộc họp chưa kết thúc./.", "The meeting has not ended yet./."}),
      Map.entry("secretarySign", new String[] {"THƯ KÝ", "SECRETARY"}),
      Map.entry("chairSign", new String[] {"CHỦ TỌA", "CHAIR"}),
      Map.entry("signHint", new String[] {"(Ký, ghi rõ họ tên)", "(Signature and full name)"}),
      Map.entry("recipients", new String[] {"Nơi nhận:", "Distribution:"}),
      Map.entry("archive", new String[] {"- Lưu: VT, hồ sơ.", "- File: archive, records."}),
      Map.entry("draft", new String[] {"DỰ THẢO", "DRAFT"}));

  private final int lang;
  private final ZoneId zone;

  MinutesLabels(boolean english, ZoneId zone) {
    this.lang = english ? 1 : 0;
    this.zone = zone;
  }

  String get(String key) {
    return WORDS.get(key)[lang];
  }

  String format(String key, Object... args) {
    return String.format(Locale.ROOT, get(key), args);
  }

  /** "08 giờ 00, ngày 05 tháng 3 năm 2025" / "08:00 on 5 March 2025". */
  String when(String iso) {
    if (iso == null) {
      return "";
    }
    ZonedDateTime t = Instant.parse(iso).atZone(zone);
    return lang == 0
        ? String.format("%02d giờ %02d, ngày %02d tháng %d năm %d", t.getHour(), t.getMinute(), t.getDayOfMonth(),
            t.getMonthValue(), t.getYear())
        : t.format(DateTimeFormatter.ofPattern("HH:mm 'on' d MMMM yyyy", Locale.ENGLISH));
  }

  /** 66.67 → "66,67" in Vietnamese, "66.67" in English. */
  String percent(double value) {
    String text = new java.math.BigDecimal(value).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    return lang == 0 ? text.replace('.', ',') : text;
  }
}
