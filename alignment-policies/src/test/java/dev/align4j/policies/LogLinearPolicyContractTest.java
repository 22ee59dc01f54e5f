package dev.align4j.policies;

import dev.align4j.core.Policy;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.testkit.contract.TrainablePolicyContract;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link LogLinearPolicy} runs the trainable-policy contract. (Issue 12 moves the policy to alignment-policies; this
 * test moves with it.)
 */
class LogLinearPolicyContractTest implements TrainablePolicyContract<LogLinearPolicy> {
  private static final SyntheticCandidates WORLD = new SyntheticCandidates(4, 5, 21);

  private static double[] theta(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] t = new double[WORLD.dimension];
    for (int i = 0; i < t.length; i++) {
      t[i] = r.nextGaussian();
    }
    return t;
  }

  @Override
  public LogLinearPolicy newPolicy(long seed) {
    return WORLD.policyBuilder().initialParameters(theta(seed)).build();
  }

  @Override
  public Prompt prompt() {
    return WORLD.prompt(2);
  }

  @Override
  public List<Completion> completions() {
    return WORLD.candidates(prompt()).subList(0, 3);
  }

  @Override
  public Parameters parameters(LogLinearPolicy policy) {
    return new Parameters() {
      @Override
      public int size() {
        return policy.dimension();
      }

      @Override
      public double get(int i) {
        return policy.parameters()[i];
      }

      @Override
      public double gradient(int i) {
        return policy.gradient()[i];
      }

      @Override
      public Policy withParameter(int i, double value) {
        double[] t = policy.parameters();
        t[i] = value;
        return WORLD.policyBuilder().initialParameters(t).build();
      }
    };
  }

  @Override
  public void writeState(LogLinearPolicy policy, DataOutputStream out) throws IOException {
    policy.writeState(out);
  }

  @Override
  public void readState(LogLinearPolicy policy, DataInputStream in) throws IOException {
    policy.readState(in);
  }

  @Override
  public double finiteDifferenceStep() {
    return 1e-5; // double-precision parameters
  }

  @Override
  public double gradientTolerance(double fd) {
    return 1e-7 + 1e-6 * Math.abs(fd);
  }
}
