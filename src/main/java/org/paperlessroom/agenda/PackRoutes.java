package org.paperlessroom.agenda;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.paperlessroom.auth.AccessPolicy;
import org.paperlessroom.auth.Action;
import org.paperlessroom.auth.Actor;
import org.paperlessroom.auth.CurrentUser;
import org.paperlessroom.document.DocumentStore;
import org.paperlessroom.document.FileKind;
import org.paperlessroom.document.render.RenderPool;
import org.paperlessroom.meeting.CalendarFile;
import org.paperlessroom.meeting.Meeting;
import org.paperlessroom.meeting.MeetingFacts;
import org.paperlessroom.web.ApiException;
import org.paperlessroom.web.RequestBody;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What a participant takes away: the meeting pack (one PDF: a cover with the agenda, then every
 * item's documents in agenda order with a bookmark per item; classified documents left out with a
 * note), built in a render worker process because it opens uploaded PDFs; and the meeting as a
 * calendar event (.ics).
 */
public final class PackRoutes {
  private static final Duration PACK_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration DEFAULT_LENGTH = Duration.ofHours(2);
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("HH:mm, dd/MM/yyyy");

  private final Vertx vertx;
  private final Pool pool;
  private final AccessPolicy policy;
  private final DocumentStore store;
  private final RenderPool renderPool;
  private final Path tmpDir;
  private final String publicUrl;
  private final ZoneId zone;
  /** Packs being made, by meeting and language: one at a time each, so that nobody can flood the renderers. */
  private final java.util.Set<String> making = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public PackRoutes(Vertx vertx, Pool pool, AccessPolicy policy, DocumentStore store, RenderPool renderPool,
                    Path tmpDir, String publicUrl, ZoneId zone) {
    this.vertx = vertx;
    this.pool = pool;
    this.policy = policy;
    this.store = store;
    this.renderPool = renderPool;
    this.tmpDir = tmpDir;
    this.publicUrl = publicUrl;
    this.zone = zone;
  }

  public void mount(Router router) {
    router.get("/api/meetings/:meetingId/pack.pdf").handler(this::pack);
    router.get("/api/meetings/:meetingId/calendar.ics").handler(this::calendar);
  }

