package io.sliagent.it.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A long-running service: one HTTP call every 50 ms until it has made COUNT calls, then it waits
 * for a line on stdin (or EOF) before exiting. Arguments: HTTP_PORT COUNT
 */
public final class SteadyApp {

  private SteadyApp() {}

  public static void main(String[] args) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    int count = Integer.parseInt(args[1]);
    for (int i = 0; i < count; i++) {
      client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + args[0] + "/steady"))
          .build(), HttpResponse.BodyHandlers.discarding());
      Thread.sleep(50);
    }
    System.out.println("made " + count + " calls");
    Thread.sleep(Long.parseLong(args.length > 2 ? args[2] : "0"));
  }
}
