package io.sliagent.it.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.TimeValue;

/**
 * An application that calls a server with one HTTP client library: a fixed mix of successes,
 * server errors, slow calls and a refused connection, with secrets planted in query strings and
 * user-info; then calls the client retries itself (a 503 with {@code Retry-After: 0}, a
 * connection dropped without an answer) and redirects it follows. It prints how many calls ended
 * how, never timings.
 *
 * <p>Arguments: okhttp|apache5|apache5-async|apache4 HTTP_PORT
 */
public final class HttpClientsApp {

  public static final String SECRET = "s3cr3t-planted";

  private final Map<String, Integer> outcomes = new TreeMap<>();

  public static void main(String[] args) throws Exception {
    HttpClientsApp app = new HttpClientsApp();
    String base = "http://127.0.0.1:" + args[1];
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String refused = "http://127.0.0.1:" + closedPort + "/refused";
    try (ServerSocket drop = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread dropper = new Thread(() -> {
        while (true) {
          try (Socket s = drop.accept()) {
            s.getInputStream().read(new byte[256]); // the request's start, then no answer
          } catch (IOException e) {
            return;
          }
        }
      }, "dropper");
      dropper.setDaemon(true);
      dropper.start();
      String dropped = "http://127.0.0.1:" + drop.getLocalPort() + "/dropped";
      if (args[0].equals("okhttp")) {
        app.okhttp(base, refused);
        app.okhttpRetries(base, dropped);
      } else if (args[0].equals("apache4")) {
        app.apache4(base, refused, dropped);
      } else if (args[0].equals("apache5-async")) {
        app.apache5Async(base, refused);
        app.apache5AsyncRetries(base, dropped);
      } else {
        app.apache5(base, refused);
        app.apache5Retries(base, dropped);
      }
    }
    System.out.println("outcomes " + app.outcomes);
  }

  private void count(String what) {
    outcomes.merge(what, 1, Integer::sum);
  }

  /**
   * Synchronous calls, then three slow calls enqueued at once on a dispatcher that runs one per
   * host: the second and third wait in OkHttp's queue, which the caller sees as latency.
   */
  void okhttp(String base, String refused) throws Exception {
    OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    for (int i = 1; i <= 20; i++) {
      okSync(client, new Request.Builder()
          .url(base + "/items/" + (1000 + i) + "?token=" + SECRET).build());
    }
    for (int i = 1; i <= 5; i++) {
      okSync(client, new Request.Builder().url(base + "/items/" + i + "/fail").build());
    }
    okSync(client, new Request.Builder()
        .url("http://alice:" + SECRET + "@" + base.substring("http://".length()) + "/users/7")
        .build());
    okSync(client, new Request.Builder().url(refused).build());

    client.dispatcher().setMaxRequestsPerHost(1);
    CountDownLatch done = new CountDownLatch(3);
    for (int i = 0; i < 3; i++) {
      client.newCall(new Request.Builder().url(base + "/slow/report")
          .post(RequestBody.create("{}", MediaType.get("application/json"))).build())
          .enqueue(new Callback() {
            @Override
            public void onFailure(okhttp3.Call call, IOException e) {
              synchronized (HttpClientsApp.this) {
                count("async failed " + e.getClass().getSimpleName());
              }
              done.countDown();
            }

            @Override
            public void onResponse(okhttp3.Call call, Response response) {
              try (response) {
                synchronized (HttpClientsApp.this) {
                  count("async " + response.code());
                }
              }
              done.countDown();
            }
          });
    }
    if (!done.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("enqueued calls did not complete");
    }
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  /** With OkHttp's defaults: it follows a 503 that says retry now, and redirects. */
  void okhttpRetries(String base, String dropped) {
    OkHttpClient client = new OkHttpClient();
    for (int i = 1; i <= 4; i++) {
      okSync(client, new Request.Builder().url(base + "/flaky/1/ship/" + i).build());
    }
    for (int i = 1; i <= 2; i++) {
      okSync(client, new Request.Builder().url(base + "/moved/" + i).build());
    }
    okSync(client, new Request.Builder().url(dropped).build());
    client.connectionPool().evictAll();
  }

  private void okSync(OkHttpClient client, Request request) {
    try (Response response = client.newCall(request).execute()) {
      count("sync " + response.code());
    } catch (IOException e) {
      count("sync failed " + e.getClass().getSimpleName());
    }
  }

  /** Each kind of execute: plain, with a response handler, and with an explicit target host. */
  void apache5(String base, String refused) throws Exception {
    try (CloseableHttpClient client = HttpClients.custom().disableAutomaticRetries().build()) {
      for (int i = 1; i <= 20; i++) {
        HttpGet get = new HttpGet(base + "/items/" + (1000 + i) + "?token=" + SECRET);
        if (i % 2 == 0) {
          apacheSync(client, get);
        } else {
          int code = client.execute(get, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
          });
          count("sync " + code);
        }
      }
      for (int i = 1; i <= 5; i++) {
        apacheSync(client, new HttpGet(base + "/items/" + i + "/fail"));
      }
      HttpHost target = HttpHost.create(base);
      for (int i = 0; i < 3; i++) {
        HttpPost post = new HttpPost("/slow/report");
        post.setEntity(new StringEntity("{}"));
        try (var response = client.executeOpen(target, post, null)) {
          EntityUtils.consume(response.getEntity());
          count("sync " + response.getCode());
        }
      }
      apacheSync(client, new HttpGet(refused));
    }
  }

