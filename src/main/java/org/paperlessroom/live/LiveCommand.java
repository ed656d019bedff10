package org.paperlessroom.live;

import io.vertx.core.json.JsonObject;
import org.paperlessroom.web.ApiException;

/** A presenter's command, checked for shape before anything else looks at it. */
sealed interface LiveCommand {
  record Show(long documentId, int page) implements LiveCommand {
  }

  record GoTo(int page) implements LiveCommand {
  }

  record Blank(boolean on) implements LiveCommand {
  }

  record Pointer(LiveState.Point at) implements LiveCommand {
  }

  record Zoom(LiveState.Region region) implements LiveCommand {
  }

  record Stop() implements LiveCommand {
  }

  static LiveCommand parse(Object body) {
    if (!(body instanceof JsonObject json)) {
      throw bad("A command is a JSON object with an \"op\".");
    }
    String op = json.getValue("op") instanceof String s ? s : "";
    return switch (op) {
      case "show" -> new Show(positiveLong(json, "documentId"), page(json));
      case "page" -> new GoTo(page(json));
      case "blank" -> new Blank(bool(json, "on"));
      case "pointer" -> new Pointer(json.getValue("x") == null ? null
          : new LiveState.Point(fraction(json, "x"), fraction(json, "y")));
      case "zoom" -> new Zoom(region(json.getValue("region")));
      case "stop" -> new Stop();
      default -> throw bad("Unknown command \"" + abbreviate(op) + "\": use show, page, blank, pointer, zoom or stop.");
    };
  }

  private static LiveState.Region region(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject r)) {
      throw bad("region must be an object {x, y, w, h} or null.");
    }
    double x = fraction(r, "x");
    double y = fraction(r, "y");
    double w = fraction(r, "w");
    double h = fraction(r, "h");
    if (w < 0.02 || h < 0.02 || x + w > 1.0001 || y + h > 1.0001) {
      throw bad("The zoom region must lie inside the page and not be tiny.");
    }
    return new LiveState.Region(x, y, w, h);
  }

  private static int page(JsonObject json) {
    long page = positiveLong(json, "page");
    if (page > 100_000) {
      throw bad("page is out of range.");
    }
    return (int) page;
  }

  private static long positiveLong(JsonObject json, String field) {
    if (json.getValue(field) instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() >= 1) {
      return n.longValue();
    }
    throw bad(field + " must be a whole number from 1.");
  }

  private static boolean bool(JsonObject json, String field) {
    if (json.getValue(field) instanceof Boolean b) {
      return b;
    }
    throw bad(field + " must be true or false.");
  }

  private static double fraction(JsonObject json, String field) {
    if (json.getValue(field) instanceof Number n && Double.isFinite(n.doubleValue())
        && n.doubleValue() >= 0 && n.doubleValue() <= 1) {
      return n.doubleValue();
    }
    throw bad(field + " must be a number from 0 to 1 (a fraction of the page).");
  }

  private static String abbreviate(String s) {
    return s.length() > 20 ? s.substring(0, 20) + "…" : s;
  }

  private static ApiException bad(String message) {
    return ApiException.badRequest("bad_command", message);
  }
}
