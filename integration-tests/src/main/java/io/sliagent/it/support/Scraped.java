package io.sliagent.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a Prometheus endpoint: status, content type, body and, in the text format, its
 * samples, read back by name and labels.
 */
public final class Scraped {

  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  public final int status;
  public final String contentType;
  public final String body;
  private final List<Sample> samples = new ArrayList<>();

  private Scraped(int status, String contentType, String body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    if (!contentType.startsWith("text/plain")) {
      return; // OpenMetrics or an error: read as text only
    }
    for (String line : body.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new AssertionError("not a sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
    }
  }

  /** {@code GET url} with the given {@code Accept} header (none when null). */
  public static Scraped get(String url, String accept) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (accept != null) {
      b.header("Accept", accept);
    }
    HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(),
        HttpResponse.BodyHandlers.ofString());
    return new Scraped(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
        r.body());
  }

  /** The sum of the samples named {@code name} whose labels include all of {@code match}. */
  public double sum(String name, Map<String, String> match) {
    double total = 0;
    for (Sample s : samples) {
      if (s.name.equals(name) && Exported.matches(s.labels, match)) {
        total += s.value;
      }
    }
    return total;
  }

  /** The labels of every sample named {@code name}. */
  public List<Map<String, String>> labels(String name) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Sample s : samples) {
      if (s.name.equals(name)) {
        out.add(s.labels);
      }
    }
    return out;
  }

  private static final class Sample {
    final String name;
    final Map<String, String> labels;
    final double value;

    Sample(String name, Map<String, String> labels, double value) {
      this.name = name;
      this.labels = labels;
      this.value = value;
    }
  }
}
