package io.sliagent.objectives;

import io.sliagent.api.Signal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads an objectives file. Never throws and never gives up on the whole file for one mistake:
 * every problem is reported with its line and column, objectives with a problem are left out, the
 * rest are kept. A file that cannot be read or is not YAML yields no objectives and one problem.
 */
public final class ObjectivesParser {

  /** Larger files are refused unread: an objectives file is a page, not a data set. */
  static final int MAX_BYTES = 1024 * 1024;

  // A parser message may quote the token it choked on; cap it like any token we quote.
  private static final int MAX_PARSER_MESSAGE = 200;

  /** The selectors of the built-in instrumentations' signals, for callers that know no others. */
  public static final List<Signal> BUILT_IN_SIGNALS =
      List.of(Signal.HTTP_CLIENT, Signal.DB_CLIENT, Signal.EXECUTOR);

  private ObjectivesParser() {}

  /** The outcome of parsing: the usable objectives and every problem, in file order. */
  public static final class Parsed {

    private final Objectives objectives;
    private final List<Problem> problems;
    private final List<Problem> notes;

    Parsed(Objectives objectives, List<Problem> problems) {
      this(objectives, problems, List.of());
    }

    Parsed(Objectives objectives, List<Problem> problems, List<Problem> notes) {
      this.objectives = objectives;
      this.problems = sorted(problems);
      this.notes = sorted(notes);
    }

    private static List<Problem> sorted(List<Problem> problems) {
      List<Problem> sorted = new ArrayList<>(problems);
      sorted.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
      return List.copyOf(sorted);
    }

    /** Only the valid objectives: one with any problem is left out whole. */
    public Objectives objectives() {
      return objectives;
    }

    /** Every problem, sorted by line then column; empty when the file is clean. */
    public List<Problem> problems() {
      return problems;
    }

    /**
     * What was read past without harm, at its place: OpenSLO objects the agent has no use for
     * (services, alert policies). Not problems: the file is what its author meant.
     */
    public List<Problem> notes() {
      return notes;
    }

    /**
     * One line for the start-up log, e.g. {@code 2 objectives: payments-api (latency 250ms @ 99%,
     * success @ 99.9%), orders-db (latency 20ms @ 99.5%)}.
     */
    public String summary() {
      List<Objective> list = objectives.objectives();
      String count = list.size() + (list.size() == 1 ? " objective" : " objectives");
      if (list.isEmpty()) {
        return count;
      }
      return count + ": "
          + list.stream().map(Objective::toString).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
      return summary() + (problems.isEmpty() ? "" : "; problems: " + problems);
    }
  }

  /** {@link #parse(Path, List)} with the built-in signals only. */
  public static Parsed parse(Path file) {
    return parse(file, BUILT_IN_SIGNALS);
  }

