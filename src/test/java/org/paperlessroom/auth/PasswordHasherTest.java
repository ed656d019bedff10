package org.paperlessroom.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest {
  @Test
  void hashesVerifyAndAreNotThePassword() {
    String hash = PasswordHasher.hash("mật khẩu bí mật");
    assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
    assertFalse(hash.contains("mật khẩu"));
    assertTrue(PasswordHasher.verify("mật khẩu bí mật", hash));
    assertFalse(PasswordHasher.verify("mật khẩu bí mật ", hash));
    assertFalse(PasswordHasher.verify("wrong", hash));
    assertNotEquals(hash, PasswordHasher.hash("mật khẩu bí mật"), "a new salt each time");
    assertFalse(PasswordHasher.verify("x", null), "no hash never verifies");
    assertFalse(PasswordHasher.verify("x", "$2a$10$notargon"), "a foreign format never verifies");
  }

  @Test
  void throttleRefusesPastTheLimitThenForgets() {
    LoginThrottle throttle = new LoginThrottle(3, 5, 60_000);
    long t = 1_000_000;
    for (int i = 0; i < 3; i++) {
      assertTrue(throttle.retryAfterSeconds(t, "u:a").isEmpty());
      throttle.recordFailure(t, "u:a");
    }
    assertTrue(throttle.retryAfterSeconds(t + 1000, "u:a").getAsLong() == 59);
    assertTrue(throttle.retryAfterSeconds(t + 1000, "u:b").isEmpty(), "other users are not affected");
    assertTrue(throttle.retryAfterSeconds(t + 60_001, "u:a").isEmpty(), "the window slides");
    for (int i = 0; i < 5; i++) {
      assertTrue(throttle.retryAfterSeconds(t, "u:x" + i, "ip:1.2.3.4").isEmpty(), "addresses allow more");
      throttle.recordFailure(t, "u:x" + i, "ip:1.2.3.4");
    }
    assertTrue(throttle.retryAfterSeconds(t, "u:fresh", "ip:1.2.3.4").isPresent(), "then the address is throttled too");
  }
}
