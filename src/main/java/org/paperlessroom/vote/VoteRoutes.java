package org.paperlessroom.vote;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.paperlessroom.audit.AuditLog;
import org.paperlessroom.auth.AccessPolicy;
import org.paperlessroom.auth.Action;
import org.paperlessroom.auth.Actor;
import org.paperlessroom.auth.CurrentUser;
import org.paperlessroom.web.ApiException;
import org.paperlessroom.web.RequestBody;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.paperlessroom.web.Handlers.json;

/**
 * Votes over REST: the chair drafts, opens, closes or cancels them; voting members cast ballots,
 * answered only after the database committed them; everybody reads a vote (never a running tally,
 * except the chair's for a named vote; never who chose what in a secret one).
 */
public final class VoteRoutes {
  private final Pool pool;
  private final AccessPolicy policy;
  private final Votes votes;

  public VoteRoutes(Pool pool, AccessPolicy policy, Votes votes) {
    this.pool = pool;
    this.policy = policy;
    this.votes = votes;
  }

  public void mount(Router router) {
    router.get("/api/meetings/:meetingId/votes").handler(json(this::list));
    router.post("/api/meetings/:meetingId/votes").handler(json(201, this::create));
    router.get("/api/votes/:voteId").handler(json(this::read));
    router.patch("/api/votes/:voteId").handler(json(this::update));
    router.delete("/api/votes/:voteId").handler(json(this::delete));
    router.post("/api/votes/:voteId/open").handler(json(this::open));
    router.post("/api/votes/:voteId/close").handler(json(this::close));
    router.post("/api/votes/:voteId/cancel").handler(json(this::cancel));
    router.post("/api/votes/:voteId/ballots").handler(json(this::cast));
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    return policy.check(actor, meetingId, Action.VIEW_MEETING).compose(roles -> VoteRepository.forMeeting(pool, meetingId)
        .map(all -> {
          JsonArray list = new JsonArray();
          all.forEach(v -> list.add(v.toJson()));
          return new JsonObject().put("votes", list).put("can", new JsonObject()
              .put("manage", AccessPolicy.allows(actor, roles, Action.MANAGE_VOTES))
              .put("cast", AccessPolicy.allows(actor, roles, Action.CAST_VOTE)));
        }));
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    VoteRepository.Draft draft = VoteDrafts.parse(RequestBody.of(ctx), null);
    return policy.check(actor, meetingId, Action.MANAGE_VOTES)
        .compose(roles -> pool.withTransaction(sql -> VoteDrafts.checkItem(sql, meetingId, draft.itemId())
            .compose(v -> VoteRepository.insert(sql, meetingId, draft, actor.id()))
            .compose(vote -> AuditLog.record(sql, actor, "vote.create", meetingId, new JsonObject().put("voteId", vote.id())
                .put("question", vote.question()).put("secret", vote.secret())).map(vote))))
        .map(vote -> new JsonObject().put("vote", vote.toJson()));
  }

  private Future<JsonObject> update(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    RequestBody body = RequestBody.of(ctx);
    return vote(ctx, actor, Action.MANAGE_VOTES).compose(before -> {
      if (!before.draft()) {
        throw ApiException.conflict("not_draft", "Only a draft vote can be changed.");
      }
      VoteRepository.Draft draft = VoteDrafts.parse(body, before);
      return pool.withTransaction(sql -> VoteDrafts.checkItem(sql, before.meetingId(), draft.itemId())
          .compose(v -> VoteRepository.updateDraft(sql, before.id(), draft))
          .compose(found -> {
            Vote after = found.orElseThrow(() -> ApiException.conflict("not_draft", "Only a draft vote can be changed."));
            return AuditLog.record(sql, actor, "vote.update", after.meetingId(), new JsonObject().put("voteId", after.id())
                .put("before", before.toJson()).put("after", after.toJson())).map(after);
          }));
    }).map(vote -> new JsonObject().put("vote", vote.toJson()));
  }

  private Future<JsonObject> delete(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    return vote(ctx, actor, Action.MANAGE_VOTES).compose(v -> pool.withTransaction(sql -> VoteRepository.deleteDraft(sql, v.id())
        .compose(deleted -> deleted
            ? AuditLog.record(sql, actor, "vote.delete", v.meetingId(), new JsonObject().put("voteId", v.id()).put("question", v.question()))
            : Future.failedFuture(ApiException.conflict("not_draft", "Only a draft vote can be deleted; cancel an open one.")))))
        .map(v -> new JsonObject().put("deleted", true));
  }

  private Future<JsonObject> open(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    return vote(ctx, actor, Action.MANAGE_VOTES).compose(v -> votes.open(actor, v))
        .map(v -> new JsonObject().put("vote", Votes.shown(v, 0)));
  }

  private Future<JsonObject> close(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    return vote(ctx, actor, Action.MANAGE_VOTES).compose(v -> votes.close(v.meetingId(), v.id(), actor, "chair"))
        .map(v -> new JsonObject().put("vote", Votes.shown(v, v.result().getInteger("cast"))));
  }

