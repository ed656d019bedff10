package org.paperlessroom.minutes;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The minutes as a PDF in the layout of Decree 30/2020/NĐ-CP, form 1.9 (Annex III): A4, margins
 * 20/15/20/30 mm, Liberation Serif (metric-compatible with Times New Roman, full Vietnamese) embedded
 * from the application's resources, 13 pt justified body with a first-line indent, the two-column
 * header with the national title and motto, page numbers centred at the top from page 2, signature
 * blocks and "Nơi nhận". Written as XHTML and laid out by openhtmltopdf (on PDFBox); all text is
 * escaped and normalised to NFC, and nothing outside is ever fetched. Blocking: call on a worker.
 */
final class MinutesPdf {
  private static final String FONT = "Liberation Serif";
  private static final String CSS = """
      @page { size: A4; margin: 20mm 15mm 20mm 30mm;
        @top-center { content: counter(page); font-family: 'Liberation Serif'; font-size: 13pt; } }
      @page :first { @top-center { content: none; } }
      body { font-family: 'Liberation Serif'; font-size: 13pt; line-height: 1.35; color: #000; }
      p { margin: 0 0 5pt; text-align: justify; text-indent: 1cm; }
      p.plain, td p, li p { text-indent: 0; }
      table.header { width: 100%; border-collapse: collapse; margin-bottom: 14pt; }
      table.header td { vertical-align: top; text-align: center; padding: 0; }
      table.header td.left { width: 45%; }
      .parent { font-size: 12pt; }
      .org { font-size: 12pt; font-weight: bold; }
      .nation { font-size: 12pt; font-weight: bold; }
      .motto { font-size: 13pt; font-weight: bold; }
      .rule { margin: 2pt auto 6pt; border-top: 0.8pt solid #000; width: 40%; }
      .motto-rule { width: 62%; }
      .number { font-size: 13pt; }
      h1 { font-size: 14pt; font-weight: bold; text-align: center; margin: 10pt 0 2pt; }
      .summary { text-align: center; text-indent: 0; font-weight: bold; margin-bottom: 12pt; }
      h2 { font-size: 13pt; font-weight: bold; text-align: center; margin: 12pt 0 6pt; }
      h3 { font-size: 13pt; font-weight: bold; margin: 10pt 0 4pt; text-indent: 1cm; }
      .label { font-weight: bold; font-style: italic; }
      .md p { text-indent: 1cm; }
      ul, ol { margin: 0 0 5pt 1.6cm; padding: 0; }
      li { margin: 0 0 2pt; text-align: justify; }
      table.tasks { width: 100%; border-collapse: collapse; margin: 2pt 0 8pt; font-size: 12pt; }
      table.tasks th, table.tasks td { border: 0.6pt solid #000; padding: 2pt 4pt; text-align: left; vertical-align: top; }
      table.signatures { width: 100%; margin-top: 16pt; border-collapse: collapse; page-break-inside: avoid; }
      table.signatures td { width: 50%; text-align: center; vertical-align: top; }
      .sign-title { font-weight: bold; }
      .sign-hint { font-style: italic; font-size: 12pt; }
      .sign-name { font-weight: bold; margin-top: 56pt; }
      .recipients { margin-top: 18pt; page-break-inside: avoid; }
      .recipients .head { font-weight: bold; font-style: italic; font-size: 12pt; }
      .recipients .line { font-size: 11pt; text-indent: 0; margin: 0; text-align: left; }
      .draft { text-align: center; text-indent: 0; font-weight: bold; letter-spacing: 2pt; color: #555; }
      """;

  private MinutesPdf() {
  }

