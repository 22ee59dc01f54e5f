/**
 * LLM-as-reward: a reward read from a chat model's 1–10 rating or from the probability of a "good" token, with a typed
 * unscorable result.
 */
@NullMarked
package dev.align4j.rewards.llm;

import org.jspecify.annotations.NullMarked;
