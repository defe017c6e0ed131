package io.sliagent.objectives;

import io.sliagent.api.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.AnchorNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Turns a composed YAML node tree into {@link Objectives}, recording a {@link Problem} at the node
 * of every mistake instead of stopping at the first. Works on nodes rather than loaded maps so
 * every problem keeps its line and column. Walks only the known shape of the file, so aliases and
 * recursive nodes cannot make it loop.
 */
final class DocumentReader {

  private static final List<String> TOP_KEYS = List.of("service", "window", "objectives");
  // Planned capabilities: recognised so the operator hears "not supported yet", not "unknown key".
  private static final List<String> LATER_SELECTORS = List.of("consumer", "executor", "job");
  /** The selector whose objectives may say {@code duration}: a job runs, it is not called. */
  private static final String JOB = "job";
  private static final List<String> LATER_SLIS =
      List.of("freshness", "queue-wait", "duration");

  private final String file;
  /** The selectors this agent knows: the signals of its instrumentations, by name. */
  private final Map<String, Signal> signals = new LinkedHashMap<>();
  private final List<String> objectiveKeys = new ArrayList<>();
  private final Set<String> later = new HashSet<>();
  /** The SLIs over further measures of the known signals ({@code queue-wait}). */
  private final Set<String> measures = new HashSet<>();
  private final List<Problem> problems = new ArrayList<>();
  // Objective name -> line of its first declaration, for the duplicate message.
  private final Map<String, Integer> names = new HashMap<>();

  DocumentReader(String file, Iterable<Signal> signals) {
    this.file = file;
    objectiveKeys.add("name");
    for (Signal signal : signals) {
      this.signals.putIfAbsent(signal.name(), signal);
    }
    objectiveKeys.addAll(this.signals.keySet());
    objectiveKeys.addAll(List.of(Sli.LATENCY, Sli.SUCCESS, Sli.RETRIES, "window"));
    for (Signal signal : this.signals.values()) {
      for (Signal.Metric m : signal.measures()) {
        if (measures.add(m.name())) {
          objectiveKeys.add(m.name());
        }
      }
    }
    for (String key : LATER_SELECTORS) {
      if (!this.signals.containsKey(key)) {
        later.add(key);
      }
    }
    for (String key : LATER_SLIS) {
      if (!measures.contains(key) && !(key.equals(Sli.DURATION) && this.signals.containsKey(JOB))) {
        later.add(key);
      }
    }
    if (this.signals.containsKey(JOB)) {
      objectiveKeys.add(Sli.DURATION);
    }
  }

  /** The problems found so far, in discovery order. */
  List<Problem> problems() {
    return problems;
  }

  /** Reads a whole document; a null or empty document means no objectives. */
  Objectives read(Node document) {
    Node root = real(document);
    if (root == null || isNull(root)) {
      return Objectives.none();
    }
    if (!(root instanceof MappingNode)) {
      report(root, "expected a mapping with service, window and objectives at the top level");
      return Objectives.none();
    }
    Map<String, NodeTuple> top =
        entries((MappingNode) root, TOP_KEYS, Set.of(), "at the top level");

    String service = null;
    NodeTuple s = top.get("service");
    if (s != null) {
      service = text(s.getValueNode(), "service", "a string");
    }

    Duration window = Objectives.DEFAULT_WINDOW;
    boolean windowBroken = false;
    NodeTuple w = top.get("window");
    if (w != null) {
      window = duration(w.getValueNode(), "window");
      windowBroken = window == null;
    }

    List<Objective> objectives = new ArrayList<>();
    NodeTuple o = top.get("objectives");
    if (o != null) {
      Node list = real(o.getValueNode());
      if (list instanceof SequenceNode) {
        for (Node item : ((SequenceNode) list).getValue()) {
          Objective objective = objective(item, windowBroken ? null : window);
          if (objective != null) {
            objectives.add(objective);
          }
        }
      } else if (!isNull(list)) { // "objectives:" with nothing under it declares none
        report(list, "expected a list of objectives");
      }
    }
    return new Objectives(service, windowBroken ? Objectives.DEFAULT_WINDOW : window, objectives);
  }

