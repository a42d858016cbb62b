package io.lcim.conversation;

import io.lcim.common.ErrorCode;
import io.lcim.common.ServiceErrors;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a {@code conv/update}'s changed keys become a MongoDB update. */
class AttributeChangesTest {

  @Test
  void pathsBecomeSetsAndDeletesBecomeUnsets() {
    AttributeChanges changes = AttributeChanges.parse("{\"name\":\"n\",\"attr.pinned\":false,\"topic\":\"t\","
      + "\"attr.gone\":{\"__op\":\"Delete\"},\"attr.at\":{\"__type\":\"Date\",\"iso\":\"2026-01-02T03:04:05.006Z\"}}");
    assertThat(changes.set()).isEqualTo(new JsonObject().put("name", "n").put("attr.pinned", false).put("topic", "t")
      .put("attr.at", new JsonObject().put("$date", "2026-01-02T03:04:05.006Z")));
    assertThat(changes.unset()).isEqualTo(new JsonObject().put("attr.gone", ""));
    assertThat(changes.isEmpty()).isFalse();
  }

  @Test
  void deletingAttrKeepsItAnObject() {
    AttributeChanges changes = AttributeChanges.parse("{\"attr\":{\"__op\":\"Delete\"}}");
    assertThat(changes.set()).isEqualTo(new JsonObject().put("attr", new JsonObject()));
    assertThat(changes.unset()).isEmpty();
  }

  @Test
  void serverOwnedFieldsAndOperatorsAreRefused() {
    for (String data : new String[]{"{\"m\":[]}", "{\"mu\":[]}", "{\"tr\":true}", "{\"sys\":true}",
      "{\"unique\":true}", "{\"uniqueId\":\"x\"}", "{\"msg_mid\":\"x\"}", "{\"_x\":1}", "{\"$unset\":{}}",
      "{\"attr.a\":{\"$gt\":1}}", "{\"a\":{\"b.c\":1}}", "{\"attr\":\"text\"}", "{\"name\":[]}", "[]", "",
      "{\"a\":1,\"a.b\":2}"}) {
      assertThatThrownBy(() -> AttributeChanges.parse(data)).as(data)
        .isInstanceOfSatisfying(ServiceErrors.ProtocolException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.CONVERSATION_UPDATE_FAILED));
    }
  }
}
