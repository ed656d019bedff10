package org.paperlessroom.attendance;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuorumRuleTest {
  @Test
  void moreThanHalf() {
    assertEquals(5, QuorumRule.MAJORITY.required(9, null));
    assertEquals(6, QuorumRule.MAJORITY.required(10, null));
    assertFalse(QuorumRule.MAJORITY.met(5, 10, null), "exactly half is not more than half");
    assertTrue(QuorumRule.MAJORITY.met(6, 10, null));
    assertFalse(QuorumRule.MAJORITY.met(0, 0, null), "nobody to count: no quorum");
  }

  @Test
  void twoThirds() {
    assertEquals(6, QuorumRule.TWO_THIRDS.required(9, null));
    assertEquals(7, QuorumRule.TWO_THIRDS.required(10, null), "6.67 rounds up");
    assertEquals(10, QuorumRule.TWO_THIRDS.required(15, null));
    assertTrue(QuorumRule.TWO_THIRDS.met(10, 15, null));
    assertFalse(QuorumRule.TWO_THIRDS.met(9, 15, null));
  }

  @Test
  void aFixedNumber() {
    assertEquals(4, QuorumRule.COUNT.required(20, 4));
    assertTrue(QuorumRule.COUNT.met(4, 20, 4));
    assertFalse(QuorumRule.COUNT.met(3, 20, 4));
  }
}
