/**
 * LLM-as-reward: a reward read from a chat model's 1–10 rating or from the probability of a "good" token, with a typed
 * unscorable result; rubric-as-reward (weighted criteria, each on its own scale); and groupwise judging of G
 * candidates in one call (RULER-style), repeated in shuffled orders to measure and cancel position bias.
 */
@NullMarked
package dev.align4j.rewards.llm;

import org.jspecify.annotations.NullMarked;
