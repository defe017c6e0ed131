package io.sliagent.objectives;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.AnchorNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads OpenSLO v1 documents as an objectives file. What the agent can judge (an SLO of
 * occurrences over a rolling window, whose ratio indicator carries the {@link OpenSlo}
 * annotations) is rewritten into the objectives file's own node tree, every node keeping the
 * line and column it came from, so {@link DocumentReader} checks it exactly as it checks a file
 * written by hand. What the agent cannot judge is a problem at its node; objects it has no use
 * for (services, data sources, alerting) are notes.
 */
final class OpenSloReader {

  /** Kinds of OpenSLO v1 the agent has no use for: read past with a note. */
  private static final List<String> IGNORED_KINDS = List.of("Service", "DataSource",
      "AlertPolicy", "AlertCondition", "AlertNotificationTarget");
  private static final List<String> OBJECT_KEYS = List.of("apiVersion", "kind", "metadata", "spec");
  private static final List<String> METADATA_KEYS =
      List.of("name", "displayName", "labels", "annotations");
  private static final List<String> SLO_KEYS = List.of("description", "service", "indicator",
      "indicatorRef", "timeWindow", "budgetingMethod", "objectives", "alertPolicies");
  private static final List<String> SLI_KEYS =
      List.of("description", "thresholdMetric", "ratioMetric");
  private static final List<String> OBJECTIVE_KEYS = List.of("displayName", "op", "value",
      "target", "targetPercent", "timeSliceTarget", "timeSliceWindow", "indicator",
      "indicatorRef", "compositeWeight");
  private static final List<String> INDICATOR_ANNOTATIONS =
      List.of(OpenSlo.SELECTOR, OpenSlo.SLI, OpenSlo.THRESHOLD);

  private final String file;
  private final List<Problem> problems = new ArrayList<>();
  private final List<Problem> notes = new ArrayList<>();
  /** Referenced SLIs already read (empty: with a problem), so a problem is said once. */
  private final Map<MappingNode, Optional<Map<String, NodeTuple>>> referenced = new HashMap<>();

  OpenSloReader(String file) {
    this.file = file;
  }

  /** Whether a file whose first document is {@code first} is OpenSLO: it names an apiVersion. */
  static boolean isOpenSlo(Node first) {
    Node n = real(first);
    if (n instanceof SequenceNode && !((SequenceNode) n).getValue().isEmpty()) {
      n = real(((SequenceNode) n).getValue().get(0));
    }
    if (!(n instanceof MappingNode)) {
      return false;
    }
    Node version = value((MappingNode) n, "apiVersion");
    return version instanceof ScalarNode
        && ((ScalarNode) version).getValue().startsWith("openslo/");
  }

  List<Problem> problems() {
    return problems;
  }

  List<Problem> notes() {
    return notes;
  }

