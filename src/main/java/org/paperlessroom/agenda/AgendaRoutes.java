package org.paperlessroom.agenda;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.paperlessroom.audit.AuditLog;
import org.paperlessroom.auth.AccessPolicy;
import org.paperlessroom.auth.Action;
import org.paperlessroom.auth.Actor;
import org.paperlessroom.auth.CurrentUser;
import org.paperlessroom.live.LiveHub;
import org.paperlessroom.live.LiveState;
import org.paperlessroom.web.ApiException;
import org.paperlessroom.web.RequestBody;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.paperlessroom.web.Handlers.json;

/**
 * The agenda (chương trình họp): read by every participant; items added, changed, removed and put
 * in order by the chair or the secretary, before and during the meeting. Every change is audited
 * and reaches all participants at once: the live state carries the agenda's version, and clients
 * fetch the agenda again when it changes.
 */
public final class AgendaRoutes {
  static final int MAX_ITEMS = 200;
  private static final int MAX_DOCUMENTS_PER_ITEM = 50;

  private final Pool pool;
  private final AccessPolicy policy;
  private final LiveHub hub;

  public AgendaRoutes(Pool pool, AccessPolicy policy, LiveHub hub) {
    this.pool = pool;
    this.policy = policy;
    this.hub = hub;
  }

  public void mount(Router router) {
    router.get("/api/meetings/:meetingId/agenda").handler(json(this::agenda));
    router.post("/api/meetings/:meetingId/agenda").handler(json(201, this::create));
    router.put("/api/meetings/:meetingId/agenda/order").handler(json(this::reorder));
    router.patch("/api/meetings/:meetingId/agenda/:itemId").handler(json(this::update));
    router.delete("/api/meetings/:meetingId/agenda/:itemId").handler(json(this::delete));
  }

  private Future<JsonObject> agenda(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    return policy.check(actor, meetingId, Action.VIEW_MEETING).compose(roles -> agendaJson(meetingId)
        .map(json -> json.put("can", new JsonObject()
            .put("edit", AccessPolicy.allows(actor, roles, Action.EDIT_AGENDA))
            .put("run", AccessPolicy.allows(actor, roles, Action.RUN_MEETING))
            .put("requestFloor", AccessPolicy.allows(actor, roles, Action.REQUEST_FLOOR)))));
  }

