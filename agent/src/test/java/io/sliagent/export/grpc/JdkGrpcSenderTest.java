package io.sliagent.export.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sender driven directly, to check exactly what reaches each callback. */
class JdkGrpcSenderTest {

  private static GrpcSender sender(TestSupport.Config config) {
    return new JdkGrpcSenderProvider().createSender(config);
  }

  @Test
  void okResponseCarriesMessageAndRunsOnDaemonThread() throws Exception {
    try (TestMetricsServer server = TestMetricsServer.plaintext()) {
      GrpcSender sender = sender(new TestSupport.Config("http://127.0.0.1:" + server.port()));
      try {
        TestSupport.Outcome outcome =
            TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("m1")));
        assertNull(outcome.error);
        assertEquals(GrpcStatusCode.OK, outcome.response.getStatusCode());
        assertArrayEquals(
            ExportMetricsServiceResponse.getDefaultInstance().toByteArray(),
            outcome.response.getResponseMessage());
        assertEquals(JdkGrpcSender.THREAD_NAME, outcome.thread.getName());
        assertTrue(outcome.thread.isDaemon());
        assertEquals("m1", server.requests.get(0).getResourceMetrics(0).getScopeMetrics(0)
            .getMetrics(0).getName());
      } finally {
        sender.shutdown();
      }
    }
  }

  @Test
  void configuredExecutorIsUsedAndNotShutDown() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "caller-supplied");
      t.setDaemon(true);
      return t;
    });
    try (TestMetricsServer server = TestMetricsServer.plaintext()) {
      TestSupport.Config config = new TestSupport.Config("http://127.0.0.1:" + server.port());
      config.executorService = executor;
      GrpcSender sender = sender(config);
      TestSupport.Outcome outcome =
          TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("m")));
      assertEquals(GrpcStatusCode.OK, outcome.response.getStatusCode());
      assertEquals("caller-supplied", outcome.thread.getName());
      sender.shutdown();
      assertFalse(executor.isShutdown());
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void unavailableStatusGoesToResponseConsumerWithDecodedMessage() throws Exception {
    try (TestMetricsServer server = TestMetricsServer.plaintext()) {
      String description = "collector overloaded: 100% busy, réessayez";
      server.failures.add(Status.UNAVAILABLE.withDescription(description));
      GrpcSender sender = sender(new TestSupport.Config("http://127.0.0.1:" + server.port()));
      try {
        TestSupport.Outcome outcome =
            TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("m")));
        assertNull(outcome.error);
        assertEquals(GrpcStatusCode.UNAVAILABLE, outcome.response.getStatusCode());
        assertEquals(description, outcome.response.getStatusDescription());
        assertEquals(1, server.requests.size(), "no retry policy, no retry");
      } finally {
        sender.shutdown();
      }
    }
  }

  @Test
  void permissionDeniedBeforeBodyIsReadIsATrailersOnlyResponse() throws Exception {
    try (TestMetricsServer server = TestMetricsServer.plaintext()) {
      server.requiredAuthorization = "Bearer right";
      TestSupport.Config config = new TestSupport.Config("http://127.0.0.1:" + server.port());
      config.headers = Collections.singletonMap("authorization", Arrays.asList("Bearer wrong"));
      GrpcSender sender = sender(config);
      try {
        // Large body: the server answers long before we could have sent all of it.
        TestSupport.Outcome outcome = TestSupport.sendAndWait(
            sender, TestSupport.writer(TestSupport.request(repeat('n', 300_000))));
        assertNull(outcome.error);
        assertEquals(GrpcStatusCode.PERMISSION_DENIED, outcome.response.getStatusCode());
        assertEquals("bad credentials", outcome.response.getStatusDescription());
        assertEquals(0, server.requests.size());

        // The connection stays usable for the next, authorized call.
        server.requiredAuthorization = null;
        TestSupport.Outcome next =
            TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("ok")));
        assertEquals(GrpcStatusCode.OK, next.response.getStatusCode());
      } finally {
        sender.shutdown();
      }
    }
  }

  @Test
  void retryableStatusIsRetriedWithBackoff() throws Exception {
    try (TestMetricsServer server = TestMetricsServer.plaintext()) {
      server.failures.add(Status.UNAVAILABLE);
      server.failures.add(Status.RESOURCE_EXHAUSTED);
      TestSupport.Config config = new TestSupport.Config("http://127.0.0.1:" + server.port());
      config.retryPolicy =
          RetryPolicy.builder()
              .setMaxAttempts(3)
              .setInitialBackoff(Duration.ofMillis(20))
              .setMaxBackoff(Duration.ofMillis(50))
              .build();
      GrpcSender sender = sender(config);
      try {
        TestSupport.Outcome outcome =
            TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("m")));
        assertEquals(GrpcStatusCode.OK, outcome.response.getStatusCode());
        assertEquals(3, server.requests.size());
      } finally {
        sender.shutdown();
      }
    }
  }

  @Test
  void nonRetryableStatusIsNotRetried() throws Exception {
    try (TestMetricsServer server = TestMetricsServer.plaintext()) {
      server.failures.add(Status.INVALID_ARGUMENT.withDescription("bad"));
      TestSupport.Config config = new TestSupport.Config("http://127.0.0.1:" + server.port());
      config.retryPolicy = RetryPolicy.builder().setInitialBackoff(Duration.ofMillis(10)).build();
      GrpcSender sender = sender(config);
      try {
        TestSupport.Outcome outcome =
            TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("m")));
        assertEquals(GrpcStatusCode.INVALID_ARGUMENT, outcome.response.getStatusCode());
        assertEquals(1, server.requests.size());
      } finally {
        sender.shutdown();
      }
    }
  }

  @Test
  void largeResponseIsReadWithWindowUpdates() throws Exception {
    try (TestMetricsServer server = TestMetricsServer.plaintext()) {
      // 300 KB response message: more than the 64 KiB windows we start with.
      server.partialSuccessMessage = repeat('r', 300_000);
      GrpcSender sender = sender(new TestSupport.Config("http://127.0.0.1:" + server.port()));
      try {
        TestSupport.Outcome outcome =
            TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("m")));
        assertEquals(GrpcStatusCode.OK, outcome.response.getStatusCode());
        ExportMetricsServiceResponse response =
            ExportMetricsServiceResponse.parseFrom(outcome.response.getResponseMessage());
        assertEquals(7, response.getPartialSuccess().getRejectedDataPoints());
        assertEquals(server.partialSuccessMessage, response.getPartialSuccess().getErrorMessage());
      } finally {
        sender.shutdown();
      }
    }
  }

  @Test
  void responseAboveLimitBecomesResourceExhausted() throws Exception {
    try (TestMetricsServer server = TestMetricsServer.plaintext()) {
      server.partialSuccessMessage = repeat('r', 10_000);
      TestSupport.Config config = new TestSupport.Config("http://127.0.0.1:" + server.port());
      config.maxResponseBodySize = 1000;
      GrpcSender sender = sender(config);
      try {
        TestSupport.Outcome outcome =
            TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("m")));
        assertEquals(GrpcStatusCode.RESOURCE_EXHAUSTED, outcome.response.getStatusCode());
      } finally {
        sender.shutdown();
      }
    }
  }

  @Test
  void serverThatNeverAnswersFailsWithinTimeout() throws Exception {
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept()); // accept, never read or write
          }
        } catch (IOException e) {
          // closed
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      TestSupport.Config config = new TestSupport.Config("http://127.0.0.1:" + silent.getLocalPort());
      config.timeout = Duration.ofMillis(800);
      GrpcSender sender = sender(config);
      try {
        TestSupport.Outcome outcome =
            TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request(repeat('x', 200_000))));
        assertNull(outcome.response);
        assertInstanceOf(SocketTimeoutException.class, outcome.error);
        assertTrue(outcome.elapsedMillis >= 700 && outcome.elapsedMillis < 2500,
            "took " + outcome.elapsedMillis + " ms");
        assertEquals(1, accepted.size());
      } finally {
        sender.shutdown();
        for (Socket s : accepted) {
          s.close();
        }
      }
    }
  }

  @Test
  void connectionRefusedGoesToErrorConsumer() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = probe.getLocalPort();
    }
    GrpcSender sender = sender(new TestSupport.Config("http://127.0.0.1:" + port));
    try {
      TestSupport.Outcome outcome =
          TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("m")));
      assertNull(outcome.response);
      assertInstanceOf(java.net.ConnectException.class, outcome.error);
      assertTrue(outcome.elapsedMillis < 2000, "took " + outcome.elapsedMillis + " ms");
    } finally {
      sender.shutdown();
    }
  }

  @Test
  void sendAfterShutdownFailsWithoutThrowing() throws Exception {
    try (TestMetricsServer server = TestMetricsServer.plaintext()) {
      GrpcSender sender = sender(new TestSupport.Config("http://127.0.0.1:" + server.port()));
      assertEquals(GrpcStatusCode.OK, TestSupport.sendAndWait(
          sender, TestSupport.writer(TestSupport.request("m"))).response.getStatusCode());
      assertTrue(sender.shutdown().join(5, TimeUnit.SECONDS).isSuccess());
      TestSupport.Outcome outcome =
          TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("m")));
      assertNotNull(outcome.error);
      assertInstanceOf(IOException.class, outcome.error);
    }
  }

  @Test
  void failingMessageWriterGoesToErrorConsumer() throws Exception {
    try (TestMetricsServer server = TestMetricsServer.plaintext()) {
      GrpcSender sender = sender(new TestSupport.Config("http://127.0.0.1:" + server.port()));
      try {
        TestSupport.Outcome outcome = TestSupport.sendAndWait(sender,
            new io.opentelemetry.sdk.common.export.MessageWriter() {
              @Override
              public void writeMessage(java.io.OutputStream output) {
                throw new IllegalStateException("boom");
              }

              @Override
              public int getContentLength() {
                return 10;
              }
            });
        assertInstanceOf(IllegalStateException.class, outcome.error);
        assertEquals(0, server.requests.size());
      } finally {
        sender.shutdown();
      }
    }
  }

  static String repeat(char c, int n) {
    char[] chars = new char[n];
    Arrays.fill(chars, c);
    return new String(chars);
  }
}
