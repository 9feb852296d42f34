import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/** bench/run.sh's options; the jar defaults to the standalone jar on the classpath. */
record BenchArgs(boolean quick, boolean restOnly, boolean paymentsOnly, boolean storageOnly, boolean deployOnly, boolean functionsOnly, int restThreads, Path jar, Path out) {

  /** The parsed options, or null after printing the usage (--help). Exits 2 on an unknown option. */
  static BenchArgs parse(String[] args) {
    boolean quick = false;
    boolean restOnly = false;
    boolean paymentsOnly = false;
    boolean storageOnly = false;
    boolean deployOnly = false;
    boolean functionsOnly = false;
    int restThreads = 8;
    Path jar = null;
    Path out = Paths.get("bench", "results", "latest.json");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--rest-only" -> restOnly = true;
        case "--payments-only" -> paymentsOnly = true;
        case "--storage-only" -> storageOnly = true;
        case "--deploy-only" -> deployOnly = true;
        case "--functions-only" -> functionsOnly = true;
        case "--rest-threads" -> restThreads = Integer.parseInt(args[++i]);
        case "--jar" -> jar = Paths.get(args[++i]);
        case "--out" -> out = Paths.get(args[++i]);
        case "--help", "-h" -> {
          System.out.println("usage: bench/run.sh [--quick] [--rest-only] [--payments-only] [--storage-only] [--deploy-only] [--functions-only] [--rest-threads N] [--jar PATH] [--out results.json]");
          return null;
        }
        default -> {
          System.err.println("bench: unknown option " + args[i] + " (try --help)");
          System.exit(2);
        }
      }
    }
    if (jar == null) {
      jar = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
          .filter(p -> p.endsWith("-standalone.jar")).map(Paths::get).findFirst()
          .orElseThrow(() -> new IllegalStateException(
              "put the run402-local standalone jar on the classpath (-cp) or pass --jar PATH"));
    }
    jar = jar.toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no such jar: " + jar);
    }
    return new BenchArgs(quick, restOnly, paymentsOnly, storageOnly, deployOnly, functionsOnly, restThreads, jar, out);
  }
}
