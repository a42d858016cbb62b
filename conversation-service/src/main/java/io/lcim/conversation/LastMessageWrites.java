package io.lcim.conversation;

import io.lcim.common.LastMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes last-message notes with at most one write per conversation every {@link #MIN_INTERVAL_MILLIS}: a note for a
 * quiet conversation is written at once; one arriving while its conversation's previous write is under way or
 * younger than the interval waits, and of several waiting notes only the newest is written when the interval ends.
 * A busy conversation then costs a few writes a second instead of one per message, and its stored last message is at
 * most that much behind.
 *
 * <p>Newest means the greatest (timestamp, id); of two notes for the same message (an edit), the later one. The store
 * re-checks the order ({@link ConversationStore#recordLastMessage}), so coalescing never moves the last message back.
 *
 * <p>Confined to the verticle's event loop.
 */
final class LastMessageWrites {

  static final long MIN_INTERVAL_MILLIS = 200;

  private final Vertx vertx;
  private final ConversationStore store;
  /** Conversations with a write in flight, and what waits for the next one (null: nothing yet). */
  private final Map<String, Waiting> inFlight = new HashMap<>();

  private static final class Waiting {
    private LastMessage newest;
    private final List<Promise<Void>> waiters = new ArrayList<>();
  }

  LastMessageWrites(Vertx vertx, ConversationStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  /** Completes once a write covering {@code note} (it or a newer note) is stored. */
  Future<Void> record(LastMessage note) {
    Waiting waiting = inFlight.get(note.cid());
    if (waiting == null) {
      inFlight.put(note.cid(), new Waiting());
      return write(note);
    }
    if (waiting.newest == null || !isOlder(note, waiting.newest)) {
      waiting.newest = note;
    }
    Promise<Void> written = Promise.promise();
    waiting.waiters.add(written);
    return written.future();
  }

  private Future<Void> write(LastMessage note) {
    long started = System.currentTimeMillis();
    return store.recordLastMessage(note).<Void>mapEmpty().andThen(done -> {
      long wait = started + MIN_INTERVAL_MILLIS - System.currentTimeMillis();
      if (wait < 1) {
        next(note.cid());
      } else {
        vertx.setTimer(wait, timer -> next(note.cid()));
      }
    });
  }

  private void next(String cid) {
    Waiting waiting = inFlight.remove(cid);
    if (waiting == null || waiting.newest == null) {
      return;
    }
    inFlight.put(cid, new Waiting());
    write(waiting.newest).onComplete(result -> waiting.waiters.forEach(waiter -> waiter.handle(result)));
  }

  private static boolean isOlder(LastMessage note, LastMessage than) {
    return note.timestamp() < than.timestamp()
      || note.timestamp() == than.timestamp() && note.messageId().compareTo(than.messageId()) < 0;
  }

  int conversationsInFlight() {
    return inFlight.size();
  }
}