  /** The objectives file's node tree for {@code documents}: service and objectives. */
  Node translate(List<Node> documents) {
    Map<MappingNode, Map<String, NodeTuple>> slos = new LinkedHashMap<>();
    Map<String, MappingNode> slis = new HashMap<>();
    for (MappingNode object : objects(documents)) {
      Map<String, NodeTuple> keys = entries(object, OBJECT_KEYS, "in an OpenSLO object");
      String version = scalar(keys.get("apiVersion"), object, "apiVersion");
      String kind = scalar(keys.get("kind"), object, "kind");
      if (version == null || kind == null) {
        continue;
      }
      if (!version.equals(OpenSlo.API_VERSION)) {
        report(keys.get("apiVersion").getValueNode(), "apiVersion " + Messages.quote(version)
            + " is not read: the agent reads " + OpenSlo.API_VERSION);
      } else if (kind.equals("SLO")) {
        slos.put(object, keys);
      } else if (kind.equals("SLI")) {
        String name = metadataName(object, keys);
        if (name != null) {
          slis.putIfAbsent(name, object);
        }
      } else if (IGNORED_KINDS.contains(kind)) {
        note(keys.get("kind").getValueNode(), "ignored: kind " + kind
            + " (the agent judges SLOs; alerts come from the rules command)");
      } else {
        report(keys.get("kind").getValueNode(), "unknown kind " + Messages.quote(kind)
            + " (expected one of: SLO, SLI, " + String.join(", ", IGNORED_KINDS) + ")");
      }
    }
    Map<String, Group> groups = new LinkedHashMap<>();
    ScalarNode service = null;
    Set<String> failed = new HashSet<>();
    for (Map.Entry<MappingNode, Map<String, NodeTuple>> slo : slos.entrySet()) {
      int before = problems.size();
      Entry e = slo(slo.getKey(), slo.getValue(), slis, failed);
      if (e == null) {
        continue;
      }
      if (service == null) {
        service = e.service;
      } else if (!service.getValue().equals(e.service.getValue())) {
        report(e.service, "service " + Messages.quote(e.service.getValue()) + " differs from "
            + Messages.quote(service.getValue()) + " (line " + line(service)
            + "): the agent measures one service");
      }
      Group g = groups.get(e.objective.getValue());
      if (g == null) {
        groups.put(e.objective.getValue(), g = new Group(e));
      } else if (!g.first.sameEndpointsAndWindow(e)) {
        report(e.objective, "objective " + Messages.quote(e.objective.getValue())
            + " of SLO at line " + line(g.first.objective) + " has another selector or window:"
            + " name this SLO's objective otherwise (" + OpenSlo.OBJECTIVE + ")");
        g.broken = true;
      } else {
        for (Entry other : g.entries) {
          if (other.sliType.getValue().equals(e.sliType.getValue())) {
            report(e.sliType, "objective " + Messages.quote(e.objective.getValue())
                + " already has a " + e.sliType.getValue() + " SLI (line " + line(other.sliType)
                + ")");
            g.broken = true;
          }
        }
      }
      g.entries.add(e);
      g.broken |= problems.size() > before;
    }
    List<Node> objectives = new ArrayList<>();
    for (Group g : groups.values()) {
      if (!g.broken && !failed.contains(g.first.objective.getValue())) {
        objectives.add(g.node());
      }
    }
    List<NodeTuple> top = new ArrayList<>();
    if (service != null) {
      top.add(new NodeTuple(key("service", service), service));
    }
    top.add(new NodeTuple(key("objectives", null),
        new SequenceNode(Tag.SEQ, objectives, FlowStyle.BLOCK)));
    return new MappingNode(Tag.MAP, top, FlowStyle.BLOCK);
  }

  /** Every object of every document: a document is one object, or a list of them. */
  private List<MappingNode> objects(List<Node> documents) {
    List<MappingNode> out = new ArrayList<>();
    for (Node document : documents) {
      Node d = real(document);
      List<Node> items = d instanceof SequenceNode ? ((SequenceNode) d).getValue() : List.of(d);
      for (Node item : items) {
        Node i = real(item);
        if (i instanceof MappingNode) {
          out.add((MappingNode) i);
        } else if (!isNull(i)) {
          report(i, "expected an OpenSLO object (apiVersion, kind, metadata, spec)");
        }
      }
    }
    return out;
  }

  /**
   * One SLO as one SLI of an objective, or null after reporting why it cannot be; the objective
   * of an SLO that cannot be is then added to {@code failed}: like an objective of the file with
   * a problem, it is left out whole.
   */
  private Entry slo(MappingNode slo, Map<String, NodeTuple> keys, Map<String, MappingNode> slis,
      Set<String> failed) {
    int before = problems.size();
    String name = metadataName(slo, keys);
    String label = "SLO " + (name == null ? "" : Messages.quote(name) + " ");
    ScalarNode objective = annotation(keys.get("metadata"), OpenSlo.OBJECTIVE);
    if (objective == null && name != null) {
      objective = (ScalarNode) real(value(mapping(keys.get("metadata")), "name"));
    }
    MappingNode spec = mapping(keys.get("spec"));
    if (spec == null) {
      report(slo, label + "has no spec");
      if (objective != null) {
        failed.add(objective.getValue());
      }
      return null;
    }
    Map<String, NodeTuple> s = entries(spec, SLO_KEYS, "in an SLO's spec");

    ScalarNode service = null;
    if (s.get("service") == null) {
      report(spec, label + "names no service");
    } else if (scalar(s.get("service"), spec, "service") != null) {
      service = (ScalarNode) real(s.get("service").getValueNode());
    }

    NodeTuple method = s.get("budgetingMethod");
    String m = scalar(method, spec, "budgetingMethod");
    if (m != null && !m.equals("Occurrences")) {
      report(method.getValueNode(), "budgetingMethod " + Messages.quote(m) + " cannot be"
          + " expressed: the agent counts good and bad events (Occurrences)");
    }

    ScalarNode window = window(s.get("timeWindow"));
    if (s.get("alertPolicies") != null) {
      note(s.get("alertPolicies").getKeyNode(),
          "ignored: alertPolicies (alerts come from the rules command)");
    }

    Map<String, NodeTuple> indicator = indicator(label, spec, s, slis);
    Target target = target(label, spec, s.get("objectives"));
    if (problems.size() > before || indicator == null || target == null || objective == null
        || service == null) {
      if (objective != null) {
        failed.add(objective.getValue());
      }
      return null;
    }
    return new Entry(objective, service, indicator, target, window);
  }

