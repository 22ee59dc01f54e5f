/**
 * A modular application as a user writes it: it requires the align4j modules it uses and nothing else; core, Jackson
 * and slf4j types reach it through {@code requires transitive}. Compiled by {@code ModularApplicationTest} with
 * {@code -Xlint:all -Werror}.
 */
module dev.align4j.jpmscheck.app {
  requires dev.align4j.rewards;
  requires dev.align4j.feedback;
  requires dev.align4j.policies;
  requires dev.align4j.optimizers;
  requires dev.align4j.rollout;
  requires dev.align4j.testkit;
}
