package io.sliagent.it.app;

import io.netty.channel.ChannelOption;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Reactor Netty's HTTP client, directly and under Spring's WebClient (its default connector):
 * successes, a server error, a refused connection, redirects followed, and a request its
 * subscriber gives up on (a timeout shorter than the server's answer). Prints how the requests
 * ended, never timings.
 *
 * <p>Arguments: HTTP_PORT
 */
public final class ReactorNettyApp {

  public static final String SECRET = "s3cr3t-planted";

  private final Map<String, Integer> outcomes = new TreeMap<>();

  public static void main(String[] args) throws Exception {
    new ReactorNettyApp().run("http://127.0.0.1:" + args[0]);
  }

  void run(String base) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    HttpClient client = HttpClient.create()
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
        .followRedirect(true);
    for (int i = 1; i <= 3; i++) {
      get(client, base + "/items/" + i + "?token=" + SECRET);
    }
    get(client, base + "/items/9/fail");
    get(client, "http://127.0.0.1:" + closedPort + "/refused");
    for (int i = 1; i <= 2; i++) {
      get(client, base + "/moved/" + i);
    }
    try {
      client.get().uri(base + "/slow/report").responseSingle((r, body) -> body.asString())
          .timeout(Duration.ofMillis(40)).block();
      count("slow answered");
    } catch (RuntimeException e) {
      count("slow gave up");
    }

    WebClient web = WebClient.create();
    for (int i = 1; i <= 4; i++) {
      String path = "/wc-netty/items/" + i + (i == 4 ? "/fail" : "");
      try {
        web.get().uri(base + path).retrieve().bodyToMono(String.class).block();
        count("web-client ok");
      } catch (WebClientResponseException e) {
        count("web-client " + e.getStatusCode().value());
      }
    }
    System.out.println("outcomes " + outcomes);
  }

  private void get(HttpClient client, String url) {
    try {
      int status = client.get().uri(url)
          .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
              .then(Mono.just(response.status().code())))
          .block();
      count("get " + status);
    } catch (RuntimeException e) {
      count("get failed");
    }
  }

  private void count(String what) {
    outcomes.merge(what, 1, Integer::sum);
  }
}
