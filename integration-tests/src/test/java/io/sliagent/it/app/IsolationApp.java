package io.sliagent.it.app;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import org.HdrHistogram.Histogram;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * An application with its own (other) versions of the libraries the agent is built on: its own
 * OpenTelemetry SDK and telemetry, ByteBuddy, HdrHistogram and YAML parser. It prints what each
 * gave it, and makes a few HTTP calls. Arguments: HTTP_PORT
 */
public final class IsolationApp {

  private IsolationApp() {}

  public static void main(String[] args) throws Exception {
    List<MetricData> exported = new ArrayList<>();
    MetricExporter exporter = new MetricExporter() {
      @Override
      public CompletableResultCode export(Collection<MetricData> metrics) {
        exported.addAll(metrics);
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public AggregationTemporality getAggregationTemporality(InstrumentType type) {
        return AggregationTemporality.CUMULATIVE;
      }
    };
    SdkMeterProvider provider = SdkMeterProvider.builder()
        .registerMetricReader(PeriodicMetricReader.builder(exporter).build()).build();
    provider.get("app").counterBuilder("orders").build().add(5);
    provider.forceFlush().join(5, TimeUnit.SECONDS);
    System.out.println("own otel: " + exported.get(0).getName() + " "
        + exported.get(0).getLongSumData().getPoints().iterator().next().getValue());
    System.out.println("global otel: " + GlobalOpenTelemetry.get().getClass().getSimpleName());

    Object generated = new ByteBuddy().subclass(Object.class)
        .method(ElementMatchers.named("toString")).intercept(FixedValue.value("generated"))
        .make().load(IsolationApp.class.getClassLoader()).getLoaded()
        .getDeclaredConstructor().newInstance();
    System.out.println("own bytebuddy: " + generated);

    Histogram h = new Histogram(3);
    for (int i = 1; i <= 100; i++) {
      h.recordValue(i);
    }
    System.out.println("own hdrhistogram: p50 " + h.getValueAtPercentile(50));

    Map<?, ?> yaml = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString("a: 1");
    System.out.println("own yaml: " + yaml);

    HttpClient client = HttpClient.newHttpClient();
    for (int i = 0; i < 5; i++) {
      client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + args[0] + "/own/" + i))
          .build(), HttpResponse.BodyHandlers.discarding());
    }
    // HdrHistogram's jar names its version; the test checks it is the application's own.
    System.out.println("library versions: " + Histogram.class.getPackage().getImplementationVersion()
        + " " + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().getPath()
            .replaceAll(".*/", ""));
  }
}
