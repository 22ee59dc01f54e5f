package dev.align4j.benchmarks.objective;

import dev.align4j.core.text.Prompt;
import dev.align4j.core.text.Role;
import dev.align4j.core.trajectory.ToolCall;
import dev.align4j.core.trajectory.Trajectory;
import dev.align4j.core.trajectory.Turn;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientObjective;
import dev.align4j.optimizers.objective.policygradient.GrpoLoss;
import dev.align4j.optimizers.trajectory.TrajectoryBatch;
import dev.align4j.optimizers.trajectory.TrajectoryCredit;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Masked multi-turn GRPO, side by side with PyTorch CPU autograd in one run: 64 trajectories × 1,024 tokens, each an
 * alternation of policy turns (32–160 tokens) and tool results (16–96 tokens) cut at 1,024, in 8 groups of 8 episodes
 * with random turn and outcome rewards. align4j lays them out as a {@link TrajectoryBatch} (mask = the policy's
 * tokens), assigns MT-GRPO's turn-level advantages, and evaluates TRL's default GRPO loss ({@code dapo}, ε = 0.2) with
 * its exact gradient through the kernel layer. The same per-token inputs (log-probabilities, old log-probabilities,
 * advantages, mask) are written as little-endian float64 files and handed to
 * {@code benchmarks/scripts/multiturn_grpo_torch.py}, which computes the same masked loss and its gradient with
 * autograd; both print their loss (they must agree) and the median thread/process CPU time of a loss + gradient
 * evaluation (15 rounds of 20 after at least 5 s and 200 calls of warm-up); align4j also times its whole path after
 * the forward pass (credit, layout, loss and gradient). The peer runs on {@code /usr/bin/python3} (where
 * {@code scripts/install-torch.sh} installs Debian's {@code python3-torch}; system property {@code align4j.python}
 * overrides it); when torch cannot be imported, the PyTorch side is reported as unmeasured.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp <benchmarks class path>
 * dev.align4j.benchmarks.objective.MultiTurnGrpoCpuTime [trajectories] [tokens] [script]}.
 */
public final class MultiTurnGrpoCpuTime {
  private static final int GROUP = 8;

  private MultiTurnGrpoCpuTime() {}

