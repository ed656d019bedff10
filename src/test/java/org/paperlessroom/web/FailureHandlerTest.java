package org.paperlessroom.web;

import io.vertx.core.json.DecodeException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class FailureHandlerTest {
  @Test
  void unexpectedErrorsBecomeA500WithoutInternals() {
    ApiException e = FailureHandler.toApiError(new IllegalStateException("secret internal detail"), -1);
    assertEquals(500, e.status());
    assertEquals("internal_error", e.code());
    assertFalse(e.getMessage().contains("secret"), "no internals reach the client");
  }

  @Test
  void knownFailuresKeepTheirStatusAndWords() {
    assertEquals(400, FailureHandler.toApiError(new DecodeException("x"), -1).status());
    assertEquals("malformed_json", FailureHandler.toApiError(new DecodeException("x"), -1).code());
    assertEquals(404, FailureHandler.toApiError(null, 404).status());
    assertEquals(413, FailureHandler.toApiError(null, 413).status());
    assertEquals("csrf_invalid", FailureHandler.toApiError(new IllegalArgumentException("token"), 403).code());
    ApiException own = ApiException.conflict("taken", "Taken.");
    assertEquals(own, FailureHandler.toApiError(own, 500));
  }
}