  /** The annotations of the SLO's indicator, inline or by reference, after checking its kind. */
  private Map<String, NodeTuple> indicator(String label, MappingNode spec,
      Map<String, NodeTuple> s, Map<String, MappingNode> slis) {
    NodeTuple inline = s.get("indicator");
    NodeTuple ref = s.get("indicatorRef");
    MappingNode indicator;
    Node at;
    if (inline != null && ref != null) {
      report(ref.getKeyNode(), label + "has both indicator and indicatorRef: use one");
      return null;
    } else if (inline != null) {
      indicator = mapping(inline);
      at = inline.getValueNode();
      if (indicator == null) {
        report(at, "expected a mapping for 'indicator' (metadata, spec)");
        return null;
      }
      entries(indicator, List.of("metadata", "spec"), "in an indicator");
    } else if (ref != null) {
      String name = scalar(ref, spec, "indicatorRef");
      if (name == null) {
        return null;
      }
      indicator = slis.get(name);
      at = ref.getValueNode();
      if (indicator == null) {
        report(at, "no SLI named " + Messages.quote(name) + " in this file");
        return null;
      }
      Optional<Map<String, NodeTuple>> known = referenced.get(indicator);
      if (known == null) {
        known = Optional.ofNullable(indicatorOf(label, indicator, at));
        referenced.put(indicator, known);
      }
      return known.orElse(null);
    } else {
      report(spec, label + "has no indicator: give indicator or indicatorRef");
      return null;
    }
    return indicatorOf(label, indicator, at);
  }

  /** The annotations of an indicator (metadata, spec) whose spec is a ratio; null: a problem. */
  private Map<String, NodeTuple> indicatorOf(String label, MappingNode indicator, Node at) {
    MappingNode sliSpec = mapping(valueTuple(indicator, "spec"));
    if (sliSpec == null) {
      report(at, "the indicator has no spec with a ratioMetric");
      return null;
    }
    Map<String, NodeTuple> kinds = entries(sliSpec, SLI_KEYS, "in an SLI's spec");
    if (kinds.containsKey("thresholdMetric")) {
      report(kinds.get("thresholdMetric").getKeyNode(), "a thresholdMetric cannot be expressed:"
          + " the agent judges each event, a ratioMetric of good (or bad) to total events");
      return null;
    }
    if (!kinds.containsKey("ratioMetric")) {
      report(sliSpec, "the indicator has no ratioMetric");
      return null;
    }
    MappingNode ratio = mapping(kinds.get("ratioMetric"));
    if (ratio != null && value(ratio, "raw") != null) {
      report(valueTuple(ratio, "raw").getKeyNode(), "a raw ratio cannot be expressed: the agent"
          + " counts good and bad events itself (give good or bad, and total)");
      return null;
    }
    MappingNode metadata = mapping(valueTuple(indicator, "metadata"));
    Map<String, NodeTuple> annotations = agentAnnotations(metadata);
    if (annotations == null) {
      return null;
    }
    if (!annotations.containsKey(OpenSlo.SELECTOR) || !annotations.containsKey(OpenSlo.SLI)) {
      report(metadata == null ? at : metadata, label + "cannot be expressed: its indicator does"
          + " not say what the agent measures (annotations " + OpenSlo.SELECTOR + " and "
          + OpenSlo.SLI + ", e.g. http-client and latency)");
      return null;
    }
    return annotations;
  }

