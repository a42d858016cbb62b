package io.lcim.gateway;

import io.lcim.common.Addresses;
import io.lcim.common.ClientCommands;
import io.lcim.common.Commands;
import io.lcim.common.ErrorCode;
import io.lcim.common.ServiceErrors;
import io.lcim.common.ServiceRequest;
import io.lcim.common.proto.AckCommand;
import io.lcim.common.proto.CommandType;
import io.lcim.common.proto.ConvCommand;
import io.lcim.common.proto.DirectCommand;
import io.lcim.common.proto.GenericCommand;
import io.lcim.common.proto.OpType;
import io.lcim.common.proto.ReadCommand;
import io.lcim.common.proto.ReadTuple;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.lcim.gateway.SessionTest.assertError;
import static io.lcim.gateway.SessionTest.conv;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ForwardingTest extends GatewayTestBase {

  /** What a fake service received: the command bytes and the session context from the headers. */
  record Received(GenericCommand command, byte[] bytes, ServiceRequest request) {
  }

  /** The forwarded types, from the one routing table (a type missing from it fails {@code ClientCommandsTest}). */
  static List<CommandType> forwardedTypes() {
    return Arrays.stream(CommandType.values()).filter(type -> ClientCommands.route(type).forwarded()).toList();
  }

  static List<CommandType> refusedTypes() {
    return List.copyOf(ClientCommands.ownedBy(ClientCommands.Owner.REFUSED));
  }

  @Test
  void theServicesGetTheirFamilies() {
    assertThat(forwardedTypes()).contains(CommandType.conv, CommandType.direct, CommandType.logs, CommandType.patch,
      CommandType.ack, CommandType.read);
    assertThat(ClientCommands.route(CommandType.conv).address()).isEqualTo(Addresses.CONVERSATION_COMMAND);
    assertThat(ClientCommands.route(CommandType.direct).address()).isEqualTo(Addresses.MESSAGE_COMMAND);
  }

  @ParameterizedTest
  @MethodSource("forwardedTypes")
  void forwardsEachFamilyToItsServiceWithTheSessionContextAndSetsI(CommandType type) {
    String owner = ClientCommands.route(type).address();
    BlockingQueue<Received> received = fakeService(owner, message -> message.reply(Commands.toBuffer(
      GenericCommand.newBuilder().setCmd(type).setOp(OpType.results).build())));
    String tom = uniqueId("Tom");
    TestClient client = loggedIn(tom);
    GenericCommand command = GenericCommand.newBuilder().setCmd(type).setOp(OpType.query).build();

    int i = client.sendRequest(command);
    GenericCommand response = client.response(i);
    Received forwarded = take(received);

    assertThat(response.getCmd()).isEqualTo(type);
    assertThat(response.getOp()).isEqualTo(OpType.results);
    assertThat(response.getI()).isEqualTo(i);
    assertThat(forwarded.bytes()).isEqualTo(command.toBuilder().setI(i).build().toByteArray());
    assertThat(forwarded.request().appId()).isEqualTo(APP_ID);
    assertThat(forwarded.request().clientId()).isEqualTo(tom);
    assertThat(forwarded.request().sessionId()).isNotEmpty();
    assertThat(forwarded.request().nodeId()).isEqualTo(gateway.nodeId());
  }

  /** Pushes the server sends and features it does not serve: a clear error, nothing reaches a service. */
  @ParameterizedTest
  @MethodSource("refusedTypes")
  void everyOtherCommandIsRefusedWithItsStatedCode(CommandType type) {
    BlockingQueue<Received> conversations = fakeService(Addresses.CONVERSATION_COMMAND,
      message -> message.fail(1, "no"));
    BlockingQueue<Received> messages = fakeService(Addresses.MESSAGE_COMMAND, message -> message.fail(1, "no"));
    TestClient client = loggedIn(uniqueId("Tom"));

    int i = client.sendRequest(GenericCommand.newBuilder().setCmd(type).setOp(OpType.query).build());
    GenericCommand response = client.response(i);

    ClientCommands.Route route = ClientCommands.route(type);
    assertError(response, route.refusal(), i);
    assertThat(response.getErrorMessage().getDetail()).isEqualTo(route.reason());
    assertThat(conversations).isEmpty();
    assertThat(messages).isEmpty();
  }

  @Test
  void receiverAckAndReadWithoutIAreSentAndGetNoResponse() {
    BlockingQueue<Received> received = fakeService(Addresses.MESSAGE_COMMAND,
      message -> message.reply(Commands.toBuffer(Commands.error(ErrorCode.INTERNAL_ERROR, "must not be seen"))));
    TestClient client = loggedIn(uniqueId("Tom"));

    client.send(GenericCommand.newBuilder().setCmd(CommandType.ack)
      .setAckMessage(AckCommand.newBuilder().setCid("c1").setFromts(1).setTots(2)).build());
    client.send(GenericCommand.newBuilder().setCmd(CommandType.read)
      .setReadMessage(ReadCommand.newBuilder().addConvs(ReadTuple.newBuilder().setCid("c1"))).build());
    // Frames are handled in order: once the echo is answered, any answer to ack/read would have been written.
    client.request(GenericCommand.newBuilder().setCmd(CommandType.echo).build());

    assertThat(take(received).command().getCmd()).isEqualTo(CommandType.ack);
    assertThat(take(received).command().getCmd()).isEqualTo(CommandType.read);
    assertThat(client.pendingPushes()).isZero();
  }

  @Test
  void resolvesTheSessionByPeerIdOrTheSocketsFirstSession() {
    BlockingQueue<Received> received = fakeService(Addresses.CONVERSATION_COMMAND,
      message -> message.reply(Commands.toBuffer(GenericCommand.newBuilder().setCmd(CommandType.conv).build())));
    String tom = uniqueId("Tom");
    String jerry = uniqueId("Jerry");
    TestClient shared = loggedIn(tom);
    shared.open(APP_ID, jerry);

    shared.request(conv().toBuilder().setPeerId(jerry).build());
    shared.request(conv());
    shared.request(conv().toBuilder().setPeerId(tom).build());
    Received asJerry = take(received);
    Received withoutPeerId = take(received);
    Received asTom = take(received);

    assertThat(asJerry.request().clientId()).isEqualTo(jerry);
    assertThat(withoutPeerId.request().clientId()).isEqualTo(tom);
    assertThat(asTom.request()).isEqualTo(withoutPeerId.request());
    assertThat(asJerry.request().sessionId()).isNotEqualTo(asTom.request().sessionId());
  }

  @Test
  void aCommandWithoutSessionGets4105AndIsNotForwarded() {
    BlockingQueue<Received> received = fakeService(Addresses.MESSAGE_COMMAND, message -> message.reply(null));
    TestClient anonymous = connect();
    TestClient tom = loggedIn(uniqueId("Tom"));

    assertError(anonymous.request(direct()), ErrorCode.SESSION_REQUIRED, 1);
    assertError(tom.request(direct().toBuilder().setPeerId(uniqueId("NotOnThisSocket")).build()),
      ErrorCode.SESSION_REQUIRED, 2);
    assertThat(received).isEmpty();
  }

  @Test
  void aServiceFailureBecomesAnErrorWithItsCodeAndDetail() {
    fakeService(Addresses.CONVERSATION_COMMAND, message -> ServiceErrors.reply(message,
      ServiceErrors.error(ErrorCode.CONVERSATION_NOT_FOUND, "no conversation c1")));
    TestClient client = loggedIn(uniqueId("Tom"));

    GenericCommand response = client.request(conv());

    assertError(response, ErrorCode.CONVERSATION_NOT_FOUND, 2);
    assertThat(response.getErrorMessage().getDetail()).isEqualTo("no conversation c1");
  }

  @Test
  void aMissingServiceIsAnInternalError() {
    TestClient client = loggedIn(uniqueId("Tom"));

    GenericCommand response = client.request(direct());

    assertError(response, ErrorCode.INTERNAL_ERROR, 2);
    assertThat(response.getErrorMessage().getDetail()).isEqualTo("service unavailable");
  }

  @Test
  void aServiceThatNeverAnswersTimesOutAsAnInternalError() {
    fakeService(Addresses.MESSAGE_COMMAND, message -> {
    });
    TestClient client = loggedIn(uniqueId("Tom"));

    GenericCommand response = client.request(direct());

    assertError(response, ErrorCode.INTERNAL_ERROR, 2);
    assertThat(response.getErrorMessage().getDetail()).isEqualTo("service timed out");
  }

  @Test
  void anUnreadableServiceReplyIsAnInternalError() {
    fakeService(Addresses.MESSAGE_COMMAND, message -> message.reply(Buffer.buffer(new byte[]{(byte) 0xff, 1})));
    TestClient client = loggedIn(uniqueId("Tom"));

    assertError(client.request(direct()), ErrorCode.INTERNAL_ERROR, 2);
  }

  @Test
  void framesOfOneSocketAreHandledStrictlyInOrder() {
    List<String> events = new CopyOnWriteArrayList<>();
    fakeService(Addresses.CONVERSATION_COMMAND, message -> {
      int limit = Commands.parse(message.body()).getConvMessage().getLimit();
      events.add("received " + limit);
      // The first command is answered late: a gateway that does not wait would forward the second meanwhile.
      vertx.setTimer(limit == 1 ? 300 : 1, id -> {
        events.add("answered " + limit);
        message.reply(Commands.toBuffer(GenericCommand.newBuilder().setCmd(CommandType.conv).build()));
      });
    });
    TestClient client = loggedIn(uniqueId("Tom"));

    int first = client.sendRequest(convWithLimit(1));
    int second = client.sendRequest(convWithLimit(2));
    client.response(second);
    client.response(first);

    assertThat(events).containsExactly("received 1", "answered 1", "received 2", "answered 2");
  }

  private BlockingQueue<Received> fakeService(String address, Consumer<Message<Buffer>> behaviour) {
    BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    MessageConsumer<Buffer> consumer = vertx.eventBus().consumer(address, message -> {
      received.add(new Received(Commands.parse(message.body()), message.body().getBytes(),
        ServiceRequest.fromHeaders(message.headers())));
      behaviour.accept(message);
    });
    await(consumer.completion());
    return received;
  }

  private static Received take(BlockingQueue<Received> received) {
    try {
      Received next = received.poll(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(next).as("a forwarded command").isNotNull();
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static GenericCommand direct() {
    return GenericCommand.newBuilder().setCmd(CommandType.direct)
      .setDirectMessage(DirectCommand.newBuilder().setCid("c1").setMsg("hello")).build();
  }

  private static GenericCommand convWithLimit(int limit) {
    return GenericCommand.newBuilder().setCmd(CommandType.conv).setOp(OpType.query)
      .setConvMessage(ConvCommand.newBuilder().setLimit(limit)).build();
  }
}