  /** With HttpClient's default retry strategy, but a short wait: 503s, drops, redirects. */
  void apache5Retries(String base, String dropped) throws IOException {
    try (CloseableHttpClient client = HttpClients.custom()
        .setRetryStrategy(new DefaultHttpRequestRetryStrategy(1, TimeValue.ofMilliseconds(10)))
        .build()) {
      for (int i = 1; i <= 4; i++) {
        apacheSync(client, new HttpGet(base + "/flaky/1/ship/" + i));
      }
      for (int i = 1; i <= 2; i++) {
        apacheSync(client, new HttpGet(base + "/moved/" + i));
      }
      apacheSync(client, new HttpGet(dropped));
    }
  }

  private void apacheSync(CloseableHttpClient client, ClassicHttpRequest request) {
    try (var response = client.executeOpen(null, request, null)) {
      EntityUtils.consume(response.getEntity());
      count("sync " + response.getCode());
    } catch (IOException e) {
      count("sync failed " + e.getClass().getSimpleName());
    }
  }

  /** The same mix through HttpClient 4.x, retrying a 503 and a dropped connection once. */
  void apache4(String base, String refused, String dropped) throws IOException {
    try (org.apache.http.impl.client.CloseableHttpClient client =
        org.apache.http.impl.client.HttpClients.custom().disableAutomaticRetries().build()) {
      for (int i = 1; i <= 20; i++) {
        apache4Sync(client, new org.apache.http.client.methods.HttpGet(
            base + "/items/" + (1000 + i) + "?token=" + SECRET), null);
      }
      for (int i = 1; i <= 5; i++) {
        apache4Sync(client, new org.apache.http.client.methods.HttpGet(
            base + "/items/" + i + "/fail"), null);
      }
      org.apache.http.HttpHost target = org.apache.http.HttpHost.create(base);
      for (int i = 0; i < 3; i++) {
        org.apache.http.client.methods.HttpPost post =
            new org.apache.http.client.methods.HttpPost("/slow/report");
        post.setEntity(new org.apache.http.entity.StringEntity("{}"));
        apache4Sync(client, post, target);
      }
      apache4Sync(client, new org.apache.http.client.methods.HttpGet(refused), null);
    }
    try (org.apache.http.impl.client.CloseableHttpClient client =
        org.apache.http.impl.client.HttpClients.custom()
            .setRetryHandler(new org.apache.http.impl.client.DefaultHttpRequestRetryHandler(1,
                false))
            .setServiceUnavailableRetryStrategy(
                new org.apache.http.impl.client.DefaultServiceUnavailableRetryStrategy(1, 10))
            .build()) {
      for (int i = 1; i <= 4; i++) {
        apache4Sync(client, new org.apache.http.client.methods.HttpGet(
            base + "/flaky/1/ship/" + i), null);
      }
      for (int i = 1; i <= 2; i++) {
        apache4Sync(client, new org.apache.http.client.methods.HttpGet(base + "/moved/" + i),
            null);
      }
      apache4Sync(client, new org.apache.http.client.methods.HttpGet(dropped), null);
    }
  }

