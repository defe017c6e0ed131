package io.sliagent.it.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.example.greeter.GreeterClient;
import org.example.greeter.GreeterException;
import org.example.greeter.GreeterServer;

/**
 * An application of the sample library, knowing nothing of the agent: a GreeterServer of its own,
 * 7 greetings that succeed (one of them slow) and 3 the server refuses, then 2 HTTP calls so the
 * agent's built-in SLIs show beside the extension's. Prints what happened, never timings; the
 * server's port goes to stderr as {@code greeter-port N}. Arguments: HTTP_PORT
 */
public final class GreeterApp {

  private GreeterApp() {}

  public static void main(String[] args) throws Exception {
    int greeted = 0;
    int refused = 0;
    try (GreeterServer server = new GreeterServer(0);
        GreeterClient client = new GreeterClient("127.0.0.1", server.port())) {
      System.err.println("greeter-port " + server.port());
      for (String name : new String[] {"ada", "grace", "slow30", "fail-1", "alan", "barbara",
          "fail-2", "edsger", "fail-3", "donald"}) {
        try {
          System.out.println(client.greet(name));
          greeted++;
        } catch (GreeterException e) {
          System.out.println("refused: " + e.getMessage());
          refused++;
        }
      }
    }
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 1; i <= 2; i++) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + args[0] + "/items/" + i)).build(),
          HttpResponse.BodyHandlers.ofString());
      System.out.println("http " + r.statusCode());
    }
    System.out.println("greeted " + greeted + ", refused " + refused);
  }
}
