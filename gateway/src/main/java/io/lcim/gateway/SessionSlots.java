package io.lcim.gateway;

import java.util.Arrays;
import java.util.List;

/**
 * A small ordered set of sessions held without a collection object: null (none), a {@link ClientSession} (one,
 * by far the most common case: one client per socket, one socket per client id) or a {@code ClientSession[]}
 * (several, in the order they were added). Used for the sessions of a socket and for the sessions of a client id
 * on this node. The operations return the new holder, which is never the old one when something changed.
 */
final class SessionSlots {

  private SessionSlots() {
  }

  /** The session of {@code clientId}, or null. */
  static ClientSession find(Object slots, String clientId) {
    if (slots instanceof ClientSession only) {
      return only.clientId().equals(clientId) ? only : null;
    }
    if (slots instanceof ClientSession[] many) {
      for (ClientSession session : many) {
        if (session.clientId().equals(clientId)) {
          return session;
        }
      }
    }
    return null;
  }

  static ClientSession first(Object slots) {
    if (slots instanceof ClientSession only) {
      return only;
    }
    return slots instanceof ClientSession[] many ? many[0] : null;
  }

  /** A copy, in order. */
  static List<ClientSession> list(Object slots) {
    if (slots instanceof ClientSession only) {
      return List.of(only);
    }
    return slots instanceof ClientSession[] many ? List.of(many) : List.of();
  }

  /** Appends {@code session}. */
  static Object add(Object slots, ClientSession session) {
    if (slots == null) {
      return session;
    }
    if (slots instanceof ClientSession only) {
      return new ClientSession[]{only, session};
    }
    ClientSession[] many = (ClientSession[]) slots;
    ClientSession[] more = Arrays.copyOf(many, many.length + 1);
    more[many.length] = session;
    return more;
  }

  /** Adds {@code session}, or puts it in the place of the session of the same client id (keeping the order). */
  static Object put(Object slots, ClientSession session) {
    if (slots instanceof ClientSession only && only.clientId().equals(session.clientId())) {
      return session;
    }
    if (slots instanceof ClientSession[] many) {
      for (int i = 0; i < many.length; i++) {
        if (many[i].clientId().equals(session.clientId())) {
          ClientSession[] replaced = many.clone();
          replaced[i] = session;
          return replaced;
        }
      }
    }
    return add(slots, session);
  }

  /** Removes exactly {@code session} (by identity); returns {@code slots} itself when it was not there. */
  static Object remove(Object slots, ClientSession session) {
    if (slots == session) {
      return null;
    }
    if (!(slots instanceof ClientSession[] many)) {
      return slots;
    }
    int index = 0;
    while (index < many.length && many[index] != session) {
      index++;
    }
    if (index == many.length) {
      return slots;
    }
    if (many.length == 2) {
      return many[1 - index];
    }
    ClientSession[] rest = new ClientSession[many.length - 1];
    System.arraycopy(many, 0, rest, 0, index);
    System.arraycopy(many, index + 1, rest, index, rest.length - index);
    return rest;
  }
}
