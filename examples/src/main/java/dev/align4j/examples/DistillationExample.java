package dev.align4j.examples;

import dev.align4j.core.SamplingParameters;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.optimizer.distillation.DistillationOptimizer;
import dev.align4j.optimizers.optimizer.distillation.DistillationTeacher;
import dev.align4j.optimizers.optimizer.sft.SftExample;
import dev.align4j.optimizers.optimizer.sft.SftOptimizer;
import dev.align4j.policies.lm.TransformerConfig;
import dev.align4j.policies.lm.TransformerLanguageModel;
import dev.align4j.policies.token.WordTokenizer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * On-policy distillation of a pure-Java transformer: a larger transformer (the teacher) teaches a smaller one (the
 * student), and the student's gain over supervised fine-tuning alone is measured.
 *
 * <p>The task: a greeting prompt {@code "greet <name>"} is answered with one of two replies whose probabilities depend
 * on the name's group (three groups, e.g. "hello please" 70% / "hi there" 30%). The teacher (2 layers, width 48) is
 * fine-tuned on samples for every name. The student (1 layer, width 16) has labels for a third of the names only; the
 * other names come as prompts without labels, as when a strong model is distilled onto a company's unlabelled
 * traffic. Two students start from the same initialisation:
 *
 * <ul>
 *   <li>SFT alone: supervised fine-tuning on the labelled examples;
 *   <li>SFT + GKD: the same SFT steps, then {@link DistillationOptimizer} with the in-process teacher on all prompts
 *       (β = 0.5, λ = 0.5: half the steps on the student's own samples; off-policy steps use the labels, or a teacher
 *       sample for an unlabelled prompt).
 * </ul>
 *
 * The measure is the cross-entropy of the true reply distribution under the model, {@code −Σ_y p(y|x)·log π(y|x)} in
 * nats per reply, exact over the two replies, on the labelled and on the unlabelled names; its floor is the entropy of
 * the true distribution. Everything is seeded. Pass {@code full} for a longer run; the default size runs in seconds.
 */
public final class DistillationExample {
  private static final String[] NAMES = {
    "ann", "bob", "cid", "dan", "eve", "fay", "gus", "hal", "ivy", "jon", "kim", "lou",
    "max", "ned", "oli", "pam", "quin", "rex", "sam", "tom", "uma", "val", "wes", "zoe"
  };
  private static final String[][] REPLIES = {
    {"hello please", "hi there"}, {"good day", "good night"}, {"welcome back", "hi there"}
  };
  private static final double[] FIRST_REPLY_PROBABILITY = {0.7, 0.5, 0.8};
  private static final int LABELLED = 8;

  private DistillationExample() {}

  /**
   * What the run measured (cross-entropies in nats per reply).
   *
   * @param entropy the entropy of the true reply distribution, the floor of every cross-entropy
   * @param teacher the teacher's cross-entropy on all names
   * @param sftLabelled the SFT-only student on the labelled names
   * @param sftUnlabelled the SFT-only student on the unlabelled names
   * @param gkdLabelled the SFT + GKD student on the labelled names
   * @param gkdUnlabelled the SFT + GKD student on the unlabelled names
   * @param teacherParameters the teacher's parameter count
   * @param studentParameters the student's parameter count
   */
  public record Result(
      double entropy,
      double teacher,
      double sftLabelled,
      double sftUnlabelled,
      double gkdLabelled,
      double gkdUnlabelled,
      long teacherParameters,
      long studentParameters) {}

  private static int group(int name) {
    return name % 3;
  }

  private static Prompt prompt(int name) {
    return Prompt.of("greet " + NAMES[name]);
  }

  private static Completion sampleReply(int name, SplittableRandom random) {
    int g = group(name);
    return Completion.of(REPLIES[g][random.nextDouble() < FIRST_REPLY_PROBABILITY[g] ? 0 : 1]);
  }

  private static WordTokenizer tokenizer() {
    List<String> corpus = new ArrayList<>();
    for (String n : NAMES) {
      corpus.add("greet " + n);
    }
    for (String[] r : REPLIES) {
      corpus.add(r[0] + " " + r[1]);
    }
    return WordTokenizer.fromCorpus(corpus, 200, 1);
  }

  private static TransformerLanguageModel model(
      WordTokenizer tok, int width, int layers, long seed) {
    TransformerConfig c =
        TransformerConfig.builder().width(width).heads(2).layers(layers).contextLength(12).build();
    return TransformerLanguageModel.create(tok, c, new SplittableRandom(seed), Runnable::run, true);
  }

  /** {@code −Σ_y p(y|x)·log π(y|x)} averaged over the names {@code [from, to)}. */
  static double crossEntropy(TransformerLanguageModel m, int from, int to) {
    double sum = 0;
    for (int n = from; n < to; n++) {
      int g = group(n);
      double p = FIRST_REPLY_PROBABILITY[g];
      sum -=
          p * m.sequenceLogProb(prompt(n), Completion.of(REPLIES[g][0]))
              + (1 - p) * m.sequenceLogProb(prompt(n), Completion.of(REPLIES[g][1]));
    }
    return sum / (to - from);
  }

