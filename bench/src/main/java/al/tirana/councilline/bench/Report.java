package al.tirana.councilline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tables of figures, printed and written to BENCHMARKS.md. The measured part of the file is regenerated on every
 * run; the hand-written analysis from "## What limits the next step" on is kept as it is.
 */
final class Report {

  static final String ANALYSIS_HEADING = "## What limits the next step";
  /** The README's benchmark command, which BenchmarkPartsTest keeps in step with the README. */
  static final String COMMAND = "mvn -B -q install -DskipTests && mvn -B -q -f bench/pom.xml compile exec:exec";

  private final List<String> sections = new ArrayList<>();
  private final List<String[]> summary = new ArrayList<>();

  /** One line of the headline table: which target, what it asks, what was measured, and whether it holds. */
  void target(String id, String what, String target, String measured, boolean met) {
    summary.add(new String[] {id, what, target, measured, met ? "met" : "**missed**"});
    System.out.printf("%-3s %-60s %s (%s)%n", id, what, measured, met ? "met" : "MISSED");
  }

  /**
   * A part that could not be measured (its node died, its client failed): the headline says why instead of a
   * figure, and the run goes on with the next part.
   */
  void failed(String id, String what, String cause) {
    summary.add(new String[] {id, what, "(as in a complete run)", "not measured: " + cell(cause),
        "**not measured**"});
    System.out.printf("%-3s %-60s NOT MEASURED: %s%n", id, what, cause);
  }

  /** A detail table under its own heading. */
  void table(String heading, String[] header, List<String[]> rows) {
    StringBuilder out = new StringBuilder("### ").append(heading).append("\n\n");
    out.append(row(header)).append(row(header.length, "---"));
    rows.forEach(r -> out.append(row(r)));
    sections.add(out.toString());
    System.out.println(out);
  }

  void write(Path file, String machine, String method) throws IOException {
    write(file, machine, method, null);
  }

  /**
   * The file as it stands after {@code lastPart}, written after every part of a full run, so a run that stops
   * later (a crash, a kill) still leaves the figures it has.
   */
  void checkpoint(Path file, String machine, String method, String lastPart) throws IOException {
    write(file, machine, method, lastPart);
  }

  private void write(Path file, String machine, String method, String lastPart) throws IOException {
    StringBuilder out = new StringBuilder("# Benchmarks\n\n");
    out.append("Run with `" + COMMAND + "`. This file's figures are "
        + "rewritten by each run; the analysis at the end is written by hand.\n\n");
    if (lastPart != null) {
      out.append("**Written while the run was going on, after " + lastPart + ": the parts after it had not run "
          + "yet.**\n\n");
    }
    out.append("## Machine\n\n").append(machine).append("\n\n");
    out.append("## Results\n\n");
    out.append(row(new String[] {"#", "What", "Target", "Measured", "Verdict"})).append(row(5, "---"));
    summary.forEach(r -> out.append(row(r)));
    out.append("\n");
    sections.forEach(s -> out.append(s).append("\n"));
    out.append("## Method\n\n").append(method).append("\n\n");
    String previous = Files.exists(file) ? Files.readString(file) : "";
    int analysis = previous.indexOf(ANALYSIS_HEADING);
    out.append(analysis >= 0 ? previous.substring(analysis) : ANALYSIS_HEADING + "\n\nNot written yet.\n");
    Files.writeString(file, out.toString());
  }

  /** Text for one table cell: on one line, without the column separator. */
  static String cell(String text) {
    return text == null ? "" : text.replace('\n', ' ').replace("|", "\\|");
  }

  private static String row(String[] cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  private static String row(int columns, String cell) {
    return row(java.util.Collections.nCopies(columns, cell).toArray(new String[0]));
  }

  static String ms(double millis) {
    return String.format("%.1f ms", millis);
  }

  static String mib(long bytes) {
    return String.format("%.0f MiB", bytes / 1048576.0);
  }
}
