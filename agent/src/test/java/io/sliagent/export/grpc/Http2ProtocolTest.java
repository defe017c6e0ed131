package io.sliagent.export.grpc;

import static io.sliagent.export.grpc.ScriptedHttp2Server.DATA;
import static io.sliagent.export.grpc.ScriptedHttp2Server.HEADERS;
import static io.sliagent.export.grpc.ScriptedHttp2Server.PING;
import static io.sliagent.export.grpc.ScriptedHttp2Server.RST_STREAM;
import static io.sliagent.export.grpc.ScriptedHttp2Server.WINDOW_UPDATE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** HTTP/2 behaviour against a scripted raw peer. */
class Http2ProtocolTest {

  private static GrpcSender sender(ScriptedHttp2Server server) {
    return new JdkGrpcSenderProvider()
        .createSender(new TestSupport.Config("http://127.0.0.1:" + server.port()));
  }

  /** Reads frames until a request (HEADERS .. DATA END_STREAM) completes; returns its stream. */
  private static int readRequest(ScriptedHttp2Server.Peer peer) throws IOException {
    int stream = -1;
    while (true) {
      ScriptedHttp2Server.Frame f = peer.read();
      if (f.type == HEADERS) {
        peer.decodeHeaders(f);
        stream = f.stream;
      } else if (f.type == DATA && f.stream == stream && f.endStream()) {
        return stream;
      }
    }
  }

