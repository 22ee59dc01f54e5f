/** Benchmarks of the LangChain4j integration: the best-of-n decorator's own cost per call. */
@NullMarked
package dev.align4j.benchmarks.langchain4j;

import org.jspecify.annotations.NullMarked;
