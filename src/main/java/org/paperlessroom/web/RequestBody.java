package org.paperlessroom.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.text.Normalizer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A JSON request body read field by field: a missing or malformed field is a 400 naming it, never a
 * 500. Text is normalised to Unicode NFC on the way in (decomposed Vietnamese renders wrong in PDFs).
 */
public final class RequestBody {
  private final JsonObject json;

  private RequestBody(JsonObject json) {
    this.json = json;
  }

  public static RequestBody of(RoutingContext ctx) {
    String text = ctx.body().asString();
    if (text == null || text.isBlank()) {
      return new RequestBody(new JsonObject());
    }
    Object parsed;
    try {
      parsed = io.vertx.core.json.Json.decodeValue(text);
    } catch (RuntimeException e) {
      throw ApiException.badRequest("malformed_json", "The request body is not valid JSON.");
    }
    if (!(parsed instanceof JsonObject object)) {
      throw ApiException.badRequest("malformed_json", "The request body must be a JSON object.");
    }
    return new RequestBody(object);
  }

  public static String nfc(String text) {
    return text == null ? null : Normalizer.normalize(text, Normalizer.Form.NFC);
  }

  /** The field's value as sent (text, number, list, object), or null. */
  public Object value(String field) {
    return json.getValue(field);
  }

  public boolean has(String field) {
    return json.containsKey(field) && json.getValue(field) != null;
  }

  public String requiredText(String field, int min, int max) {
    return optionalText(field, min, max)
        .orElseThrow(() -> ApiException.invalidField(field, field + " is required."));
  }

  public Optional<String> optionalText(String field, int min, int max) {
    if (!has(field)) {
      return Optional.empty();
    }
    if (!(json.getValue(field) instanceof String raw)) {
      throw ApiException.invalidField(field, field + " must be text.");
    }
    String value = nfc(raw).strip();
    if (value.length() < min || value.length() > max) {
      throw ApiException.invalidField(field, min > 0
          ? field + " must be between " + min + " and " + max + " characters."
          : field + " must be at most " + max + " characters.");
    }
    if (value.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
      throw ApiException.invalidField(field, field + " contains control characters.");
    }
    return Optional.of(value);
  }

  public Optional<Boolean> optionalBoolean(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    if (!(json.getValue(field) instanceof Boolean b)) {
      throw ApiException.invalidField(field, field + " must be true or false.");
    }
    return Optional.of(b);
  }

  public Optional<Integer> optionalInt(String field, int min, int max) {
    if (!has(field)) {
      return Optional.empty();
    }
    Object value = json.getValue(field);
    if (!(value instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < min || n.longValue() > max) {
      throw ApiException.invalidField(field, field + " must be a whole number from " + min + " to " + max + ".");
    }
    return Optional.of(n.intValue());
  }

  /** Whether the field is present with the value null (e.g. to clear it). */
  public boolean isNull(String field) {
    return json.containsKey(field) && json.getValue(field) == null;
  }

  public long requiredId(String field) {
    return optionalId(field).orElseThrow(() -> ApiException.invalidField(field, field + " is required."));
  }

  public Optional<Long> optionalId(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    Object value = json.getValue(field);
    if (!(value instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() <= 0) {
      throw ApiException.invalidField(field, field + " must be a positive whole number.");
    }
    return Optional.of(n.longValue());
  }

  public Optional<Instant> optionalInstant(String field) {
    Optional<String> text = optionalText(field, 1, 64);
    try {
      return text.map(Instant::parse);
    } catch (DateTimeParseException e) {
      throw ApiException.invalidField(field, field + " must be a date and time like 2026-03-05T08:00:00Z.");
    }
  }

  public Instant requiredInstant(String field) {
    return optionalInstant(field).orElseThrow(() -> ApiException.invalidField(field, field + " is required."));
  }

  public Optional<JsonArray> optionalArray(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    if (!(json.getValue(field) instanceof JsonArray array)) {
      throw ApiException.invalidField(field, field + " must be a list.");
    }
    return Optional.of(array);
  }

  /** Path parameters: a malformed id is a 400, not a 500. */
  public static long pathId(RoutingContext ctx, String name) {
    String raw = ctx.pathParam(name);
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw ApiException.invalidField(name, name + " must be a positive whole number.");
  }
}
