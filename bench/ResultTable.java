import java.util.ArrayList;
import java.util.List;

/** The summary table every bench step adds rows to: measure, figure, target, verdict. */
final class ResultTable {
  private final List<String[]> rows = new ArrayList<>();

  void add(String what, String value, String target, String verdict) {
    rows.add(new String[] {what, value, target, verdict});
  }

  void print() {
    int[] w = {0, 0, 0, 0};
    String[] head = {"measure", "figure", "target", "vs target"};
    List<String[]> all = new ArrayList<>();
    all.add(head);
    all.addAll(rows);
    for (String[] r : all) {
      for (int i = 0; i < 4; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    System.out.println();
    String fmt = "%-" + w[0] + "s  %" + w[1] + "s  %-" + w[2] + "s  %s%n";
    System.out.printf(fmt, (Object[]) head);
    System.out.println("-".repeat(w[0] + w[1] + w[2] + w[3] + 6));
    for (String[] r : rows) {
      System.out.printf(fmt, (Object[]) r);
    }
  }
}
