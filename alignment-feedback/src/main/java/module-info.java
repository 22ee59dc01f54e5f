/** align4j feedback: see the module README. */
module dev.align4j.feedback {
  requires dev.align4j.core;
  requires static org.jspecify;
}
