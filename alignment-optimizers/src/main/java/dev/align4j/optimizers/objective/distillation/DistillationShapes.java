package dev.align4j.optimizers.objective.distillation;

import dev.align4j.core.TokenDistributions;
import dev.align4j.core.check.Require;
import java.util.List;

/** The shape checks the distillation objectives share. */
final class DistillationShapes {
  private DistillationShapes() {}

  /** Requires a non-empty batch and the same length (and vocabulary, for two distribution lists) per sequence. */
  static void requireSameShapes(List<TokenDistributions> student, List<?> teacher) {
    Require.nonNull("student", student);
    Require.nonNull("teacher", teacher);
    Require.argument(!student.isEmpty(), "student must hold at least one sequence, was empty");
    Require.sameLength("student", student.size(), "teacher", teacher.size());
    for (int i = 0; i < student.size(); i++) {
      TokenDistributions s = Require.nonNull("student[" + i + "]", student.get(i));
      Object t = Require.nonNull("teacher[" + i + "]", teacher.get(i));
      Require.argument(s.length() > 0, "student[%s] must have at least one token, had 0", i);
      if (t instanceof TokenDistributions td) {
        Require.argument(
            td.length() == s.length() && td.vocabularySize() == s.vocabularySize(),
            "teacher[%s] must have the student's shape %s × %s, had %s × %s",
            i,
            s.length(),
            s.vocabularySize(),
            td.length(),
            td.vocabularySize());
      }
    }
  }

  /** The number of tokens of the batch. */
  static long tokenCount(List<TokenDistributions> student) {
    long n = 0;
    for (TokenDistributions s : student) {
      n += s.length();
    }
    return n;
  }
}
