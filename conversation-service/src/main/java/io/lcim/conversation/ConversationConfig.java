package io.lcim.conversation;

import io.lcim.common.AppCredentials;
import io.lcim.common.ConfigValues;
import io.lcim.common.StoresConfig;
import io.vertx.core.json.JsonObject;

/**
 * Settings of conversation-service.
 *
 * @param stores            where MongoDB and Redis are
 * @param queryDefaultLimit {@code IM_QUERY_DEFAULT_LIMIT}: page size of a {@code conv/query} without a limit
 *                          (LeanCloud: 10)
 * @param queryMaxLimit     {@code IM_QUERY_MAX_LIMIT}: larger limits are clamped to this
 * @param maxMembers        {@code IM_MAX_MEMBERS}: adding beyond this fails with CONVERSATION_FULL (4304)
 * @param credentials       {@code IM_APP_ID} and {@code IM_MASTER_KEY}, which conversation signatures are made with
 * @param conversationSignature {@code IM_CONVERSATION_SIGNATURE}: {@code on} requires LeanCloud conversation
 *                          signatures on {@code conv/start}, {@code add} and {@code remove} (docs/protocol.md §3.1)
 */
public record ConversationConfig(StoresConfig stores, int queryDefaultLimit, int queryMaxLimit, int maxMembers,
                                 AppCredentials credentials, boolean conversationSignature) {

  public static final String IM_CONVERSATION_SIGNATURE = "IM_CONVERSATION_SIGNATURE";

  public static final String IM_QUERY_DEFAULT_LIMIT = "IM_QUERY_DEFAULT_LIMIT";
  public static final String IM_QUERY_MAX_LIMIT = "IM_QUERY_MAX_LIMIT";
  public static final String IM_MAX_MEMBERS = "IM_MAX_MEMBERS";

  public ConversationConfig {
    if (queryMaxLimit < 1) {
      throw new IllegalArgumentException(IM_QUERY_MAX_LIMIT + " must be at least 1");
    }
    if (queryDefaultLimit < 1 || queryDefaultLimit > queryMaxLimit) {
      throw new IllegalArgumentException(IM_QUERY_DEFAULT_LIMIT + " must be between 1 and " + IM_QUERY_MAX_LIMIT);
    }
    if (maxMembers < 1) {
      throw new IllegalArgumentException(IM_MAX_MEMBERS + " must be at least 1");
    }
  }

  public static ConversationConfig from(JsonObject config) {
    return new ConversationConfig(
      StoresConfig.from(config),
      ConfigValues.integer(config, IM_QUERY_DEFAULT_LIMIT, 10),
      ConfigValues.integer(config, IM_QUERY_MAX_LIMIT, 1000),
      ConfigValues.integer(config, IM_MAX_MEMBERS, 500),
      AppCredentials.from(config),
      ConfigValues.onOff(config, IM_CONVERSATION_SIGNATURE, false));
  }

  /** The page size for a requested limit: the default when unset or not positive, never above the maximum. */
  public int queryLimit(int requested) {
    return requested <= 0 ? queryDefaultLimit : Math.min(requested, queryMaxLimit);
  }
}