  /**
   * One objective, or null when it has any problem. {@code defaultWindow} is null when the file's
   * window is broken: an objective relying on it is then left out rather than measured over a
   * window the operator did not ask for (the window's own problem already says why).
   */
  private Objective objective(Node node, Duration defaultWindow) {
    int problemsBefore = problems.size();
    Node item = real(node);
    if (!(item instanceof MappingNode)) {
      report(item, "expected a mapping for an objective (name, selector, SLIs)");
      return null;
    }
    MappingNode map = (MappingNode) item;
    Map<String, NodeTuple> keys = entries(map, objectiveKeys, later, "in objective");

    String name = null;
    NodeTuple n = keys.get("name");
    if (n == null) {
      report(map, "objective has no name");
    } else {
      name = text(n.getValueNode(), "name", "a string");
      if (name != null) {
        Integer first = names.putIfAbsent(name, line(n.getValueNode()));
        if (first != null) {
          report(n.getValueNode(), "duplicate objective name " + Messages.quote(name)
              + " (first at line " + first + ")");
        }
      }
    }
    String label = name == null ? "objective" : "objective " + Messages.quote(name);

    List<NodeTuple> selectors = new ArrayList<>();
    List<NodeTuple> slis = new ArrayList<>();
    for (Map.Entry<String, NodeTuple> e : keys.entrySet()) {
      String key = e.getKey();
      if (later.contains(key)) {
        report(e.getValue().getKeyNode(),
            "'" + key + "' objectives are not supported by this version yet");
      }
      if (signals.containsKey(key) || LATER_SELECTORS.contains(key)) {
        selectors.add(e.getValue());
      } else if (key.equals(Sli.LATENCY) || key.equals(Sli.SUCCESS) || key.equals(Sli.RETRIES)
          || LATER_SLIS.contains(key) || measures.contains(key) || key.equals(Sli.DURATION)) {
        slis.add(e.getValue());
      }
    }

    Selector selector = null;
    if (selectors.isEmpty()) {
      report(map, label + " has no selector: add one of "
          + String.join(", ", signals.keySet()));
    } else if (selectors.size() > 1) {
      List<String> kinds = new ArrayList<>();
      for (NodeTuple t : selectors) {
        kinds.add(keyOf(t));
      }
      report(selectors.get(1).getKeyNode(), label + " has "
          + (kinds.size() == 2 ? "two" : String.valueOf(kinds.size())) + " selectors ("
          + String.join(", ", kinds) + "): use one");
    } else if (!later.contains(keyOf(selectors.get(0)))) {
      selector = selector(signals.get(keyOf(selectors.get(0))), selectors.get(0).getValueNode());
    }

    List<Sli> parsedSlis = new ArrayList<>();
    if (slis.isEmpty()) {
      report(map, label + " declares no SLI: add latency, success or retries");
    }
    for (NodeTuple t : slis) {
      String type = keyOf(t);
      if (measures.contains(type) && selector != null
          && selector.signal().measure(type) == null) {
        report(t.getKeyNode(), "'" + type + "' does not apply to " + selector.signal().name()
            + " objectives: it is measured for " + String.join(", ", signalsMeasuring(type)));
        continue;
      }
      if (type.equals(Sli.DURATION) && !later.contains(type) && selector != null
          && !selector.kind().equals(JOB)) {
        report(t.getKeyNode(), "'duration' applies to job objectives: a call's is 'latency'");
        continue;
      }
      if (!later.contains(type)) {
        Sli sli = sli(type, t.getValueNode());
        if (sli != null) {
          parsedSlis.add(sli);
        }
      }
    }

    Duration window = defaultWindow;
    NodeTuple w = keys.get("window");
    if (w != null) {
      window = duration(w.getValueNode(), "window");
    }

    if (problems.size() > problemsBefore || window == null) {
      return null;
    }
    return new Objective(name, selector, parsedSlis, window);
  }

  private Selector selector(Signal signal, Node node) {
    String kind = signal.name();
    Node value = real(node);
    if (!(value instanceof MappingNode)) {
      report(value, "expected a mapping for '" + kind + "'");
      return null;
    }
    Map<String, String> criteria = new LinkedHashMap<>();
    Map<String, NodeTuple> keys =
        entries((MappingNode) value, List.copyOf(signal.selectorKeys().keySet()), Set.of(),
            "in " + kind);
    for (Map.Entry<String, NodeTuple> e : keys.entrySet()) {
      Node valueNode = e.getValue().getValueNode();
      String text = text(valueNode, e.getKey(), "a string");
      if (text == null) {
        continue;
      }
      if (kind.equals(JOB) && e.getKey().equals("method") && !isClassHashMethod(text)) {
        report(valueNode, "bad job method " + Messages.quote(text)
            + ": expected Class#method, e.g. com.acme.etl.NightlyEtl#run");
        continue;
      }
      if (e.getKey().equals("port") && !isPort(text)) {
        report(valueNode,
            "bad port " + Messages.quote(text) + ": expected a number from 1 to 65535");
        continue;
      }
      criteria.put(e.getKey(), text);
    }
    return Selector.of(signal, criteria);
  }

  private static boolean isClassHashMethod(String text) {
    int hash = text.indexOf('#');
    return hash > 0 && hash < text.length() - 1 && text.indexOf('#', hash + 1) < 0;
  }

  private List<String> signalsMeasuring(String measure) {
    List<String> out = new ArrayList<>();
    for (Signal signal : signals.values()) {
      if (signal.measure(measure) != null) {
        out.add(signal.name());
      }
    }
    return out;
  }