  private void apache4Sync(org.apache.http.impl.client.CloseableHttpClient client,
      org.apache.http.client.methods.HttpRequestBase request, org.apache.http.HttpHost target) {
    try (org.apache.http.client.methods.CloseableHttpResponse response =
        target == null ? client.execute(request) : client.execute(target, request)) {
      org.apache.http.util.EntityUtils.consume(response.getEntity());
      count("sync " + response.getStatusLine().getStatusCode());
    } catch (IOException e) {
      count("sync failed " + e.getClass().getSimpleName());
    }
  }

  /**
   * The same mix through HttpClient 5's async client: the slow calls at once, and one more call
   * the application cancels before its answer.
   */
  void apache5Async(String base, String refused) throws Exception {
    try (org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client =
        org.apache.hc.client5.http.impl.async.HttpAsyncClients.custom()
            .disableAutomaticRetries().build()) {
      client.start();
      for (int i = 1; i <= 20; i++) {
        asyncGet(client, base + "/items/" + (1000 + i) + "?token=" + SECRET);
      }
      for (int i = 1; i <= 5; i++) {
        asyncGet(client, base + "/items/" + i + "/fail");
      }
      java.util.List<java.util.concurrent.Future<
          org.apache.hc.client5.http.async.methods.SimpleHttpResponse>> slow =
              new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        slow.add(client.execute(org.apache.hc.client5.http.async.methods.SimpleRequestBuilder
            .post(base + "/slow/report").setBody("{}",
                org.apache.hc.core5.http.ContentType.APPLICATION_JSON).build(), null));
      }
      for (java.util.concurrent.Future<
          org.apache.hc.client5.http.async.methods.SimpleHttpResponse> f : slow) {
        count("async " + f.get().getCode());
      }
      asyncGet(client, refused);
      java.util.concurrent.Future<?> given = client.execute(
          org.apache.hc.client5.http.async.methods.SimpleRequestBuilder
              .get(base + "/slow/cancel").build(), null);
      Thread.sleep(30);
      count(given.cancel(true) ? "cancelled" : "not cancelled");
    }
  }

  private void asyncGet(org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client,
      String url) throws InterruptedException {
    try {
      count("sync " + client.execute(
          org.apache.hc.client5.http.async.methods.SimpleRequestBuilder.get(url).build(), null)
          .get().getCode());
    } catch (java.util.concurrent.ExecutionException e) {
      count("sync failed " + e.getCause().getClass().getSimpleName());
    }
  }

  /** The async client with its default retry strategy, but a short wait. */
  void apache5AsyncRetries(String base, String dropped) throws Exception {
    try (org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client =
        org.apache.hc.client5.http.impl.async.HttpAsyncClients.custom()
            .setRetryStrategy(new DefaultHttpRequestRetryStrategy(1, TimeValue.ofMilliseconds(10)))
            .build()) {
      client.start();
      for (int i = 1; i <= 4; i++) {
        asyncGet(client, base + "/flaky/1/ship/" + i);
      }
      for (int i = 1; i <= 2; i++) {
        asyncGet(client, base + "/moved/" + i);
      }
      asyncGet(client, dropped);
    }
  }
}