  /**
   * Reads and parses {@code file} as UTF-8, with a selector for each of {@code signals}; the
   * problems name it as {@code file.toString()}.
   */
  public static Parsed parse(Path file, List<Signal> signals) {
    String name = String.valueOf(file);
    byte[] bytes;
    // A FIFO would block the JVM's start-up until someone writes to it; a device may never end.
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      return fileProblem(name, 0, "not a regular file (a directory, FIFO or device)");
    }
    // Read at most one byte past the limit: the file may grow while it is read.
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException | RuntimeException e) {
      return fileProblem(name, 0, "cannot read: " + e.getClass().getSimpleName());
    }
    if (bytes.length > MAX_BYTES) {
      return fileProblem(name, 0, "file is larger than 1 MiB");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return fileProblem(name, 1, "not a YAML text file");
    }
    return parseText(name, text, signals);
  }

  /**
   * Parses {@code text} as the contents of a file called {@code fileName} (used only in problems).
   * Null text counts as empty.
   */
  public static Parsed parse(String fileName, String text) {
    return parse(fileName, text, BUILT_IN_SIGNALS);
  }

  /** {@link #parse(String, String)} with a selector for each of {@code signals}. */
  public static Parsed parse(String fileName, String text, List<Signal> signals) {
    String name = String.valueOf(fileName);
    String t = text == null ? "" : text;
    if (utf8Length(t) > MAX_BYTES) {
      return fileProblem(name, 0, "file is larger than 1 MiB");
    }
    return parseText(name, t, signals);
  }

  private static Parsed parseText(String name, String text, List<Signal> signals) {
    // A byte order mark is legal at the start of a UTF-8 file but not part of the YAML.
    String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
    Optional<Node> document;
    try {
      LoadSettings settings = LoadSettings.builder()
          .setLabel(name)
          .setSchema(new CoreSchema()) // YAML 1.2 core: ~, null and an empty value are all null
          .setCodePointLimit(MAX_BYTES + 1)
          .setAllowNonScalarKeys(true) // so the reader can say "expected a string key" at the key
          .build();
      // OpenSLO files hold many documents; the objectives file is one, and says so if it is not.
      List<Node> documents = new ArrayList<>();
      new Compose(settings).composeAllFromString(t).forEach(documents::add);
      if (!documents.isEmpty() && OpenSloReader.isOpenSlo(documents.get(0))) {
        return openSlo(name, documents, signals);
      }
      document = new Compose(settings).composeString(t);
    } catch (ReaderException e) {
      // Raised for characters no YAML text may contain: NUL, other control bytes.
      return fileProblem(name, 1, "not a YAML text file");
    } catch (MarkedYamlEngineException e) {
      return yamlProblem(name, e.getProblemMark().orElse(e.getContextMark().orElse(null)),
          parserMessage(e));
    } catch (YamlEngineException e) {
      return yamlProblem(name, null, cap(e.getMessage()));
    } catch (RuntimeException e) {
      return yamlProblem(name, null, "cannot parse: " + e.getClass().getSimpleName());
    } catch (StackOverflowError e) {
      // The composer recurses once per nesting level; thousands of '[' exhaust the stack.
      return yamlProblem(name, null, "nesting is too deep");
    }
    DocumentReader reader = new DocumentReader(name, signals);
    try {
      Objectives objectives =
          document.isPresent() ? reader.read(document.get()) : Objectives.none();
      return new Parsed(objectives, reader.problems());
    } catch (RuntimeException e) {
      // A bug of ours must not cost the application its start: report it like a bad file.
      List<Problem> problems = new ArrayList<>(reader.problems());
      problems.add(new Problem(name, 0, 0, "cannot parse: " + e.getClass().getSimpleName()));
      return new Parsed(Objectives.none(), problems);
    }
  }

  private static Parsed openSlo(String name, List<Node> documents, List<Signal> signals) {
    OpenSloReader openSlo = new OpenSloReader(name);
    DocumentReader reader = new DocumentReader(name, signals);
    try {
      Objectives objectives = reader.read(openSlo.translate(documents));
      List<Problem> problems = new ArrayList<>(openSlo.problems());
      problems.addAll(reader.problems());
      return new Parsed(objectives, problems, openSlo.notes());
    } catch (RuntimeException e) {
      List<Problem> problems = new ArrayList<>(openSlo.problems());
      problems.addAll(reader.problems());
      problems.add(new Problem(name, 0, 0, "cannot parse: " + e.getClass().getSimpleName()));
      return new Parsed(Objectives.none(), problems);
    }
  }

  /**
   * The parser's own words: the context says what it was doing ("while scanning a quoted
   * scalar"), the problem what it found; together they read as one sentence.
   */
  private static String parserMessage(MarkedYamlEngineException e) {
    String context = e.getContext();
    String problem = e.getProblem();
    String m = context == null ? problem : problem == null ? context : context + ", " + problem;
    m = cap(m);
    if (context != null && context.startsWith("while parsing a flow") && problem != null
        && (problem.endsWith("but got {") || problem.endsWith("but got ["))) {
      // By far the likeliest cause: path: /v1/charges/{id} written inside { ... } unquoted.
      m += " (inside { } or [ ], quote a value containing { } [ ] or commas,"
          + " e.g. path: \"/v1/charges/{id}\")";
    }
    return m;
  }

  private static String cap(String message) {
    String m = message == null || message.isEmpty() ? "malformed YAML" : message;
    if (m.length() > MAX_PARSER_MESSAGE) {
      m = m.substring(0, MAX_PARSER_MESSAGE) + "...";
    }
    return m.replace('\n', ' ').replace('\r', ' ');
  }

  private static Parsed yamlProblem(String name, Mark mark, String message) {
    int line = mark == null ? 1 : mark.getLine() + 1;
    int column = mark == null ? 1 : mark.getColumn() + 1;
    return new Parsed(Objectives.none(), List.of(new Problem(name, line, column, message)));
  }

  private static Parsed fileProblem(String name, int position, String message) {
    return new Parsed(Objectives.none(), List.of(new Problem(name, position, position, message)));
  }

  private static long utf8Length(String s) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