  private static double entropy() {
    double sum = 0;
    for (int n = 0; n < NAMES.length; n++) {
      double p = FIRST_REPLY_PROBABILITY[group(n)];
      sum -= p * Math.log(p) + (1 - p) * Math.log(1 - p);
    }
    return sum / NAMES.length;
  }

  /** Runs the example; {@code scale} multiplies the step counts (1 for the quick run). */
  public static Result run(int scale) {
    WordTokenizer tok = tokenizer();
    SplittableRandom data = new SplittableRandom(2026);
    TransformerLanguageModel teacher = model(tok, 48, 2, 1);
    SftOptimizer teacherSft =
        SftOptimizer.builder(teacher).schedule(LearningRateSchedule.constant(0.01)).build();
    for (int s = 0; s < 80 * scale; s++) {
      List<SftExample> batch = new ArrayList<>();
      for (int n = 0; n < NAMES.length; n++) {
        batch.add(new SftExample(prompt(n), sampleReply(n, data)));
      }
      teacherSft.step(batch);
    }
    // the student's labels: four samples for each of the first LABELLED names
    List<SftExample> labelled = new ArrayList<>();
    for (int n = 0; n < LABELLED; n++) {
      for (int k = 0; k < 4; k++) {
        labelled.add(new SftExample(prompt(n), sampleReply(n, data)));
      }
    }
    TransformerLanguageModel sftOnly = model(tok, 16, 1, 2);
    TransformerLanguageModel distilled = model(tok, 16, 1, 2);
    for (TransformerLanguageModel student : List.of(sftOnly, distilled)) {
      SftOptimizer sft =
          SftOptimizer.builder(student).schedule(LearningRateSchedule.constant(0.01)).build();
      for (int s = 0; s < 60 * scale; s++) {
        sft.step(labelled);
      }
    }
    // all prompts; an unlabelled prompt's off-policy completion is one teacher sample
    SplittableRandom teacherSampling = new SplittableRandom(7);
    List<SftExample> prompts = new ArrayList<>(labelled);
    for (int n = LABELLED; n < NAMES.length; n++) {
      Completion c =
          teacher.sample(prompt(n), SamplingParameters.DEFAULT.withMaxTokens(4), teacherSampling);
      prompts.add(new SftExample(prompt(n), c.text().isEmpty() ? Completion.of(REPLIES[0][0]) : c));
    }
    DistillationOptimizer gkd =
        DistillationOptimizer.builder(distilled)
            .teacher(DistillationTeacher.inProcess(teacher.frozenCopy()))
            .sampling(new SamplingParameters(0.9, 0, 1.0, 4))
            .schedule(LearningRateSchedule.constant(0.01))
            .build();
    for (int s = 0; s < 60 * scale; s++) {
      gkd.step(prompts);
    }
    return new Result(
        entropy(),
        crossEntropy(teacher, 0, NAMES.length),
        crossEntropy(sftOnly, 0, LABELLED),
        crossEntropy(sftOnly, LABELLED, NAMES.length),
        crossEntropy(distilled, 0, LABELLED),
        crossEntropy(distilled, LABELLED, NAMES.length),
        teacher.parameterCount(),
        distilled.parameterCount());
  }

  /** Prints the summary. */
  public static void print(Result r, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "teacher %d parameters, student %d parameters%n",
        r.teacherParameters(),
        r.studentParameters());
    out.printf(
        Locale.ROOT,
        "cross-entropy of the true replies, nats per reply (floor: entropy %.3f)%n",
        r.entropy());
    out.printf(Locale.ROOT, "  teacher, all names            %.3f%n", r.teacher());
    out.printf(
        Locale.ROOT,
        "  student, labelled names       SFT alone %.3f   SFT + GKD %.3f%n",
        r.sftLabelled(),
        r.gkdLabelled());
    out.printf(
        Locale.ROOT,
        "  student, unlabelled names     SFT alone %.3f   SFT + GKD %.3f%n",
        r.sftUnlabelled(),
        r.gkdUnlabelled());
    out.printf(
        Locale.ROOT,
        "student's gain over SFT alone on the unlabelled names: %.3f nats per reply%n",
        r.sftUnlabelled() - r.gkdUnlabelled());
  }

  /** Runs the example on the console; {@code full} runs three times as many steps. */
  public static void main(String[] args) {
    boolean full = args.length > 0 && args[0].equals("full");
    long start = System.nanoTime();
    Result r = run(full ? 3 : 1);
    print(r, System.out);
    System.out.printf(Locale.ROOT, "(%.1f s)%n", (System.nanoTime() - start) / 1e9);
  }
}
