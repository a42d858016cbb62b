package io.lcim.message;

import com.google.protobuf.ByteString;
import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.DirectCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.LogsCommand;
import io.lcim.common.proto.LogItem;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/** One client session as the message service sees it: commands forwarded by the gateway with its context. */
final class TestClient {

  private final MessageServiceHarness harness;
  final ServiceRequest session;

  TestClient(MessageServiceHarness harness, ServiceRequest session) {
    this.harness = harness;
    this.session = session;
  }

  String id() {
    return session.clientId();
  }

  Future<GenericCommand> send(DirectCommand.Builder direct) {
    return harness.request(session,
      GenericCommand.newBuilder().setCmd(CommandType.direct).setDirectMessage(direct).build());
  }

  /** A text message as the SDK sends it ({@code mentionAll: false} is always on the wire). */
  Future<GenericCommand> sendText(String cid, String msg) {
    return send(DirectCommand.newBuilder().setCid(cid).setMsg(msg).setMentionAll(false));
  }

  Future<GenericCommand> sendBinary(String cid, byte[] bytes) {
    return send(DirectCommand.newBuilder().setCid(cid).setBinaryMsg(ByteString.copyFrom(bytes)).setMentionAll(false));
  }

  /** Sends {@code count} messages one after the other (the gateway forwards a sender's next message after the ack). */
  Future<List<GenericCommand>> sendTexts(String cid, int count, String prefix) {
    List<GenericCommand> acks = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int n = 1; n <= count; n++) {
      String msg = prefix + n;
      chain = chain.compose(v -> sendText(cid, msg).map(ack -> {
        acks.add(ack);
        return null;
      }));
    }
    return chain.map(v -> acks);
  }

  Future<GenericCommand> logsCommand(LogsCommand.Builder logs) {
    return harness.request(session, GenericCommand.newBuilder().setCmd(CommandType.logs).setLogsMessage(logs).build());
  }

  Future<List<LogItem>> logs(LogsCommand.Builder logs) {
    return logsCommand(logs).map(response -> {
      if (response.getCmd() != CommandType.logs) {
        throw new AssertionError("expected a logs response, got " + response);
      }
      return response.getLogsMessage().getLogsList();
    });
  }
}