  /** Prints align4j's and PyTorch's loss and median CPU time per loss + gradient. */
  public static void main(String[] args) throws IOException, InterruptedException {
    int sequences = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    Path script = Path.of(args.length > 2 ? args[2] : "benchmarks/scripts/multiturn_grpo_torch.py");
    SplittableRandom random = new SplittableRandom(7);
    List<Trajectory> trajectories = trajectories(sequences, tokens, random);
    int n = sequences * tokens;
    double[] lp = new double[n];
    double[] old = new double[n];
    for (int t = 0; t < n; t++) {
      lp[t] = -6 * random.nextDouble();
      old[t] = Math.min(0, lp[t] + 0.3 * (random.nextDouble() - 0.5));
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long c0 = mx.getCurrentThreadCpuTime();
    double[] adv = TrajectoryCredit.turnLevel().tokenAdvantages(trajectories, GROUP);
    PolicyGradientBatch batch = TrajectoryBatch.of(trajectories, lp, old, null, adv);
    double layoutMicros = (mx.getCurrentThreadCpuTime() - c0) / 1000.0;
    PolicyGradientObjective loss = GrpoLoss.builder().build();
    double sink = 0;
    // warm up by time, not by count: on a loaded 2-core machine the JIT threads compete for the
    // cores, and a count
    // that suffices on an idle machine can end before C2 has compiled the loop
    long warmUntil = System.nanoTime() + 5_000_000_000L;
    for (int w = 0; w < 200 || System.nanoTime() < warmUntil; w++) {
      sink += loss.evaluate(batch).loss();
      if (w % 8 == 0) {
        double[] a = TrajectoryCredit.turnLevel().tokenAdvantages(trajectories, GROUP);
        sink += TrajectoryBatch.of(trajectories, lp, old, null, a).mask()[0];
      }
    }
    double[] micros = new double[15];
    double[] pathMicros = new double[15];
    for (int r = 0; r < micros.length; r++) {
      long t0 = mx.getCurrentThreadCpuTime();
      for (int k = 0; k < 20; k++) {
        sink += loss.evaluate(batch).loss();
      }
      micros[r] = (mx.getCurrentThreadCpuTime() - t0) / 20.0 / 1000.0;
      // the whole step after the forward pass, as the optimizer runs it: credit assignment, the
      // masked layout, then the loss and its gradient
      long p0 = mx.getCurrentThreadCpuTime();
      for (int k = 0; k < 20; k++) {
        double[] a = TrajectoryCredit.turnLevel().tokenAdvantages(trajectories, GROUP);
        sink += loss.evaluate(TrajectoryBatch.of(trajectories, lp, old, null, a)).loss();
      }
      pathMicros[r] = (mx.getCurrentThreadCpuTime() - p0) / 20.0 / 1000.0;
    }
    Arrays.sort(pathMicros);
    Arrays.sort(micros);
    double median = micros[micros.length / 2];
    double policyTokens = Arrays.stream(batch.mask()).sum();
    System.out.printf(
        Locale.ROOT,
        "masked multi-turn GRPO (dapo), %d trajectories x %d tokens, %.0f policy tokens%n",
        sequences,
        tokens,
        policyTokens);
    System.out.printf(
        Locale.ROOT,
        "align4j  loss=%.17g  median CPU %9.1f us/op  (%6.1f M tokens/s); "
            + "credit + layout + loss + gradient (warm) %.1f us/op; credit + layout once, cold: %.1f us%n",
        loss.evaluate(batch).loss(),
        median,
        n / median,
        pathMicros[pathMicros.length / 2],
        layoutMicros);
    Path dir = Files.createTempDirectory("align4j-multiturn");
    write(dir.resolve("logp.f64"), lp);
    write(dir.resolve("old.f64"), old);
    write(dir.resolve("adv.f64"), adv);
    write(dir.resolve("mask.f64"), batch.mask());
    System.out.println(torchPeer(script, dir, sequences, tokens));
    System.out.println(sink == 42 ? "" : "done");
  }

  /** Seeded multi-turn episodes of exactly {@code tokens} tokens, in groups of 8. */
  static List<Trajectory> trajectories(int sequences, int tokens, SplittableRandom random) {
    List<Trajectory> out = new ArrayList<>(sequences);
    Prompt prompt = Prompt.of("task");
    for (int i = 0; i < sequences; i++) {
      List<Turn> turns = new ArrayList<>();
      int used = 0;
      boolean policy = true;
      while (used < tokens) {
        int len =
            Math.min(tokens - used, policy ? 32 + random.nextInt(129) : 16 + random.nextInt(81));
        int[] ids = new int[len];
        Arrays.fill(ids, policy ? 3 : 4);
        if (policy) {
          double reward = random.nextInt(2);
          turns.add(Turn.policy("a", ids, null, new ToolCall("lookup", "x"), reward));
        } else {
          turns.add(Turn.observation(Role.TOOL, "r", ids));
        }
        used += len;
        policy = !policy;
      }
      out.add(new Trajectory(prompt, turns, true));
    }
    return out;
  }

  private static void write(Path file, double[] values) throws IOException {
    ByteBuffer buf =
        ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buf.asDoubleBuffer().put(values);
    Files.write(file, buf.array());
  }

  private static String torchPeer(Path script, Path dir, int sequences, int tokens)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(script)) {
      return "PyTorch: unmeasured (no peer script at " + script + ")";
    }
    String python = System.getProperty("align4j.python", "/usr/bin/python3");
    Process p =
        new ProcessBuilder(
                python,
                script.toString(),
                dir.toString(),
                Integer.toString(sequences),
                Integer.toString(tokens))
            .redirectErrorStream(true)
            .start();
    String text;
    try (InputStream in = p.getInputStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    int code = p.waitFor();
    if (code == 3) {
      return "PyTorch: unmeasured (" + text + ")";
    }
    return code == 0 ? text : "PyTorch peer failed (exit " + code + "):\n" + text;
  }
}