  static byte[] render(JsonObject report, boolean english, ZoneId zone) {
    String xhtml = xhtml(report, new MinutesLabels(english, zone), english);
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      font(builder, "LiberationSerif-Regular.ttf", 400, BaseRendererBuilder.FontStyle.NORMAL);
      font(builder, "LiberationSerif-Bold.ttf", 700, BaseRendererBuilder.FontStyle.NORMAL);
      font(builder, "LiberationSerif-Italic.ttf", 400, BaseRendererBuilder.FontStyle.ITALIC);
      font(builder, "LiberationSerif-BoldItalic.ttf", 700, BaseRendererBuilder.FontStyle.ITALIC);
      builder.useUriResolver((base, uri) -> null); // nothing is fetched, whatever the text says
      builder.withHtmlContent(xhtml, null);
      builder.toStream(out);
      builder.run();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void font(PdfRendererBuilder builder, String file, int weight, BaseRendererBuilder.FontStyle style) {
    builder.useFont(() -> {
      InputStream in = MinutesPdf.class.getResourceAsStream("/fonts/" + file);
      if (in == null) {
        throw new IllegalStateException("font missing from the application: " + file);
      }
      return in;
    }, FONT, weight, style, true);
  }

  static String xhtml(JsonObject r, MinutesLabels l, boolean english) {
    JsonObject m = r.getJsonObject("meeting");
    StringBuilder h = new StringBuilder(8192);
    h.append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"").append(english ? "en" : "vi").append("\"><head>")
        .append("<meta charset=\"utf-8\"/><title>").append(esc(l.get("title") + " - " + m.getString("title")))
        .append("</title><style>").append(CSS).append("</style></head><body>");
    // Header: the body (left) and the national title (right).
    h.append("<table class=\"header\"><tr><td class=\"left\">")
        .append("<div class=\"parent\">").append(esc(upper(m.getString("orgParent")))).append("</div>")
        .append("<div class=\"org\">").append(esc(upper(m.getString("orgName")))).append("</div><div class=\"rule\"></div>")
        .append("<div class=\"number\">").append(esc(l.get("number") + r.getString("number", ""))).append("</div></td>")
        .append("<td><div class=\"nation\">").append(esc(l.get("nation"))).append("</div>")
        .append("<div class=\"motto\">").append(esc(l.get("motto"))).append("</div><div class=\"rule motto-rule\"></div></td></tr></table>");
    if (!"approved".equals(r.getJsonObject("state").getString("status"))) {
      h.append("<p class=\"draft\">").append(esc(l.get("draft"))).append("</p>");
    }
    h.append("<h1>").append(esc(l.get("title"))).append("</h1>")
        .append("<p class=\"summary\">").append(esc(l.get("summary") + m.getString("title"))).append("</p>");
    line(h, l.get("start"), l.when(m.getString("startedAt") != null ? m.getString("startedAt") : m.getString("startsAt")));
    line(h, l.get("place"), m.getString("location", ""));
    line(h, l.get("chair"), names(r.getJsonArray("chairs")));
    line(h, l.get("secretary"), names(r.getJsonArray("secretaries")));
    line(h, l.get("present"), l.format("presentCount", r.getInteger("membersPresent"), r.getInteger("members"))
        + (r.getJsonArray("present").isEmpty() ? "" : ": " + people(r.getJsonArray("present"), l)));
    if (!r.getJsonArray("absent").isEmpty()) {
      line(h, l.get("absent"), absentees(r.getJsonArray("absent"), l));
    }
    if (!r.getJsonArray("guests").isEmpty()) {
      line(h, l.get("guests"), people(r.getJsonArray("guests"), l));
    }
    h.append("<h2>").append(esc(l.get("content"))).append("</h2>");
    markdown(h, r.getString("opening"));
    for (Object o : r.getJsonArray("agenda")) {
      item(h, (JsonObject) o, l);
    }
    for (Object v : r.getJsonArray("otherVotes")) {
      vote(h, (JsonObject) v, l);
    }
    markdown(h, r.getString("closing"));
    String ended = m.getString("endedAt");
    h.append("<p>").append(esc(ended == null ? l.get("notEnded") : l.format("ended", l.when(ended)))).append("</p>");
    h.append("<table class=\"signatures\"><tr>");
    sign(h, l.get("secretarySign"), l, r.getJsonArray("secretaries"));
    sign(h, l.get("chairSign"), l, r.getJsonArray("chairs"));
    h.append("</tr></table>");
    h.append("<div class=\"recipients\"><p class=\"plain head\">").append(esc(l.get("recipients"))).append("</p>");
    for (String recipient : r.getString("recipients", "").split("\n")) {
      if (!recipient.isBlank()) {
        String text = recipient.strip();
        h.append("<p class=\"line\">").append(esc(text.startsWith("-") ? text : "- " + text)).append("</p>");
      }
    }
    h.append("<p class=\"line\">").append(esc(l.get("archive"))).append("</p></div>");
    return h.append("</body></html>").toString();
  }

