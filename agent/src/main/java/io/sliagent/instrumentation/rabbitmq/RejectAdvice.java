package io.sliagent.instrumentation.rabbitmq;

import com.rabbitmq.client.impl.recovery.RecoveryAwareChannelN;
import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code basicReject(tag, requeue)} of {@code ChannelN} and of {@code RecoveryAwareChannelN} (the
 * channels of an auto-recovering connection, the default), which calls the former with the tag
 * the broker knows: reported once, by the outermost, with the tag the application was given.
 */
public final class RejectAdvice {

  private RejectAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.This Object channel,
      @Advice.Origin("#t") String type, @Advice.Argument(0) long deliveryTag) {
    if (!(channel instanceof RecoveryAwareChannelN) || type.endsWith("RecoveryAwareChannelN")) {
      Bridge.event(call, channel, Long.valueOf(deliveryTag), Boolean.FALSE);
    }
  }
}
