package io.sliagent.it.boot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A Spring Boot application in an executable jar (nested jars, Boot's own class loader), with
 * HikariCP in front of H2: 5 inserts, 3 queries through JdbcTemplate, 4 HTTP calls.
 * Argument: HTTP_PORT
 */
@SpringBootApplication
public class BootApp {

  public static void main(String[] args) {
    System.exit(SpringApplication.exit(SpringApplication.run(BootApp.class, args)));
  }

  @Bean
  CommandLineRunner work(JdbcTemplate jdbc) {
    return args -> {
      jdbc.execute("CREATE TABLE boot_orders (id INT PRIMARY KEY, note VARCHAR(20))");
      for (int i = 0; i < 5; i++) {
        jdbc.update("INSERT INTO boot_orders (id, note) VALUES (?, ?)", i, "n" + i);
      }
      for (int i = 0; i < 3; i++) {
        jdbc.queryForObject("SELECT COUNT(*) FROM boot_orders WHERE id >= ?", Integer.class, i);
      }
      HttpClient client = HttpClient.newHttpClient();
      for (int i = 0; i < 4; i++) {
        client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + args[0] + "/boot/" + i))
            .build(), HttpResponse.BodyHandlers.discarding());
      }
      System.out.println("boot done");
    };
  }
}
