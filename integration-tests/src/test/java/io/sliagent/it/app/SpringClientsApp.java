package io.sliagent.it.app;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Spring's HTTP clients over the clients underneath them: RestTemplate and RestClient over
 * HttpURLConnection, the JDK HttpClient and Apache HttpClient 5; WebClient over the JDK
 * HttpClient. Each makes 3 calls that succeed and 1 that the server fails, under a path prefix of
 * its own. Prints how the calls ended.
 *
 * <p>Arguments: HTTP_PORT
 */
public final class SpringClientsApp {

  private final Map<String, Integer> outcomes = new TreeMap<>();

  public static void main(String[] args) throws Exception {
    new SpringClientsApp().run("http://127.0.0.1:" + args[0]);
  }

  void run(String base) throws Exception {
    try (CloseableHttpClient apache = HttpClients.createDefault()) {
      Map<String, ClientHttpRequestFactory> factories = Map.of(
          "url", new SimpleClientHttpRequestFactory(),
          "jdk", new JdkClientHttpRequestFactory(HttpClient.newHttpClient()),
          "apache", new HttpComponentsClientHttpRequestFactory(apache));
      for (Map.Entry<String, ClientHttpRequestFactory> f : new TreeMap<>(factories).entrySet()) {
        RestTemplate template = new RestTemplate(f.getValue());
        RestClient client = RestClient.builder().requestFactory(f.getValue()).build();
        for (int i = 1; i <= 4; i++) {
          String path = "/rt-" + f.getKey() + "/items/" + i + (i == 4 ? "/fail" : "");
          try {
            template.getForObject(base + path, String.class);
            count("rest-template " + f.getKey() + " ok");
          } catch (RestClientResponseException e) {
            count("rest-template " + f.getKey() + " " + e.getStatusCode().value());
          }
          path = "/rc-" + f.getKey() + "/items/" + i + (i == 4 ? "/fail" : "");
          try {
            client.get().uri(base + path).retrieve().body(String.class);
            count("rest-client " + f.getKey() + " ok");
          } catch (RestClientResponseException e) {
            count("rest-client " + f.getKey() + " " + e.getStatusCode().value());
          }
        }
      }
    }
    WebClient web = WebClient.builder()
        .clientConnector(new JdkClientHttpConnector(HttpClient.newHttpClient())).build();
    for (int i = 1; i <= 4; i++) {
      String path = "/wc-jdk/items/" + i + (i == 4 ? "/fail" : "");
      try {
        web.get().uri(base + path).retrieve().bodyToMono(String.class).block();
        count("web-client jdk ok");
      } catch (WebClientResponseException e) {
        count("web-client jdk " + e.getStatusCode().value());
      }
    }
    System.out.println("outcomes " + outcomes);
  }

  private void count(String what) {
    outcomes.merge(what, 1, Integer::sum);
  }
}
