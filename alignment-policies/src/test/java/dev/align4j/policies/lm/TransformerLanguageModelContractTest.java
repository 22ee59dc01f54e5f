package dev.align4j.policies.lm;

import dev.align4j.core.Policy;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.policies.token.ByteTokenizer;
import dev.align4j.testkit.contract.TrainablePolicyContract;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The pure-Java transformer (a tiny configuration, byte tokens) runs the trainable-policy contract. (Issue 12 moves it
 * to alignment-policies; this test moves with it.)
 */
class TransformerLanguageModelContractTest implements TrainablePolicyContract<TransformerLanguageModel> {
  private static final TransformerConfig TINY = TransformerConfig.builder().width(8).heads(2).layers(2).ffnWidth(12)
      .contextLength(16).initStd(0.3).build();

  @Override
  public TransformerLanguageModel newPolicy(long seed) {
    return TransformerLanguageModel.create(ByteTokenizer.INSTANCE, TINY, seed);
  }

  @Override
  public Prompt prompt() {
    return Prompt.of("hi!");
  }

  @Override
  public List<Completion> completions() {
    return List.of(Completion.of("yo u"), Completion.of("ok"), Completion.of("hey you"));
  }

  @Override
  public Parameters parameters(TransformerLanguageModel lm) {
    return new Parameters() {
      @Override
      public int size() {
        return lm.parameters().length;
      }

      @Override
      public double get(int i) {
        return lm.parameters()[i];
      }

      @Override
      public double gradient(int i) {
        return lm.gradients()[i];
      }

      @Override
      public Policy withParameter(int i, double value) {
        lm.parameters()[i] = (float) value;
        return lm;
      }
    };
  }

  @Override
  public void writeState(TransformerLanguageModel lm, DataOutputStream out) throws IOException {
    lm.writeState(out);
  }

  @Override
  public void readState(TransformerLanguageModel lm, DataInputStream in) throws IOException {
    lm.readState(in);
  }

  @Override
  public double finiteDifferenceStep() {
    return 1e-2; // single-precision parameters: a smaller step drowns in rounding (as in GradientCheckTest)
  }

  @Override
  public double gradientTolerance(double fd) {
    return 2e-3 + 2e-2 * Math.abs(fd);
  }
}
