package io.sliagent.agent;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The classes an objectives file names ({@code job: { method: "com.acme.Etl#run" }}), found at
 * premain by a plain scan of its text for {@code Class#method}, before it is parsed on the
 * start-up thread: so such a class that loads meanwhile waits for the agent instead of running
 * its first jobs unmeasured. Over-approximate by design (the parsed file decides what is
 * changed); never blocks: only a regular file of at most 1 MiB is read.
 */
final class ObjectivesHint {

  static final long MAX_BYTES = 1 << 20;

  private ObjectivesHint() {}

  /** The class parts ({@code *} allowed) of the file's {@code Class#method} tokens; may be empty. */
  static List<String> classes(String file) {
    if (file == null) {
      return List.of();
    }
    // java.io, not java.nio.file: on the main thread at premain, its classes are loaded already.
    try {
      File f = new File(file);
      if (!f.isFile() || f.length() > MAX_BYTES) {
        return List.of();
      }
      try (InputStream in = new FileInputStream(f)) {
        return scan(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException e) {
      return List.of(); // the parse says what is wrong, with its line and column
    }
  }

  static List<String> scan(String text) {
    List<String> out = new ArrayList<>();
    for (int hash = text.indexOf('#'); hash >= 0; hash = text.indexOf('#', hash + 1)) {
      int start = hash;
      while (start > 0 && isNameChar(text.charAt(start - 1))) {
        start--;
      }
      boolean method = hash + 1 < text.length() && isNameChar(text.charAt(hash + 1));
      if (start < hash && method) {
        String type = text.substring(start, hash);
        if (!out.contains(type)) {
          out.add(type);
        }
      }
    }
    return out;
  }

  private static boolean isNameChar(char c) {
    return Character.isJavaIdentifierPart(c) || c == '.' || c == '*';
  }
}
