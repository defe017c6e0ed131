package io.sliagent.api;

import java.util.function.Function;

/**
 * The endpoints of one {@link Signal}: what handlers record into. Endpoints are capped ({@code
 * sli.max.endpoints}); past the cap a new identity is counted under one overflow endpoint, so
 * memory stays bounded whatever the application calls.
 */
public interface Recorder {

  /** The signal whose endpoints these are. */
  Signal signal();

  /**
   * The endpoint already made for a key equal to {@code key}, or null; never makes one. A cheap
   * first look that allocates nothing: a reusable probe key can be passed.
   */
  Endpoint find(Object key);

  /**
   * The endpoint for {@code key}, made from {@code attributes} the first time. The key must have
   * value equality and determine the attributes: equal keys, equal attributes.
   */
  <K> Endpoint endpoint(K key, Function<? super K, EndpointAttributes> attributes);
}
