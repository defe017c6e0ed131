package io.sliagent.instrumentation.rabbitmq;

import com.rabbitmq.client.impl.recovery.RecoveryAwareChannelN;
import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code basicNack(tag, multiple, requeue)} of {@code ChannelN} and of {@code RecoveryAwareChannelN} (the
 * channels of an auto-recovering connection, the default), which calls the former with the tag
 * the broker knows: reported once, by the outermost, with the tag the application was given.
 */
public final class NackAdvice {

  private NackAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.This Object channel,
      @Advice.Origin("#t") String type, @Advice.Argument(0) long deliveryTag,
      @Advice.Argument(1) boolean multiple) {
    if (!(channel instanceof RecoveryAwareChannelN) || type.endsWith("RecoveryAwareChannelN")) {
      Bridge.event(call, channel, Long.valueOf(deliveryTag), Boolean.valueOf(multiple));
    }
  }
}
