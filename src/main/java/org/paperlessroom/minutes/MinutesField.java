package org.paperlessroom.minutes;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.paperlessroom.web.ApiException;
import org.paperlessroom.web.RequestBody;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of the minutes a secretary writes: the number, the recipients, opening and closing
 * remarks, and per agenda item the discussion, the chair's conclusion (both Markdown: paragraphs,
 * lists, bold) and the assigned tasks (task, who, deadline). Stored as {text} or {tasks}.
 */
record MinutesField(String key, Long itemId, String part) {
  private static final Pattern KEY = Pattern.compile("general:(number|recipients|opening|closing)|item:([1-9][0-9]{0,17}):(discussion|conclusion|tasks)");
  private static final int MAX_TEXT = 50_000;
  private static final int MAX_TASKS = 100;

  static MinutesField parse(String key) {
    Matcher m = KEY.matcher(key == null ? "" : key);
    if (!m.matches()) {
      throw ApiException.badRequest("bad_field", "Unknown field of the minutes: use general:number, general:recipients, "
          + "general:opening, general:closing or item:<id>:discussion|conclusion|tasks.");
    }
    return m.group(1) != null ? new MinutesField(key, null, m.group(1)) : new MinutesField(key, Long.parseLong(m.group(2)), m.group(3));
  }

  boolean tasks() {
    return "tasks".equals(part);
  }

  /** Whether the text is Markdown (rendered with formatting) rather than a single line or list of lines. */
  boolean markdown() {
    return itemId != null && !tasks() || "opening".equals(part) || "closing".equals(part);
  }

  /** The content sent by a client, checked and normalised (NFC). */
  JsonObject content(Object raw) {
    if (tasks()) {
      if (!(raw instanceof JsonArray list) || list.size() > MAX_TASKS) {
        throw ApiException.invalidField("content", "Tasks are a list (at most " + MAX_TASKS + ") of {task, who, deadline}.");
      }
      JsonArray out = new JsonArray();
      for (Object o : list) {
        if (!(o instanceof JsonObject t)) {
          throw ApiException.invalidField("content", "Each task is {task, who, deadline}.");
        }
        out.add(new JsonObject().put("task", text(t.getValue("task"), 1000)).put("who", text(t.getValue("who"), 300))
            .put("deadline", text(t.getValue("deadline"), 100)));
      }
      return new JsonObject().put("tasks", out);
    }
    int max = "number".equals(part) ? 50 : "recipients".equals(part) ? 2000 : MAX_TEXT;
    return new JsonObject().put("text", text(raw, max));
  }

  private static String text(Object raw, int max) {
    if (raw == null) {
      return "";
    }
    if (!(raw instanceof String s)) {
      throw ApiException.invalidField("content", "The content must be text.");
    }
    String value = RequestBody.nfc(s).replace("\r\n", "\n");
    if (value.length() > max) {
      throw ApiException.invalidField("content", "At most " + max + " characters.");
    }
    if (value.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
      throw ApiException.invalidField("content", "The text contains control characters.");
    }
    return value;
  }
}
