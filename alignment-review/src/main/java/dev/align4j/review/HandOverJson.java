package dev.align4j.review;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON of {@code GET /api/lead/handover}: {@code {"bucketSize", "bucketsDropped", "forgottenItems", "buckets":
 * [{"from", "to", "items", "aiOnly", "aiShare", "audits", "compared", "agreed", "agreement", "agreementLow",
 * "agreementHigh", "complete"}]}}; the agreement fields are {@code null} when nothing was compared.
 */
final class HandOverJson {
  private HandOverJson() {}

  static ObjectNode of(HandOverHistory.Snapshot s) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("bucketSize", s.bucketSize());
    o.put("bucketsDropped", s.bucketsDropped());
    o.put("forgottenItems", s.forgottenItems());
    ArrayNode bs = o.putArray("buckets");
    for (HandOverHistory.Bucket b : s.buckets()) {
      ObjectNode x = bs.addObject();
      x.put("from", b.from().toString());
      x.put("to", b.to().toString());
      x.put("items", b.items());
      x.put("aiOnly", b.aiOnly());
      x.put("aiShare", b.aiShare());
      x.put("audits", b.audits());
      x.put("compared", b.compared());
      x.put("agreed", b.agreed());
      if (b.compared() == 0) {
        x.putNull("agreement");
        x.putNull("agreementLow");
        x.putNull("agreementHigh");
      } else {
        double[] ci = b.agreementInterval();
        x.put("agreement", b.agreement());
        x.put("agreementLow", ci[0]);
        x.put("agreementHigh", ci[1]);
      }
      x.put("complete", b.complete());
    }
    return o;
  }
}
