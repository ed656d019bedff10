package org.paperlessroom.vote;

import java.util.UUID;

/** One person's ballot as cast: the client's id for it (a retry carries the same) and the choices as a bit set. */
record Ballot(long userId, UUID clientId, int choices) {

  /** What became of a ballot. */
  enum Outcome {
    /** Counted now. */
    RECORDED,
    /** The same ballot again (a retry): counted once, before. */
    ALREADY_RECORDED,
    /** A changed ballot replaced the earlier one (votes that allow it). */
    CHANGED,
    /** Another ballot of this person is counted, and this vote does not allow changing it. */
    ALREADY_VOTED,
    /** Not among the voting members checked in when the vote opened. */
    NOT_ELIGIBLE,
    /** The vote is not open (closed, cancelled, or not yet opened). */
    NOT_OPEN;

    boolean counted() {
      return this == RECORDED || this == ALREADY_RECORDED || this == CHANGED;
    }
  }
}