  private static void item(StringBuilder h, JsonObject item, MinutesLabels l) {
    h.append("<h3>").append(esc(item.getInteger("position") + ". " + item.getString("title"))).append("</h3>");
    if (item.getString("presenter") != null) {
      line(h, l.get("presenter"), item.getString("presenter"));
    }
    JsonArray docs = item.getJsonArray("documents");
    if (!docs.isEmpty()) {
      List<String> names = new ArrayList<>();
      docs.forEach(d -> names.add(((JsonObject) d).getString("name") + (((JsonObject) d).getBoolean("classified") ? l.get("classified") : "")));
      line(h, l.get("documents"), String.join("; ", names));
    }
    JsonArray speakers = item.getJsonArray("speakers");
    if (!speakers.isEmpty()) {
      List<String> names = new ArrayList<>();
      speakers.forEach(s -> names.add(((JsonObject) s).getString("name")));
      line(h, l.get("speakers"), String.join(", ", names));
    }
    if (!item.getString("discussion", "").isBlank()) {
      h.append("<p class=\"label\">").append(esc(l.get("discussion"))).append("</p>");
      markdown(h, item.getString("discussion"));
    }
    for (Object v : item.getJsonArray("votes")) {
      vote(h, (JsonObject) v, l);
    }
    if (!item.getString("conclusion", "").isBlank()) {
      h.append("<p class=\"label\">").append(esc(l.get("conclusion"))).append("</p>");
      markdown(h, item.getString("conclusion"));
    }
    JsonArray tasks = item.getJsonArray("tasks");
    if (!tasks.isEmpty()) {
      h.append("<p class=\"label\">").append(esc(l.get("tasks"))).append("</p><table class=\"tasks\"><tr><th>")
          .append(esc(l.get("task"))).append("</th><th>").append(esc(l.get("who"))).append("</th><th>")
          .append(esc(l.get("deadline"))).append("</th></tr>");
      for (Object o : tasks) {
        JsonObject t = (JsonObject) o;
        h.append("<tr><td>").append(esc(t.getString("task", ""))).append("</td><td>").append(esc(t.getString("who", "")))
            .append("</td><td>").append(esc(t.getString("deadline", ""))).append("</td></tr>");
      }
      h.append("</table>");
    }
  }

  private static void vote(StringBuilder h, JsonObject v, MinutesLabels l) {
    JsonObject result = v.getJsonObject("result");
    if (result == null) {
      return;
    }
    line(h, l.get("vote"), v.getString("question"));
    h.append("<p>").append(esc(l.get("method") + (v.getBoolean("secret") ? l.get("secret") : l.get("named")) + ". "
        + l.format("totals", result.getInteger("membersTotal"), result.getInteger("membersPresent", 0), result.getInteger("cast"))))
        .append("</p>");
    for (Object o : result.getJsonArray("options")) {
      JsonObject option = (JsonObject) o;
      h.append("<p>").append(esc(option.getString("label") + ": "
          + l.format("ofMembers", option.getInteger("count"), l.percent(option.getDouble("percentOfMembers"))))).append("</p>");
    }
    String outcome;
    if ("choice".equals(v.getString("kind"))) {
      List<String> chosen = new ArrayList<>();
      result.getJsonArray("chosen").forEach(i -> chosen.add(v.getJsonArray("options").getString((Integer) i)));
      outcome = chosen.isEmpty() ? l.get("notPassed") : l.get("chosenOptions") + String.join(", ", chosen) + ".";
    } else {
      outcome = result.getBoolean("passed") ? l.get("passed") : l.get("notPassed");
    }
    if (result.getBoolean("tieBrokenByChair", false)) {
      outcome = outcome.substring(0, outcome.length() - 1) + l.get("tieByChair") + ".";
    }
    h.append("<p><b>").append(esc(outcome)).append("</b></p>");
  }

  private static void sign(StringBuilder h, String title, MinutesLabels l, JsonArray who) {
    h.append("<td><div class=\"sign-title\">").append(esc(title)).append("</div><div class=\"sign-hint\">")
        .append(esc(l.get("signHint"))).append("</div><div class=\"sign-name\">").append(esc(names(who))).append("</div></td>");
  }

  private static void line(StringBuilder h, String label, String value) {
    h.append("<p><b>").append(esc(label)).append("</b>").append(esc(value)).append("</p>");
  }

  private static void markdown(StringBuilder h, String text) {
    if (text != null && !text.isBlank()) {
      h.append("<div class=\"md\">").append(MinutesMarkdown.html(nfc(text))).append("</div>");
    }
  }

  private static String names(JsonArray people) {
    List<String> names = new ArrayList<>();
    people.forEach(p -> names.add(((JsonObject) p).getString("name")));
    return String.join(", ", names);
  }

  private static String people(JsonArray people, MinutesLabels l) {
    List<String> out = new ArrayList<>();
    for (Object o : people) {
      JsonObject p = (JsonObject) o;
      String position = p.getString("position", "");
      out.add(p.getString("name") + (position.isBlank() ? "" : " (" + position + ")")
          + ("online".equals(p.getString("how")) ? " - " + l.get("online") : ""));
    }
    return String.join("; ", out);
  }

  private static String absentees(JsonArray people, MinutesLabels l) {
    List<String> out = new ArrayList<>();
    for (Object o : people) {
      JsonObject p = (JsonObject) o;
      String reason = p.getString("reason", "");
      out.add(p.getString("name") + " (" + (p.getString("status") == null ? l.get("notCheckedIn")
          : reason.isBlank() ? l.get("noReason") : reason) + ")");
    }
    return String.join("; ", out);
  }

  private static String upper(String s) {
    return s == null ? "" : s.toUpperCase(java.util.Locale.forLanguageTag("vi"));
  }

  private static String nfc(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFC);
  }

  /** XML-escaped, NFC, without characters XML cannot carry. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    String text = nfc(s);
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(c -> {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t') {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.toString();
  }
}
