/**
 * Contract test suites for implementers of align4j's core interfaces, in the style of LangChain4j's abstract
 * integration tests: interfaces whose default methods are JUnit tests.
 */
@NullMarked
package dev.align4j.testkit.contract;

import org.jspecify.annotations.NullMarked;