  /**
   * The indicator's {@code sliagent.io/} annotations by key, in file order, after reporting
   * unknown ones; null after a problem. Annotations of other tools are theirs.
   */
  private Map<String, NodeTuple> agentAnnotations(MappingNode metadata) {
    Map<String, NodeTuple> out = new LinkedHashMap<>();
    MappingNode annotations = metadata == null ? null : mapping(valueTuple(metadata, "annotations"));
    if (annotations == null) {
      return out;
    }
    int before = problems.size();
    for (NodeTuple t : annotations.getValue()) {
      Node k = real(t.getKeyNode());
      if (!(k instanceof ScalarNode)) {
        continue;
      }
      String key = ((ScalarNode) k).getValue();
      if (!key.startsWith(OpenSlo.PREFIX)) {
        continue;
      }
      if (!INDICATOR_ANNOTATIONS.contains(key) && !key.startsWith(OpenSlo.SELECTOR + ".")) {
        report(k, Messages.unknownKey(key, "on an indicator",
            List.of(OpenSlo.SELECTOR, OpenSlo.criterion("KEY"), OpenSlo.SLI,
                OpenSlo.THRESHOLD)));
      } else if (!(real(t.getValueNode()) instanceof ScalarNode)) {
        report(t.getValueNode(), "expected a string for '" + key + "'");
      } else {
        out.put(key, t);
      }
    }
    return problems.size() > before ? null : out;
  }

  /** A rolling window as the file writes it ({@code 4w} is {@code 28d}), or null for none. */
  private ScalarNode window(NodeTuple timeWindow) {
    if (timeWindow == null) {
      return null;
    }
    Node list = real(timeWindow.getValueNode());
    if (!(list instanceof SequenceNode) || ((SequenceNode) list).getValue().size() != 1) {
      report(list, "expected a list of one time window for 'timeWindow'");
      return null;
    }
    Node item = real(((SequenceNode) list).getValue().get(0));
    if (!(item instanceof MappingNode)) {
      report(item, "expected a mapping for a time window (duration, isRolling)");
      return null;
    }
    Map<String, NodeTuple> w = entries((MappingNode) item,
        List.of("duration", "isRolling", "calendar"), "in a time window");
    NodeTuple rolling = w.get("isRolling");
    String r = rolling == null ? null : scalar(rolling, item, "isRolling");
    if (w.containsKey("calendar") || (r != null && !r.equals("true"))) {
      Node at = w.containsKey("calendar") ? w.get("calendar").getKeyNode()
          : rolling.getValueNode();
      report(at, "a calendar window cannot be expressed: the agent's windows are rolling"
          + " (isRolling: true)");
      return null;
    }
    if (rolling == null) {
      report(item, "a time window without isRolling: true is a calendar window, which the agent"
          + " cannot express");
      return null;
    }
    String d = scalar(w.get("duration"), item, "duration");
    if (d == null) {
      return null;
    }
    Node at = w.get("duration").getValueNode();
    String text = d.trim();
    if (text.matches("\\d+[MQY]")) {
      report(at, "window " + Messages.quote(d) + " cannot be expressed: months, quarters and"
          + " years are calendar lengths; give the rolling window in days, e.g. 30d");
      return null;
    }
    if (text.matches("\\d+w")) {
      text = Math.multiplyExact(Long.parseLong(text.substring(0, text.length() - 1)), 7) + "d";
    }
    return copy(text, at);
  }

  /** The SLO's one objective: its target, as text the file's target accepts. */
  private Target target(String label, MappingNode spec, NodeTuple objectives) {
    if (objectives == null) {
      report(spec, label + "has no objectives: give one with a target");
      return null;
    }
    Node list = real(objectives.getValueNode());
    if (!(list instanceof SequenceNode) || ((SequenceNode) list).getValue().isEmpty()) {
      report(list, "expected a list of one objective with a target for 'objectives'");
      return null;
    }
    List<Node> items = ((SequenceNode) list).getValue();
    if (items.size() > 1) {
      report(items.get(1), "a second objective cannot be expressed: the agent judges one target"
          + " per SLI (write another SLO for another objective)");
      return null;
    }
    Node item = real(items.get(0));
    if (!(item instanceof MappingNode)) {
      report(item, "expected a mapping for an objective (target)");
      return null;
    }
    Map<String, NodeTuple> o = entries((MappingNode) item, OBJECTIVE_KEYS, "in an objective");
    for (String k : List.of("op", "value", "timeSliceTarget", "timeSliceWindow", "indicator",
        "indicatorRef", "compositeWeight")) {
      if (o.containsKey(k)) {
        report(o.get(k).getKeyNode(), Messages.quote(k) + " cannot be expressed: "
            + (k.startsWith("time") ? "the agent counts events, not time slices"
            : k.equals("op") || k.equals("value") ? "op and value compare a thresholdMetric;"
                + " the threshold of a ratio is the annotation " + OpenSlo.THRESHOLD
            : "composite SLOs are not read"));
      }
    }
    NodeTuple t = o.get("target");
    NodeTuple p = o.get("targetPercent");
    if ((t == null) == (p == null)) {
      report(item, "expected one of target (0.999) or targetPercent (99.9)");
      return null;
    }
    String text = scalar(t != null ? t : p, item, t != null ? "target" : "targetPercent");
    if (text == null) {
      return null;
    }
    return new Target(t != null ? text : text.trim() + "%", (t != null ? t : p).getValueNode());
  }

