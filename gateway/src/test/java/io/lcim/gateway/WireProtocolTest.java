package io.lcim.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class WireProtocolTest {

  @Test
  void negotiatesFromTheHeaderFirstThenTheQuery() {
    assertThat(WireProtocol.negotiate("lc.proto2base64.1", "subprotocol=lc.protobuf2.3"))
      .contains(WireProtocol.BASE64_1);
    assertThat(WireProtocol.negotiate("mqtt, lc.protobuf2.1", null)).contains(WireProtocol.PROTOBUF_1);
    assertThat(WireProtocol.negotiate(null, "a=b&subprotocol=lc.proto2base64.3")).contains(WireProtocol.BASE64_3);
    assertThat(WireProtocol.negotiate(null, "subprotocol=lc%2Eprotobuf2%2E3")).contains(WireProtocol.PROTOBUF_3);
    assertThat(WireProtocol.negotiate(null, null)).contains(WireProtocol.DEFAULT);
    assertThat(WireProtocol.negotiate("", "other=1")).contains(WireProtocol.DEFAULT);
  }

  @Test
  void findsNothingWhenOnlyUnknownProtocolsAreNamed() {
    assertThat(WireProtocol.negotiate("lc.json.3", null)).isEmpty();
    assertThat(WireProtocol.negotiate(null, "subprotocol=lc.json.3")).isEmpty();
    assertThat(WireProtocol.negotiate(null, "subprotocol=")).isEmpty();
  }
}
