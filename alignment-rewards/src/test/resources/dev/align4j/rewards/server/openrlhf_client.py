#!/usr/bin/env python3
"""A client of the align4j reward server in another language, standard library only (urllib, json).

Posts the payloads OpenRLHF's trainer sends to a remote reward model -- {"query": [...], "prompts": [...],
"labels": [...]}, as aiohttp's json= serialises them -- and checks the response shape the trainer reads
(rewards, scores, extra_logs). Prints one JSON object with the rewards it received; the JUnit test compares them with
the model's own scores. Exits non-zero on any protocol violation.

usage: openrlhf_client.py <base url> <bearer token>
"""
import json
import sys
import urllib.error
import urllib.request


def post(url, payload, token=None):
    data = json.dumps(payload).encode("utf-8")
    req = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read().decode("utf-8"))


def check(condition, message):
    if not condition:
        print("protocol violation: " + message, file=sys.stderr)
        sys.exit(3)


def rewards_of(status, body, n):
    check(status == 200, "status %d: %r" % (status, body))
    check(set(body) == {"rewards", "scores", "extra_logs"}, "keys %r" % sorted(body))
    check(isinstance(body["rewards"], list) and len(body["rewards"]) == n, "rewards %r" % (body["rewards"],))
    check(all(isinstance(r, float) for r in body["rewards"]), "rewards are not floats: %r" % (body["rewards"],))
    check(body["scores"] == body["rewards"], "scores differ from rewards")
    check(isinstance(body["extra_logs"], dict), "extra_logs is not a dict")
    return body["rewards"]


def main():
    base, token = sys.argv[1], sys.argv[2]
    url = base + "/get_reward"
    prompt = "<|im_start|>user\nHow do I reset my password?<|im_end|>\n<|im_start|>assistant\n"
    response = "Open Settings, choose Security, then Reset password.<|im_end|>"
    out = {}
    # one sample, as SingleTurnAgentExecutor sends it
    status, body = post(url, {"query": [prompt + response], "prompts": [prompt], "labels": ["settings"]}, token)
    out["single"] = rewards_of(status, body, 1)
    # a batch of three, as a custom client might send it
    queries = [prompt + "Try turning it off and on.", prompt + "I cannot help.", prompt + response]
    status, body = post(url, {"query": queries, "prompts": [prompt] * 3, "labels": [None, "x", "y"]}, token)
    out["batch"] = rewards_of(status, body, 3)
    # the empty shard a multi-endpoint trainer sends to its other servers
    status, body = post(url, {"query": [], "prompts": [], "labels": []}, token)
    out["empty"] = rewards_of(status, body, 0)
    # errors are JSON with a message naming the field
    status, body = post(url, {"query": [prompt, 7]}, token)
    check(status == 400 and "query[1]" in body.get("error", ""), "bad query: %d %r" % (status, body))
    status, body = post(url, {"query": [prompt]}, None)
    check(status == 401, "no token: %d" % status)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
