package dev.align4j.core;

import dev.align4j.core.check.Require;
import java.util.List;

/**
 * The gradients of a loss with respect to the token log-probabilities of a batch of sequences, in one of the two
 * shapes objectives produce, so that a batch backward pass never has to expand or slice them:
 *
 * <ul>
 *   <li>{@link PerSequence}: one value {@code g_i = ∂loss/∂log π(y_i | x_i)} per sequence. Since
 *       {@code log π(y|x) = Σ_t log π(y_t | x, y_<t)}, every token of sequence i receives {@code g_i} (the shape of
 *       the DPO family, SFT and the listwise objectives).
 *   <li>{@link PerToken}: one value per token, the sequences' tokens concatenated in batch order (the shape of the
 *       policy-gradient objectives, whose batches are laid out the same way).
 * </ul>
 *
 * <p>The arrays are not copied (avoiding the copy is the point): the caller must not change them until the backward
 * pass that reads them has returned.
 */
public sealed interface TokenGradients permits TokenGradients.PerSequence, TokenGradients.PerToken {

  /** The number of sequences. */
  int size();

  /**
   * Accumulates sequence {@code i}'s gradient into the parameter gradients through {@code forward}, the forward pass
   * of that sequence (the dispatch a batch backward pass uses: {@link TrainablePolicy.Forward#backwardUniform} or
   * {@link TrainablePolicy.Forward#backward(double[], int)}).
   *
   * @throws IllegalArgumentException when the sequence's token count is not the forward's
   */
  void backward(int i, TrainablePolicy.Forward forward);

  /**
   * Checks, before anything is accumulated, that there is one gradient per forward pass and that each has the
   * forward's token count and finite values.
   *
   * @throws IllegalArgumentException naming the first sequence that does not fit
   */
  void requireShape(List<? extends TrainablePolicy.Forward> forwards);

  /** One gradient per sequence, {@code values[i] = ∂loss/∂log π(y_i | x_i)}, applied to every token of sequence i. */
  static PerSequence perSequence(double[] values) {
    return new PerSequence(values);
  }

  /**
   * One gradient per token, the tokens of sequence i at {@code values[offset_i .. offset_i + lengths[i])} with
   * {@code offset_i = Σ_{j<i} lengths[j]}.
   */
  static PerToken perToken(double[] values, int[] lengths) {
    return PerToken.ofLengths(values, lengths);
  }

  /**
   * Per-sequence gradients.
   *
   * @param values {@code ∂loss/∂log π(y_i | x_i)} per sequence, finite; not copied
   */
  record PerSequence(double[] values) implements TokenGradients {
    /** Checks that the values are finite. */
    public PerSequence {
      Require.allFinite("values", Require.nonNull("values", values));
    }

    @Override
    public int size() {
      return values.length;
    }

    @Override
    public void backward(int i, TrainablePolicy.Forward forward) {
      forward.backwardUniform(values[i]);
    }

    @Override
    public void requireShape(List<? extends TrainablePolicy.Forward> forwards) {
      Require.nonNull("forwards", forwards);
      Require.sameLength("forwards", forwards.size(), "gradients", values.length);
    }

    @Override
    public String toString() {
      return "TokenGradients.PerSequence[" + values.length + " sequences]";
    }
  }

  /**
   * Per-token gradients of sequences laid end to end: sequence i's tokens are
   * {@code values[offsets[i] .. offsets[i + 1])}.
   *
   * @param values the token gradients, {@code offsets[size]} of them, finite; not copied
   * @param offsets {@code size + 1} strictly increasing indexes from 0 to {@code values.length}; not copied
   */
  record PerToken(double[] values, int[] offsets) implements TokenGradients {
    /** Checks that the values are finite and that the offsets delimit non-empty sequences covering them. */
    public PerToken {
      Require.nonNull("values", values);
      Require.nonNull("offsets", offsets);
      Require.argument(offsets.length >= 1 && offsets[0] == 0, "offsets must start with 0, was %s",
          offsets.length == 0 ? "empty" : offsets[0]);
      for (int i = 1; i < offsets.length; i++) {
        if (offsets[i] <= offsets[i - 1]) {
          throw new IllegalArgumentException("offsets must be strictly increasing (every sequence has a token), "
              + "offsets[" + i + "] was " + offsets[i] + " after " + offsets[i - 1]);
        }
      }
      Require.argument(offsets[offsets.length - 1] == values.length,
          "the last offset must be values.length, %s, was %s", values.length, offsets[offsets.length - 1]);
      Require.allFinite("values", values);
    }

    /** Per-token gradients from the sequences' token counts (each positive). */
    static PerToken ofLengths(double[] values, int[] lengths) {
      Require.nonNull("lengths", lengths);
      int[] offsets = new int[lengths.length + 1];
      for (int i = 0; i < lengths.length; i++) {
        if (lengths[i] <= 0) {
          throw new IllegalArgumentException("lengths[" + i + "] must be positive, was " + lengths[i]);
        }
        offsets[i + 1] = Math.addExact(offsets[i], lengths[i]);
      }
      return new PerToken(values, offsets);
    }

    @Override
    public int size() {
      return offsets.length - 1;
    }

    /** The token count of sequence {@code i}. */
    public int length(int i) {
      return offsets[i + 1] - offsets[i];
    }

    @Override
    public void backward(int i, TrainablePolicy.Forward forward) {
      forward.backward(values, offsets[i]);
    }

    @Override
    public void requireShape(List<? extends TrainablePolicy.Forward> forwards) {
      Require.nonNull("forwards", forwards);
      Require.sameLength("forwards", forwards.size(), "gradients", size());
      for (int i = 0; i < size(); i++) {
        int tokens = forwards.get(i).logProbs().length();
        if (tokens != length(i)) {
          throw new IllegalArgumentException("the gradient of sequence " + i + " must have the token count of forwards["
              + i + "], " + tokens + ", had " + length(i));
        }
      }
    }

    @Override
    public String toString() {
      return "TokenGradients.PerToken[" + size() + " sequences, " + values.length + " tokens]";
    }
  }
}