  private String metadataName(MappingNode object, Map<String, NodeTuple> keys) {
    MappingNode metadata = mapping(keys.get("metadata"));
    if (metadata == null) {
      report(object, "expected metadata with a name");
      return null;
    }
    Map<String, NodeTuple> m = entries(metadata, METADATA_KEYS, "in metadata");
    return scalar(m.get("name"), metadata, "name");
  }

  /** A {@code sliagent.io/} annotation of {@code metadata} that is a string, else null. */
  private static ScalarNode annotation(NodeTuple metadata, String key) {
    MappingNode m = mapping(metadata);
    MappingNode annotations = m == null ? null : mapping(valueTuple(m, "annotations"));
    Node v = annotations == null ? null : real(value(annotations, key));
    return v instanceof ScalarNode && !isNull(v) ? (ScalarNode) v : null;
  }

  /** The text of a scalar value, or null after reporting it missing or not a string. */
  private String scalar(NodeTuple tuple, Node parent, String key) {
    if (tuple == null) {
      report(parent, "missing '" + key + "'");
      return null;
    }
    Node v = real(tuple.getValueNode());
    if (!(v instanceof ScalarNode) || isNull(v)
        || ((ScalarNode) v).getValue().trim().isEmpty()) {
      report(v, "expected a value for '" + key + "'");
      return null;
    }
    return ((ScalarNode) v).getValue();
  }

  /** The entries of a mapping with string keys, after reporting keys not in {@code valid}. */
  private Map<String, NodeTuple> entries(MappingNode map, List<String> valid, String where) {
    Map<String, NodeTuple> out = new LinkedHashMap<>();
    for (NodeTuple t : map.getValue()) {
      Node k = real(t.getKeyNode());
      if (!(k instanceof ScalarNode)) {
        report(k, "expected a string key");
        continue;
      }
      String key = ((ScalarNode) k).getValue();
      if (!valid.contains(key)) {
        report(k, Messages.unknownKey(key, where, valid));
      } else if (out.putIfAbsent(key, t) != null) {
        report(k, "duplicate key " + Messages.quote(key));
      }
    }
    return out;
  }

  private static MappingNode mapping(NodeTuple tuple) {
    Node v = tuple == null ? null : real(tuple.getValueNode());
    return v instanceof MappingNode ? (MappingNode) v : null;
  }

  private static NodeTuple valueTuple(MappingNode map, String key) {
    for (NodeTuple t : map.getValue()) {
      Node k = real(t.getKeyNode());
      if (k instanceof ScalarNode && ((ScalarNode) k).getValue().equals(key)) {
        return t;
      }
    }
    return null;
  }

  private static Node value(MappingNode map, String key) {
    NodeTuple t = valueTuple(map, key);
    return t == null ? null : t.getValueNode();
  }

  private void report(Node node, String message) {
    problems.add(at(node, message));
  }

  private void note(Node node, String message) {
    notes.add(at(node, message));
  }

  private Problem at(Node node, String message) {
    Mark mark = node == null ? null : node.getStartMark().orElse(null);
    return mark == null ? new Problem(file, 1, 1, message)
        : new Problem(file, mark.getLine() + 1, mark.getColumn() + 1, message);
  }