  private void pack(RoutingContext ctx) {
    try {
      Actor actor = CurrentUser.require(ctx);
      long meetingId = RequestBody.pathId(ctx, "meetingId");
      boolean english = "en".equals(ctx.queryParams().get("lang"));
      Path out = tmpDir.resolve("packs").resolve("pack-" + meetingId + "-" + UUID.randomUUID() + ".pdf");
      String key = meetingId + (english ? "/en" : "/vi");
      java.util.concurrent.atomic.AtomicBoolean mine = new java.util.concurrent.atomic.AtomicBoolean();
      policy.check(actor, meetingId, Action.VIEW_MEETING)
          .compose(roles -> {
            mine.set(making.add(key));
            if (!mine.get()) {
              ctx.response().putHeader("Retry-After", "5");
              return Future.failedFuture(new ApiException(503, "pack_busy",
                  "The meeting pack is being made right now; try again in a few seconds."));
            }
            return Future.succeededFuture(roles);
          })
          .compose(roles -> MeetingFacts.of(pool, meetingId))
          .compose(meeting -> AgendaRepository.items(pool, meetingId).map(items -> spec(meeting, items, english, out)))
          .compose(spec -> vertx.fileSystem().mkdirs(out.getParent().toString()).map(spec))
          .compose(spec -> renderPool.pack(spec, PACK_TIMEOUT))
          .compose(outcome -> {
            if (outcome.ok()) {
              return Future.succeededFuture();
            }
            if (outcome.timedOut()) {
              return Future.failedFuture(new ApiException(503, "pack_timeout",
                  "Making the meeting pack took too long; try again in a moment."));
            }
            String why = outcome.answer() != null ? outcome.answer().getString("message", "") : outcome.failure();
            return Future.failedFuture(new ApiException(422, "pack_failed", "The meeting pack could not be made: " + why));
          })
          .compose(v -> ctx.response()
              .putHeader("Content-Type", "application/pdf")
              .putHeader("Content-Disposition", "attachment; filename=\"meeting-pack-" + meetingId + ".pdf\"")
              .putHeader("Cache-Control", "no-store")
              .sendFile(out.toString()))
          .onComplete(ar -> {
            if (mine.get()) {
              making.remove(key);
            }
            vertx.fileSystem().delete(out.toString()).onFailure(e -> { /* not written: nothing to remove */ });
            if (ar.failed()) {
              ctx.fail(ar.cause());
            }
          });
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }

  private JsonObject spec(Meeting m, List<AgendaItem> items, boolean english, Path out) {
    JsonArray lines = new JsonArray()
        .add(line(m.orgParent().toUpperCase(Locale.ROOT), 12, false))
        .add(line(m.orgName().toUpperCase(Locale.ROOT), 12, true))
        .add(line(" ", 12, false))
        .add(line(english ? "MEETING PACK" : "TẬP TÀI LIỆU HỌP", 18, true))
        .add(line(m.title(), 15, true))
        .add(line((english ? "Time: " : "Thời gian: ") + WHEN.format(m.startsAt().atZone(zone)), 12, false));
    if (!m.location().isBlank()) {
      lines.add(line((english ? "Place: " : "Địa điểm: ") + m.location(), 12, false));
    }
    JsonArray agenda = new JsonArray();
    JsonArray sections = new JsonArray();
    for (AgendaItem item : items) {
      StringBuilder text = new StringBuilder().append(item.position()).append(". ").append(item.title());
      if (item.presenterName() != null) {
        text.append(" — ").append(item.presenterName());
      }
      if (item.plannedMinutes() > 0) {
        text.append(" (").append(item.plannedMinutes()).append(english ? " min)" : " phút)");
      }
      JsonArray notes = new JsonArray();
      JsonArray files = new JsonArray();
      for (AgendaItem.Document d : item.documents()) {
        if (d.classified()) {
          notes.add(english ? "Classified document “" + d.name() + "” is not in this pack; it is shown only during the meeting."
              : "Tài liệu mật “" + d.name() + "” không có trong tập này; chỉ được trình chiếu tại cuộc họp.");
        } else if (!d.ready()) {
          notes.add(english ? "Document “" + d.name() + "” is still being prepared and is not in this pack."
              : "Tài liệu “" + d.name() + "” đang được xử lý, chưa có trong tập này.");
        } else {
          files.add(store.renderable(d.sha256(), FileKind.valueOf(d.kind().toUpperCase(Locale.ROOT))).toString());
          notes.add((english ? "Document: " : "Tài liệu: ") + d.name());
        }
      }
      agenda.add(new JsonObject().put("text", text.toString()).put("notes", notes));
      sections.add(new JsonObject().put("bookmark", item.position() + ". " + item.title()).put("files", files));
    }
    if (items.isEmpty()) {
      agenda.add(new JsonObject().put("text", english ? "The agenda is empty." : "Chưa có nội dung họp.").put("notes", new JsonArray()));
    }
    return new JsonObject().put("out", out.toString()).put("title", m.title())
        .put("cover", new JsonObject().put("lines", lines).put("heading", english ? "AGENDA" : "CHƯƠNG TRÌNH HỌP")
            .put("agenda", agenda))
        .put("items", sections);
  }

  private static JsonObject line(String text, int size, boolean bold) {
    return new JsonObject().put("text", text).put("size", size).put("bold", bold).put("align", "center");
  }

  private void calendar(RoutingContext ctx) {
    try {
      Actor actor = CurrentUser.require(ctx);
      long meetingId = RequestBody.pathId(ctx, "meetingId");
      policy.check(actor, meetingId, Action.VIEW_MEETING)
          .compose(roles -> MeetingFacts.of(pool, meetingId))
          .compose(meeting -> AgendaRepository.items(pool, meetingId).map(items -> {
            int minutes = items.stream().mapToInt(AgendaItem::plannedMinutes).sum();
            Duration length = minutes > 0 ? Duration.ofMinutes(Math.max(15, minutes)) : DEFAULT_LENGTH;
            return CalendarFile.ics(CalendarFile.of(meeting, publicUrl, length));
          }))
          .onSuccess(ics -> ctx.response()
              .putHeader("Content-Type", CalendarFile.MEDIA_TYPE)
              .putHeader("Content-Disposition", "attachment; filename=\"meeting-" + meetingId + ".ics\"")
              .putHeader("Cache-Control", "no-store")
              .end(ics))
          .onFailure(ctx::fail);
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }
}
