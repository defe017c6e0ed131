package io.sliagent.export.transport;

import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * What OTel's HttpSenderConfig and GrpcSenderConfig have in common, as fields a test sets and the
 * getters either interface asks for. A subclass implements one of them and adds the rest.
 */
public abstract class MutableSenderConfig {
  public URI endpoint;
  public Duration timeout = Duration.ofSeconds(10);
  public Duration connectTimeout = Duration.ofSeconds(5);
  public Compressor compressor;
  public Map<String, List<String>> headers = Collections.emptyMap();
  public RetryPolicy retryPolicy;
  public SSLContext sslContext;
  public X509TrustManager trustManager;
  public ExecutorService executorService;
  public long maxResponseBodySize = 4 * 1024 * 1024;

  protected MutableSenderConfig(String endpoint) {
    this.endpoint = URI.create(endpoint);
  }

  public URI getEndpoint() {
    return endpoint;
  }

  public Compressor getCompressor() {
    return compressor;
  }

  public Duration getTimeout() {
    return timeout;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public Supplier<Map<String, List<String>>> getHeadersSupplier() {
    return () -> headers;
  }

  public RetryPolicy getRetryPolicy() {
    return retryPolicy;
  }

  public SSLContext getSslContext() {
    return sslContext;
  }

  public X509TrustManager getTrustManager() {
    return trustManager;
  }

  public ExecutorService getExecutorService() {
    return executorService;
  }

  public long getMaxResponseBodySize() {
    return maxResponseBodySize;
  }
}
