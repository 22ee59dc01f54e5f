package dev.align4j.benchmarks.lm;

import dev.align4j.core.TokenGradients;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.policies.lm.TransformerConfig;
import dev.align4j.policies.lm.TransformerForward;
import dev.align4j.policies.lm.TransformerLanguageModel;
import dev.align4j.policies.token.ByteTokenizer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Peak heap of training a ~1M-parameter transformer (width 128, 5 layers, 4 heads, context 64, byte tokens) at batch
 * 16: builds the model, runs 20 training steps, and prints the parameter count, the heap retained after a full GC
 * (model, optimiser state, pooled workspaces), and the sum of the heap pools' peak usage (an upper bound of the peak).
 *
 * <p>Run (after {@code benchmarks/run.sh} has built the class path), for example with a tight heap to show the floor:
 * {@code java -Xmx128m --add-modules jdk.incubator.vector -cp benchmarks/target/classes:$(cat
 * benchmarks/target/classpath.txt) dev.align4j.benchmarks.lm.LmPeakHeap}.
 */
public final class LmPeakHeap {
  private LmPeakHeap() {}

  /** Runs the measurement and prints one line per figure. */
  public static void main(String[] args) {
    TransformerConfig config =
        TransformerConfig.builder().width(128).layers(5).heads(4).contextLength(64).build();
    TransformerLanguageModel model =
        TransformerLanguageModel.create(ByteTokenizer.INSTANCE, config, 1);
    SplittableRandom r = new SplittableRandom(2);
    List<Prompt> prompts = new ArrayList<>();
    List<Completion> completions = new ArrayList<>();
    for (int b = 0; b < 16; b++) {
      prompts.add(Prompt.of("x"));
      int[] ids = new int[61];
      for (int t = 0; t < ids.length; t++) {
        ids[t] = 32 + r.nextInt(95);
      }
      completions.add(new Completion("", ids, null));
    }
    double[] g = new double[16];
    Arrays.fill(g, -1.0 / (61 * 16));
    TokenGradients gradients = TokenGradients.perSequence(g);
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    for (int step = 0; step < 20; step++) {
      model.zeroGrad();
      List<TransformerForward> forwards = model.forwardBatch(prompts, completions);
      model.backwardBatch(forwards, gradients);
      model.step(1e-3);
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.gc();
    long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.printf("parameters %d%n", model.parameterCount());
    System.out.printf("max heap (-Xmx) %.1f MB%n", Runtime.getRuntime().maxMemory() / 1e6);
    System.out.printf("retained after GC %.1f MB%n", retained / 1e6);
    System.out.printf("sum of heap pool peaks %.1f MB%n", peak / 1e6);
    System.out.printf("model %s%n", model);
  }
}
