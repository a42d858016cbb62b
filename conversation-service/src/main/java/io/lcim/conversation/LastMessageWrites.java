package io.lcim.conversation;

import io.lcim.common.LastMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes last-message notes with at most one write in flight per conversation: a note arriving while its
 * conversation's write is under way waits, and of several waiting notes only the newest is written. A lone message
 * is recorded at once; a busy conversation costs one write per store round trip instead of one per message.
 *
 * <p>Newest means the greatest (timestamp, id); of two notes for the same message (an edit), the later one. The store
 * re-checks the order ({@link ConversationStore#recordLastMessage}), so coalescing never moves the last message back.
 *
 * <p>Confined to the verticle's event loop.
 */
final class LastMessageWrites {

  private final ConversationStore store;
  /** Conversations with a write in flight, and what waits for the next one (null: nothing yet). */
  private final Map<String, Waiting> inFlight = new HashMap<>();

  private static final class Waiting {
    private LastMessage newest;
    private final List<Promise<Void>> waiters = new ArrayList<>();
  }

  LastMessageWrites(ConversationStore store) {
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
    return store.recordLastMessage(note).<Void>mapEmpty().andThen(done -> next(note.cid()));
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