  @Test
  void pingIsAcknowledgedWithTheSamePayload() throws Exception {
    byte[] ping = {1, 2, 3, 4, 5, 6, 7, 8};
    AtomicReference<byte[]> ack = new AtomicReference<>();
    try (ScriptedHttp2Server server =
        new ScriptedHttp2Server(
            (peer, index) -> {
              peer.handshake();
              peer.write(PING, 0, 0, ping);
              boolean requestDone = false;
              while (ack.get() == null || !requestDone) {
                ScriptedHttp2Server.Frame f = peer.read();
                if (f.type == PING && (f.flags & 1) != 0) {
                  ack.set(f.payload);
                } else if (f.type == HEADERS) {
                  peer.decodeHeaders(f);
                } else if (f.type == DATA && f.endStream()) {
                  requestDone = true;
                }
              }
              peer.respondOk(1);
            })) {
      GrpcSender sender = sender(server);
      try {
        TestSupport.Outcome outcome =
            TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("m")));
        assertEquals(GrpcStatusCode.OK, outcome.response.getStatusCode());
        assertArrayEquals(ping, ack.get());
        server.assertNoErrors();
      } finally {
        sender.shutdown();
      }
    }
  }

  @Test
  void refusedStreamIsReplayedTransparently() throws Exception {
    List<Integer> streams = new CopyOnWriteArrayList<>();
    try (ScriptedHttp2Server server =
        new ScriptedHttp2Server(
            (peer, index) -> {
              peer.handshake();
              int first = readRequest(peer);
              streams.add(first);
              peer.writeInt(RST_STREAM, first, 0x7); // REFUSED_STREAM
              int second = readRequest(peer);
              streams.add(second);
              peer.respondOk(second);
            })) {
      GrpcSender sender = sender(server);
      try {
        TestSupport.Outcome outcome =
            TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("m")));
        assertEquals(GrpcStatusCode.OK, outcome.response.getStatusCode());
        assertEquals(Arrays.asList(1, 3), streams, "replayed on the same connection");
        assertEquals(1, server.connections.get());
        server.assertNoErrors();
      } finally {
        sender.shutdown();
      }
    }
  }

  @Test
  void goAwayBeforeProcessingIsReplayedOnANewConnection() throws Exception {
    try (ScriptedHttp2Server server =
        new ScriptedHttp2Server(
            (peer, index) -> {
              peer.handshake();
              int stream = readRequest(peer);
              if (index == 0) {
                peer.goAway(0, 0); // NO_ERROR, nothing processed
                peer.socket.close();
              } else {
                peer.respondOk(stream);
              }
            })) {
      GrpcSender sender = sender(server);
      try {
        TestSupport.Outcome outcome =
            TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("m")));
        assertEquals(GrpcStatusCode.OK, outcome.response.getStatusCode());
        assertEquals(2, server.connections.get());
        server.assertNoErrors();
      } finally {
        sender.shutdown();
      }
    }
  }

  @Test
  void connectionClosedWhileIdleIsReplacedTransparently() throws Exception {
    try (ScriptedHttp2Server server =
        new ScriptedHttp2Server(
            (peer, index) -> {
              peer.handshake();
              peer.respondOk(readRequest(peer));
              if (index == 0) {
                // The next request arrives, but the server has "just" closed the connection.
                readRequest(peer);
                peer.socket.close();
                return;
              }
            })) {
      GrpcSender sender = sender(server);
      try {
        for (int i = 0; i < 2; i++) {
          TestSupport.Outcome outcome =
              TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("m")));
          assertEquals(GrpcStatusCode.OK, outcome.response.getStatusCode());
        }
        assertEquals(2, server.connections.get());
        server.assertNoErrors();
      } finally {
        sender.shutdown();
      }
    }
  }

  @Test
  void resetAfterProcessingGoesToErrorConsumerWithoutReplay() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    try (ScriptedHttp2Server server =
        new ScriptedHttp2Server(
            (peer, index) -> {
              peer.handshake();
              int stream = readRequest(peer);
              requests.incrementAndGet();
              peer.writeHeaders(stream, false, ":status", "200", "content-type", "application/grpc");
              peer.writeInt(RST_STREAM, stream, 0x2); // INTERNAL_ERROR
              peer.socket.setSoTimeout(500);
              try {
                readRequest(peer);
                requests.incrementAndGet();
              } catch (SocketTimeoutException expected) {
                // no replay
              }
            })) {
      GrpcSender sender = sender(server);
      try {
        TestSupport.Outcome outcome =
            TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("m")));
        assertNull(outcome.response);
        assertInstanceOf(Http2Exception.class, outcome.error);
        assertEquals(0x2, ((Http2Exception) outcome.error).errorCode());
        Thread.sleep(700);
        assertEquals(1, requests.get());
        server.assertNoErrors();
      } finally {
        sender.shutdown();
      }
    }
  }

  @Test
  void connectionAndStreamWindowsAreHonoured() throws Exception {
    int bodySize = TestSupport.request(JdkGrpcSenderTest.repeat('w', 100_000)).getSerializedSize() + 5;
    AtomicReference<String> log = new AtomicReference<>("");
    try (ScriptedHttp2Server server =
        new ScriptedHttp2Server(
            (peer, index) -> {
              peer.handshake();
              peer.decodeHeaders(peer.await(HEADERS));
              int received = 0;
              int allowed = 65535;
              boolean ended = false;
              while (!ended) {
                while (received < allowed && !ended) {
                  ScriptedHttp2Server.Frame f = peer.await(DATA);
                  assertTrue(f.payload.length <= 16384, "frame above MAX_FRAME_SIZE");
                  received += f.payload.length;
                  assertTrue(received <= allowed, "sent beyond the window");
                  ended = f.endStream();
                }
                if (ended) {
                  break;
                }
                // Window exhausted: the client must wait. Connection credit alone is not enough.
                peer.socket.setSoTimeout(300);
                peer.writeInt(WINDOW_UPDATE, 0, 10_000);
                try {
                  ScriptedHttp2Server.Frame f = peer.read();
                  if (f.type == DATA) {
                    throw new AssertionError("DATA without stream window");
                  }
                } catch (SocketTimeoutException expected) {
                  // blocked as it should be
                }
                peer.socket.setSoTimeout(0);
                peer.writeInt(WINDOW_UPDATE, 1, 10_000);
                allowed += 10_000;
              }
              log.set("received=" + received);
              peer.respondOk(1);
            })) {
      GrpcSender sender = sender(server);
      try {
        TestSupport.Outcome outcome = TestSupport.sendAndWait(sender,
            TestSupport.writer(TestSupport.request(JdkGrpcSenderTest.repeat('w', 100_000))));
        server.assertNoErrors();
        assertEquals(GrpcStatusCode.OK, outcome.response.getStatusCode());
        assertEquals("received=" + bodySize, log.get());
      } finally {
        sender.shutdown();
      }
    }
  }

  @Test
  void paddedDataContinuationAndHttpStatusMapping() throws Exception {
    try (ScriptedHttp2Server server =
        new ScriptedHttp2Server(
            (peer, index) -> {
              peer.handshake();
              int stream = readRequest(peer);
              if (index == 0 && stream == 1) {
                peer.writeHeaders(stream, false, ":status", "200", "content-type", "application/grpc");
                // DATA with 3 bytes of padding around a 2-byte message.
                byte[] data = {3, 0, 0, 0, 0, 2, 42, 43, 0, 0, 0};
                peer.write(DATA, 0x8, stream, data);
                // Trailers split over HEADERS + CONTINUATION.
                Hpack.Encoder encoder = new Hpack.Encoder();
                byte[] block = encoder.encode(
                    List.of(Map.entry("grpc-status", "5"), Map.entry("grpc-message", "not%20found")),
                    Integer.MAX_VALUE);
                peer.write(HEADERS, 0x1, stream, Arrays.copyOfRange(block, 0, 7));
                peer.write(0x9, 0x4, stream, Arrays.copyOfRange(block, 7, block.length));
              }
              // Second call: a non-gRPC answer (e.g. a proxy) without grpc-status.
              int next = readRequest(peer);
              peer.writeHeaders(next, true, ":status", "503");
            })) {
      GrpcSender sender = sender(server);
      try {
        TestSupport.Outcome outcome =
            TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("m")));
        server.assertNoErrors();
        assertEquals(GrpcStatusCode.NOT_FOUND, outcome.response.getStatusCode());
        assertEquals("not found", outcome.response.getStatusDescription());
        assertArrayEquals(new byte[] {42, 43}, outcome.response.getResponseMessage());

        TestSupport.Outcome proxied =
            TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("m")));
        assertEquals(GrpcStatusCode.UNAVAILABLE, proxied.response.getStatusCode());
        assertTrue(proxied.response.getStatusDescription().contains("503"));
      } finally {
        sender.shutdown();
      }
    }
  }
}
