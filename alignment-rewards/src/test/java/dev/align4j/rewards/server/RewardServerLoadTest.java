package dev.align4j.rewards.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.model.FeatureRewardModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Loopback load: 32 clients × 50 requests of 1–16 items each (both endpoints), every item distinct; every response must
 * carry exactly the model's own in-process scores for its own items, in order (no lost, swapped or mixed responses).
 */
class RewardServerLoadTest {
  static final int CLIENTS = 32;
  static final int REQUESTS = 50;

  @Test
  @Timeout(90)
  void everyResponseCarriesItsOwnItemsScores() throws Exception {
    FeatureRewardModel model = TestModels.hashedLinear(3);
    String[] words = {
      "refund", "parcel", "sorry", "tracking", "please", "order", "late", "email", "thanks", "week"
    };
    AtomicInteger checkedItems = new AtomicInteger();
    AtomicInteger coalesced = new AtomicInteger();
    try (ServerFixture fx =
        new ServerFixture(
            model,
            b -> b.maxWorkers(2).maxWait(Duration.ofMillis(1)).queueCapacityItems(8192),
            8)) {
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          int client = c;
          done.add(
              clients.submit(
                  () -> {
                    SplittableRandom r = new SplittableRandom(1000 + client);
                    for (int q = 0; q < REQUESTS; q++) {
                      int n = 1 + r.nextInt(16);
                      List<String> prompts = new ArrayList<>();
                      List<String> responses = new ArrayList<>();
                      for (int i = 0; i < n; i++) {
                        prompts.add(
                            "client "
                                + client
                                + " asks "
                                + q
                                + ": "
                                + words[r.nextInt(words.length)]
                                + "?");
                        StringBuilder sb =
                            new StringBuilder("item " + i + " of " + client + "/" + q + ":");
                        for (int w = 0, len = 5 + r.nextInt(40); w < len; w++) {
                          sb.append(' ').append(words[r.nextInt(words.length)]);
                        }
                        responses.add(sb.toString());
                      }
                      boolean openRlhf = (q + client) % 2 == 0;
                      ObjectNode body = ServerFixture.JSON.createObjectNode();
                      if (openRlhf) {
                        ArrayNode query = body.putArray("query");
                        ArrayNode ps = body.putArray("prompts");
                        ArrayNode labels = body.putArray("labels");
                        for (int i = 0; i < n; i++) {
                          query.add(prompts.get(i) + responses.get(i));
                          ps.add(prompts.get(i));
                          labels.add("label " + i);
                        }
                      } else {
                        ArrayNode items = body.putArray("items");
                        for (int i = 0; i < n; i++) {
                          items
                              .addObject()
                              .put("prompt", prompts.get(i))
                              .put("response", responses.get(i));
                        }
                      }
                      ServerFixture.Reply reply =
                          fx.post(openRlhf ? "/get_reward" : "/v1/score", body.toString());
                      assertEquals(200, reply.status(), reply.raw().body());
                      JsonNode scores = reply.json().get(openRlhf ? "rewards" : "scores");
                      assertEquals(n, scores.size(), "client " + client + " request " + q);
                      for (int i = 0; i < n; i++) {
                        double expected =
                            model.score(Prompt.of(prompts.get(i)), Completion.of(responses.get(i)));
                        assertEquals(
                            expected,
                            scores.get(i).doubleValue(),
                            0.0,
                            "client " + client + " req " + q);
                        checkedItems.incrementAndGet();
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get(80, TimeUnit.SECONDS);
        }
      } finally {
        clients.shutdownNow();
      }
      RewardServerMetrics m = fx.server.metrics();
      assertEquals(CLIENTS * REQUESTS, m.scoringRequests());
      assertEquals(checkedItems.get(), m.itemsScored());
      assertEquals(CLIENTS * REQUESTS, m.responses(200));
      assertEquals(0, m.queuedItems());
      coalesced.set(m.maxBatchItems());
      assertTrue(m.batches() < CLIENTS * REQUESTS, "concurrent requests were coalesced: " + m);
    }
    assertTrue(coalesced.get() > 16, "some model call held items of several requests");
  }
}
