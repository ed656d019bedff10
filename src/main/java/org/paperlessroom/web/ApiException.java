package org.paperlessroom.web;

/**
 * A failure a person can understand: the HTTP status, a stable machine code and a message.
 * Handlers fail the routing context with it; the one {@link FailureHandler} writes it as JSON.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private io.vertx.core.json.JsonObject details;

  public ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  /** More for the client to act on (e.g. both texts of an edit conflict), sent as "details". */
  public ApiException withDetails(io.vertx.core.json.JsonObject more) {
    this.details = more;
    return this;
  }

  public io.vertx.core.json.JsonObject details() {
    return details;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  public static ApiException invalidField(String field, String message) {
    return new ApiException(400, "invalid_" + field, message);
  }

  public static ApiException unauthorized() {
    return new ApiException(401, "not_signed_in", "Please sign in first.");
  }

  public static ApiException forbidden(String reason) {
    return new ApiException(403, "forbidden", reason);
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "not_found", what + " was not found.");
  }

  public static ApiException conflict(String code, String message) {
    return new ApiException(409, code, message);
  }
}