  private Future<JsonObject> cancel(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    String reason = RequestBody.of(ctx).requiredText("reason", 1, 500);
    return vote(ctx, actor, Action.MANAGE_VOTES).compose(v -> votes.cancel(actor, v, reason))
        .map(v -> new JsonObject().put("vote", Votes.shown(v, 0)));
  }

  /** A vote with my ballot; for the chair of an open named vote also the running tally. */
  private Future<JsonObject> read(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long voteId = RequestBody.pathId(ctx, "voteId");
    return found(voteId).compose(v -> policy.check(actor, v.meetingId(), Action.VIEW_MEETING)
        .compose(roles -> VoteRepository.voted(pool, v).compose(voted -> VoteRepository.mine(pool, v, actor.id())
            .compose(mine -> {
              JsonObject out = new JsonObject().put("vote", Votes.shown(v, voted)).put("mine", mine);
              if (v.open() && !v.secret() && AccessPolicy.allows(actor, roles, Action.MANAGE_VOTES)) {
                return VoteRepository.counts(pool, v).map(counts -> out.put("tally", new JsonArray(java.util.Arrays.stream(counts).boxed().toList())));
              }
              return Future.succeededFuture(out);
            }))));
  }

  /** {clientId, choices: [option indexes]}: answered after the commit; a retry with the same clientId counts once. */
  private Future<JsonObject> cast(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long voteId = RequestBody.pathId(ctx, "voteId");
    RequestBody body = RequestBody.of(ctx);
    UUID clientId = clientId(body);
    List<Integer> choices = choices(body);
    return found(voteId).compose(v -> policy.check(actor, v.meetingId(), Action.CAST_VOTE).compose(roles -> {
      int bits = VoteDrafts.ballotBits(v, choices);
      Future<Ballot.Outcome> outcome = (v.open() ? votes.box().cast(v.id(), new Ballot(actor.id(), clientId, bits))
          : Future.succeededFuture(Ballot.Outcome.NOT_OPEN))
          .compose(o -> o == Ballot.Outcome.NOT_OPEN ? alreadyCounted(v.id(), actor.id(), clientId) : Future.succeededFuture(o));
      return outcome.map(o -> switch (o) {
        case RECORDED, ALREADY_RECORDED, CHANGED -> new JsonObject().put("recorded", true)
            .put("outcome", o.name().toLowerCase(java.util.Locale.ROOT)).put("voteId", v.id());
        case ALREADY_VOTED -> throw ApiException.conflict("already_voted",
            "You have already voted, and this vote does not allow changing a ballot.");
        case NOT_ELIGIBLE -> throw new ApiException(403, "not_eligible",
            "Only the voting members checked in when the vote opened may vote in it.");
        case NOT_OPEN -> throw notOpen(v);
      });
    }));
  }

  /**
   * A ballot for a vote no longer open: the answer to its first sending may have been lost just
   * before the vote closed; the same ballot (same client id) was counted in the result, and is
   * answered so. A cancelled vote counted nothing.
   */
  private Future<Ballot.Outcome> alreadyCounted(long voteId, long userId, UUID clientId) {
    return found(voteId).compose(v -> !"closed".equals(v.status()) ? Future.succeededFuture(Ballot.Outcome.NOT_OPEN)
        : VoteRepository.mine(pool, v, userId).map(mine -> clientId.toString().equals(mine.getString("clientId"))
            ? Ballot.Outcome.ALREADY_RECORDED : Ballot.Outcome.NOT_OPEN));
  }

  private static ApiException notOpen(Vote v) {
    return ApiException.conflict("vote_not_open", v.draft() ? "The vote has not been opened yet."
        : "The vote is " + v.status() + ": the ballot was not counted.");
  }

  private static UUID clientId(RequestBody body) {
    String raw = body.requiredText("clientId", 36, 36);
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidField("clientId", "clientId must be a UUID made by the client for this ballot.");
    }
  }

  private static List<Integer> choices(RequestBody body) {
    JsonArray array = body.optionalArray("choices").orElseThrow(() ->
        ApiException.invalidField("choices", "choices is required: the numbers of the options chosen, from 0."));
    List<Integer> out = new ArrayList<>();
    for (Object o : array) {
      if (!(o instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < 0 || n.intValue() > 19 || out.contains(n.intValue())) {
        throw ApiException.invalidField("choices", "choices must be distinct option numbers from 0.");
      }
      out.add(n.intValue());
    }
    return out;
  }

  private Future<Vote> found(long voteId) {
    return VoteRepository.byId(pool, voteId).map(v -> v.orElseThrow(() -> ApiException.notFound("The vote")));
  }

  private Future<Vote> vote(RoutingContext ctx, Actor actor, Action action) {
    long voteId = RequestBody.pathId(ctx, "voteId");
    return found(voteId).compose(v -> policy.check(actor, v.meetingId(), action).map(v));
  }
}