  private Sli sli(String type, Node node) {
    Node value = real(node);
    if (!(value instanceof MappingNode)) {
      report(value, "expected a mapping for '" + type + "'");
      return null;
    }
    if (type.equals(Sli.RETRIES)) {
      return retries((MappingNode) value);
    }
    // A measure and a job's duration are judged as latency is: a threshold and a target.
    boolean latency = type.equals(Sli.LATENCY) || type.equals(Sli.DURATION)
        || measures.contains(type);
    List<String> valid = latency ? List.of("threshold", "target") : List.of("target");
    // A threshold under success is a misunderstanding worth its own message, not "unknown key".
    Map<String, NodeTuple> keys = entries((MappingNode) value, valid,
        latency ? Set.of() : Set.of("threshold"), "in " + type);

    long threshold = -1;
    NodeTuple t = keys.get("threshold");
    if (t != null && !latency) {
      report(t.getKeyNode(),
          "'success' takes no threshold: it counts calls that end without error");
    } else if (t != null) {
      Duration d = duration(t.getValueNode(), "threshold");
      threshold = d == null ? -1 : d.toNanos();
    } else if (latency) {
      report(value, "'" + type + "' requires a threshold, e.g. threshold: 250ms");
    }

    Double target = null;
    NodeTuple g = keys.get("target");
    if (g == null) {
      report(value, "'" + type + "' requires a target, e.g. target: 99.9%");
    } else {
      String text = text(g.getValueNode(), "target", "a target");
      if (text != null) {
        try {
          target = Values.target(text);
        } catch (IllegalArgumentException e) {
          report(g.getValueNode(), e.getMessage());
        }
      }
    }
    if (target == null || (latency && threshold <= 0)) {
      return null;
    }
    if (measures.contains(type)) {
      return Sli.measure(type, threshold, target);
    }
    if (type.equals(Sli.DURATION)) {
      return Sli.duration(threshold, target);
    }
    return latency ? Sli.latency(threshold, target) : Sli.success(target);
  }

  /** {@code retries: { max-ratio: 5% }}: at most that share of the attempts are retries. */
  private Sli retries(MappingNode value) {
    // A target under retries is a misunderstanding worth its own message, not "unknown key".
    Map<String, NodeTuple> keys = entries(value, List.of("max-ratio"), Set.of("target"),
        "in " + Sli.RETRIES);
    NodeTuple t = keys.get("target");
    if (t != null) {
      report(t.getKeyNode(), "'retries' takes a max-ratio, the share of attempts that may be"
          + " retries (e.g. max-ratio: 5%), not a target");
    }
    NodeTuple r = keys.get("max-ratio");
    if (r == null) {
      if (t == null) {
        report(value, "'retries' requires a max-ratio, e.g. max-ratio: 5%");
      }
      return null;
    }
    String text = text(r.getValueNode(), "max-ratio", "a ratio");
    if (text == null) {
      return null;
    }
    try {
      return t == null ? Sli.retries(Values.maxRatio(text)) : null;
    } catch (IllegalArgumentException e) {
      report(r.getValueNode(), e.getMessage());
      return null;
    }
  }

  /** A positive duration, or null after reporting why not. */
  private Duration duration(Node node, String key) {
    String text = text(node, key, "a duration");
    if (text == null) {
      return null;
    }
    try {
      return Duration.ofNanos(Values.durationNanos(text));
    } catch (IllegalArgumentException e) {
      report(node, e.getMessage());
      return null;
    }
  }

  /** The text of a non-empty scalar, or null after reporting what was expected. */
  private String text(Node node, String key, String expected) {
    Node value = real(node);
    if (!(value instanceof ScalarNode)) {
      report(value, "expected " + expected + " for '" + key + "'");
      return null;
    }
    if (isNull(value) || ((ScalarNode) value).getValue().trim().isEmpty()) {
      report(value, "missing value for '" + key + "'");
      return null;
    }
    return ((ScalarNode) value).getValue();
  }

  /**
   * The entries of a mapping by key, in file order, after reporting keys that are not strings,
   * duplicates (the first one counts) and keys neither in {@code valid} nor in {@code recognised}.
   */
  private Map<String, NodeTuple> entries(MappingNode map, List<String> valid,
      Set<String> recognised, String where) {
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (NodeTuple tuple : map.getValue()) {
      Node keyNode = real(tuple.getKeyNode());
      if (!(keyNode instanceof ScalarNode)) {
        report(keyNode, "expected a string key");
        continue;
      }
      String key = ((ScalarNode) keyNode).getValue();
      if (!seen.add(key)) {
        report(keyNode, "duplicate key " + Messages.quote(key));
      } else if (valid.contains(key) || recognised.contains(key)) {
        entries.put(key, tuple);
      } else {
        report(keyNode, Messages.unknownKey(key, where, valid));
      }
    }
    return entries;
  }

  private static String keyOf(NodeTuple tuple) {
    return ((ScalarNode) real(tuple.getKeyNode())).getValue();
  }

  private static boolean isPort(String text) {
    if (text.isEmpty() || text.length() > 5) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    int port = Integer.parseInt(text);
    return port >= 1 && port <= 65535;
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  private static Node real(Node node) {
    return node instanceof AnchorNode ? ((AnchorNode) node).getRealNode() : node;
  }

  private void report(Node node, String message) {
    Mark mark = node == null ? null : node.getStartMark().orElse(null);
    problems.add(mark == null
        ? new Problem(file, 1, 1, message)
        : new Problem(file, mark.getLine() + 1, mark.getColumn() + 1, message));
  }

  private static int line(Node node) {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
  }
}
