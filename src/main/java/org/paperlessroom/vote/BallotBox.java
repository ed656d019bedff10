package org.paperlessroom.vote;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes each vote's ballots in batches: whatever arrived while the previous batch was being
 * committed goes in the next transaction (at most one ballot per person per batch), and every
 * ballot is answered only after its batch committed. One commit for many ballots keeps a room of
 * voters pressing at the same second fast; the transaction locks the vote's row, so a close (which
 * locks it too) counts exactly the ballots committed before it and none after. Runs on the HTTP
 * server's event loop, like the handlers that call it.
 */
final class BallotBox {
  private static final int MAX_BATCH = 500;

  /** A batch written: the vote as locked, each person's outcome, and how many have voted now. */
  record Written(Vote vote, Map<Long, Ballot.Outcome> outcomes, int voted) {
  }

  /** Told after each batch that counted something new (for the live state and closing when all voted). */
  interface AfterBatch {
    void written(Written batch);
  }

  private record Pending(Ballot ballot, Promise<Ballot.Outcome> answer) {
  }

  private static final class Queue {
    final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    boolean writing;
  }

  private final Pool pool;
  private final AfterBatch afterBatch;
  private final Map<Long, Queue> queues = new HashMap<>();

  BallotBox(Pool pool, AfterBatch afterBatch) {
    this.pool = pool;
    this.afterBatch = afterBatch;
  }

  /** Queues a ballot; the answer comes after the commit that wrote it (or found it written before). */
  Future<Ballot.Outcome> cast(long voteId, Ballot ballot) {
    Queue q = queues.computeIfAbsent(voteId, id -> new Queue());
    Promise<Ballot.Outcome> answer = Promise.promise();
    q.waiting.add(new Pending(ballot, answer));
    drain(voteId, q);
    return answer.future();
  }

  private void drain(long voteId, Queue q) {
    if (q.writing) {
      return;
    }
    if (q.waiting.isEmpty()) {
      queues.remove(voteId, q);
      return;
    }
    List<Pending> batch = new ArrayList<>();
    Set<Long> people = new HashSet<>();
    for (Iterator<Pending> it = q.waiting.iterator(); it.hasNext() && batch.size() < MAX_BATCH; ) {
      Pending p = it.next();
      if (people.add(p.ballot().userId())) {
        batch.add(p);
        it.remove();
      }
    }
    q.writing = true;
    List<Ballot> ballots = batch.stream().map(Pending::ballot).toList();
    pool.withTransaction(sql -> VoteRepository.lock(sql, voteId).compose(vote -> {
      if (!vote.open()) {
        Map<Long, Ballot.Outcome> refused = new HashMap<>();
        ballots.forEach(b -> refused.put(b.userId(), Ballot.Outcome.NOT_OPEN));
        return Future.succeededFuture(new Written(vote, refused, -1));
      }
      return VoteRepository.write(sql, vote, ballots)
          .compose(outcomes -> VoteRepository.voted(sql, vote).map(n -> new Written(vote, outcomes, n)));
    })).onComplete(ar -> {
      q.writing = false;
      if (ar.failed()) {
        batch.forEach(p -> p.answer().fail(ar.cause()));
      } else {
        Written w = ar.result();
        batch.forEach(p -> p.answer().complete(w.outcomes().get(p.ballot().userId())));
        if (w.voted() >= 0 && w.outcomes().values().stream().anyMatch(o -> o == Ballot.Outcome.RECORDED)) {
          afterBatch.written(w);
        }
      }
      drain(voteId, q);
    });
  }
}