  private static int line(Node node) {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  private static Node real(Node node) {
    return node instanceof AnchorNode ? ((AnchorNode) node).getRealNode() : node;
  }

  /** A string scalar {@code text} standing where {@code at} stands in the file. */
  private static ScalarNode copy(String text, Node at) {
    Optional<Mark> start = at == null ? Optional.empty() : at.getStartMark();
    Optional<Mark> end = at == null ? Optional.empty() : at.getEndMark();
    return new ScalarNode(Tag.STR, true, text, ScalarStyle.PLAIN, start, end);
  }

  /** A key of the objectives file, placed at {@code at} so its problems point there. */
  private static ScalarNode key(String text, Node at) {
    return copy(text, at);
  }

  /** An SLO's target as the objectives file writes one, and where it stands. */
  private static final class Target {
    final String text;
    final Node at;

    Target(String text, Node at) {
      this.text = text;
      this.at = at;
    }
  }

  /** One SLO read as one SLI of an objective. */
  private static final class Entry {
    final ScalarNode objective;
    final ScalarNode service;
    final ScalarNode selector;
    final Map<String, NodeTuple> criteria = new LinkedHashMap<>();
    final ScalarNode sliType;
    final NodeTuple threshold;
    final Target target;
    final ScalarNode window;

    Entry(ScalarNode objective, ScalarNode service, Map<String, NodeTuple> annotations,
        Target target, ScalarNode window) {
      this.objective = objective;
      this.service = service;
      this.selector = (ScalarNode) real(annotations.get(OpenSlo.SELECTOR).getValueNode());
      this.sliType = (ScalarNode) real(annotations.get(OpenSlo.SLI).getValueNode());
      this.threshold = annotations.get(OpenSlo.THRESHOLD);
      for (Map.Entry<String, NodeTuple> a : annotations.entrySet()) {
        if (a.getKey().startsWith(OpenSlo.SELECTOR + ".")) {
          criteria.put(a.getKey().substring(OpenSlo.SELECTOR.length() + 1), a.getValue());
        }
      }
      this.target = target;
      this.window = window;
    }

    boolean sameEndpointsAndWindow(Entry e) {
      return selector.getValue().equals(e.selector.getValue())
          && texts(criteria).equals(texts(e.criteria))
          && Objects.equals(window == null ? null : window.getValue(),
              e.window == null ? null : e.window.getValue());
    }

    private static Map<String, String> texts(Map<String, NodeTuple> m) {
      Map<String, String> out = new HashMap<>();
      m.forEach((k, v) -> out.put(k, ((ScalarNode) real(v.getValueNode())).getValue()));
      return out;
    }

    /** {@code latency: { threshold: 250ms, target: 0.99 }} and its kin. */
    NodeTuple sli() {
      List<NodeTuple> body = new ArrayList<>();
      String type = sliType.getValue();
      // A threshold where none applies is passed on for the file's reader to name.
      if (threshold != null) {
        body.add(new NodeTuple(key("threshold", threshold.getKeyNode()),
            threshold.getValueNode()));
      }
      if (type.equals(Sli.RETRIES)) {
        // At most 1 - target of the attempts may be retries.
        body.add(new NodeTuple(key("max-ratio", target.at),
            copy(maxRatio(target.text), target.at)));
      } else {
        body.add(new NodeTuple(key("target", target.at), copy(target.text, target.at)));
      }
      return new NodeTuple(sliType,
          new MappingNode(Tag.MAP, true, body, FlowStyle.FLOW, sliType.getStartMark(),
              sliType.getEndMark()));
    }

    /** {@code 1 - target}; a target that is no number is left for the file's reader to name. */
    private static String maxRatio(String target) {
      String t = target.trim();
      boolean percent = t.endsWith("%");
      try {
        BigDecimal f = new BigDecimal(percent ? t.substring(0, t.length() - 1) : t);
        return BigDecimal.ONE.subtract(percent ? f.movePointLeft(2) : f).toPlainString();
      } catch (NumberFormatException e) {
        return target;
      }
    }
  }

  /** The SLOs of one objective. */
  private static final class Group {
    final Entry first;
    final List<Entry> entries = new ArrayList<>();
    boolean broken;

    Group(Entry first) {
      this.first = first;
    }

    /** The objective as the file writes it: name, selector, its SLIs, window. */
    Node node() {
      List<NodeTuple> o = new ArrayList<>();
      o.add(new NodeTuple(key("name", first.objective), first.objective));
      List<NodeTuple> criteria = new ArrayList<>();
      for (Map.Entry<String, NodeTuple> c : first.criteria.entrySet()) {
        criteria.add(new NodeTuple(key(c.getKey(), c.getValue().getKeyNode()),
            c.getValue().getValueNode()));
      }
      o.add(new NodeTuple(first.selector, new MappingNode(Tag.MAP, true, criteria,
          FlowStyle.FLOW, first.selector.getStartMark(), first.selector.getEndMark())));
      for (Entry e : entries) {
        o.add(e.sli());
      }
      if (first.window != null) {
        o.add(new NodeTuple(key("window", first.window), first.window));
      }
      return new MappingNode(Tag.MAP, true, o, FlowStyle.BLOCK, first.objective.getStartMark(),
          first.objective.getEndMark());
    }
  }
}