  /** The agenda as every participant sees it: {version, items}. */
  public Future<JsonObject> agendaJson(long meetingId) {
    return pool.preparedQuery("SELECT agenda_version FROM meetings WHERE id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(meetingId))
        .compose(rows -> AgendaRepository.items(pool, meetingId).map(items -> {
          JsonArray list = new JsonArray();
          items.forEach(i -> list.add(i.toJson()));
          long version = rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
          return new JsonObject().put("version", version).put("items", list);
        }));
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    RequestBody body = RequestBody.of(ctx);
    AgendaRepository.ItemFields fields = new AgendaRepository.ItemFields(body.requiredText("title", 1, 300),
        body.optionalText("description", 0, 5000).orElse(""), body.optionalId("presenterId").orElse(null),
        body.optionalInt("plannedMinutes", 0, 1440).orElse(0));
    Integer position = body.optionalInt("position", 1, MAX_ITEMS).orElse(null);
    List<Long> documentIds = ids(body, "documentIds", MAX_DOCUMENTS_PER_ITEM);
    return policy.check(actor, meetingId, Action.EDIT_AGENDA)
        .compose(roles -> change(meetingId, sql -> AgendaRepository.items(sql, meetingId).compose(items -> {
          if (items.size() >= MAX_ITEMS) {
            throw ApiException.conflict("agenda_full", "An agenda can have at most " + MAX_ITEMS + " items.");
          }
          int at = position == null ? items.size() + 1 : Math.min(position, items.size() + 1);
          return checkFields(sql, meetingId, fields, documentIds)
              .compose(v -> AgendaRepository.insert(sql, meetingId, at, fields))
              .compose(id -> AgendaRepository.setDocuments(sql, id, documentIds)
                  .compose(v -> AuditLog.record(sql, actor, "agenda.item.create", meetingId, new JsonObject()
                      .put("itemId", id).put("title", fields.title()).put("position", at)))
                  .map(id));
        })))
        .compose(id -> agendaJson(meetingId).map(json -> json.put("itemId", id)));
  }

  private Future<JsonObject> update(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    long itemId = RequestBody.pathId(ctx, "itemId");
    RequestBody body = RequestBody.of(ctx);
    var title = body.optionalText("title", 1, 300);
    var description = body.optionalText("description", 0, 5000);
    var presenter = body.optionalId("presenterId");
    boolean clearPresenter = body.isNull("presenterId");
    var minutes = body.optionalInt("plannedMinutes", 0, 1440);
    List<Long> documentIds = body.has("documentIds") ? ids(body, "documentIds", MAX_DOCUMENTS_PER_ITEM) : null;
    return policy.check(actor, meetingId, Action.EDIT_AGENDA)
        .compose(roles -> change(meetingId, sql -> AgendaRepository.item(sql, meetingId, itemId).compose(found -> {
          AgendaItem before = found.orElseThrow(() -> ApiException.notFound("The agenda item"));
          AgendaRepository.ItemFields after = new AgendaRepository.ItemFields(title.orElse(before.title()),
              description.orElse(before.description()),
              clearPresenter ? null : presenter.orElse(before.presenterId()), minutes.orElse(before.plannedMinutes()));
          List<Long> docs = documentIds != null ? documentIds : before.documents().stream().map(AgendaItem.Document::id).toList();
          return checkFields(sql, meetingId, after, documentIds == null ? List.of() : documentIds)
              .compose(v -> AgendaRepository.update(sql, meetingId, itemId, after))
              .compose(v -> documentIds == null ? Future.succeededFuture() : AgendaRepository.setDocuments(sql, itemId, docs))
              .compose(v -> AuditLog.record(sql, actor, "agenda.item.update", meetingId, new JsonObject()
                  .put("itemId", itemId).put("before", before.toJson()).put("after", new JsonObject()
                      .put("title", after.title()).put("description", after.description())
                      .put("presenterId", after.presenterId()).put("plannedMinutes", after.plannedMinutes())
                      .put("documentIds", new JsonArray(new ArrayList<>(docs))))));
        })))
        .compose(v -> agendaJson(meetingId));
  }

  private Future<JsonObject> delete(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    long itemId = RequestBody.pathId(ctx, "itemId");
    return policy.check(actor, meetingId, Action.EDIT_AGENDA)
        .compose(roles -> change(meetingId, sql -> AgendaRepository.item(sql, meetingId, itemId).compose(found -> {
          AgendaItem item = found.orElseThrow(() -> ApiException.notFound("The agenda item"));
          return AgendaRepository.delete(sql, meetingId, itemId)
              .compose(v -> AuditLog.record(sql, actor, "agenda.item.delete", meetingId, item.toJson()));
        })))
        .compose(v -> agendaJson(meetingId));
  }

  private Future<JsonObject> reorder(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    List<Long> order = ids(RequestBody.of(ctx), "itemIds", MAX_ITEMS);
    return policy.check(actor, meetingId, Action.EDIT_AGENDA)
        .compose(roles -> change(meetingId, sql -> AgendaRepository.items(sql, meetingId).compose(items -> {
          List<Long> before = items.stream().map(AgendaItem::id).toList();
          if (!Set.copyOf(before).equals(Set.copyOf(order)) || before.size() != order.size()) {
            throw ApiException.conflict("agenda_changed",
                "The agenda changed meanwhile (an item was added or removed): reload it and try again.");
          }
          return AgendaRepository.reorder(sql, meetingId, order)
              .compose(v -> AuditLog.record(sql, actor, "agenda.reorder", meetingId, new JsonObject()
                  .put("before", new JsonArray(new ArrayList<>(before))).put("after", new JsonArray(new ArrayList<>(order)))));
        })))
        .compose(v -> agendaJson(meetingId));
  }

  /**
   * One change to the agenda: in the meeting's live order, in one transaction that takes the next
   * agenda version; once committed the live state gets the version (and loses a deleted current item).
   */
  private <T> Future<T> change(long meetingId, Function<SqlClient, Future<T>> work) {
    AtomicReference<T> result = new AtomicReference<>();
    return hub.update(meetingId, state -> pool.withTransaction(sql -> AgendaRepository.nextVersion(sql, meetingId)
            .compose(version -> work.apply(sql).map(r -> {
              result.set(r);
              return version;
            })))
            .compose(version -> AgendaRepository.items(pool, meetingId).map(items -> agendaChanged(version, items))))
        .map(seq -> result.get());
  }

  private static UnaryOperator<LiveState> agendaChanged(long version, List<AgendaItem> items) {
    return s -> {
      var run = s.run().agendaVersion(version);
      Long current = run.itemId();
      boolean gone = current != null && items.stream().noneMatch(i -> i.id() == current);
      return s.run(gone ? run.item(null, 0, null) : run);
    };
  }

  private Future<Void> checkFields(SqlClient sql, long meetingId, AgendaRepository.ItemFields fields, List<Long> documentIds) {
    Future<Void> presenter = fields.presenterId() == null ? Future.succeededFuture()
        : AgendaRepository.isParticipant(sql, meetingId, fields.presenterId()).compose(yes -> yes
            ? Future.succeededFuture()
            : Future.failedFuture(ApiException.invalidField("presenterId", "The presenter must be a participant of this meeting.")));
    return presenter.compose(v -> documentIds.isEmpty() ? Future.succeededFuture()
        : AgendaRepository.meetingDocuments(sql, meetingId).compose(ids -> ids.containsAll(documentIds)
            ? Future.succeededFuture()
            : Future.failedFuture(ApiException.invalidField("documentIds", "Only this meeting's documents can be attached to its agenda."))));
  }

  /** A list of distinct positive ids. */
  static List<Long> ids(RequestBody body, String field, int max) {
    JsonArray array = body.optionalArray(field).orElse(new JsonArray());
    if (array.size() > max) {
      throw ApiException.invalidField(field, field + " can have at most " + max + " entries.");
    }
    Set<Long> out = new LinkedHashSet<>();
    for (Object v : array) {
      if (!(v instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() <= 0 || !out.add(n.longValue())) {
        throw ApiException.invalidField(field, field + " must be a list of distinct ids.");
      }
    }
    return List.copyOf(out);
  }
}
