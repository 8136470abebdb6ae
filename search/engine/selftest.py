"""`node.py selftest`: _analyze checks of every echowall analysis component on a running node.
Standard library only."""

import json
import urllib.error
import urllib.request

SELFTEST = [
    # (analyze request body, expected tokens)
    (
        {
            "tokenizer": "echowall_keyword",
            "char_filter": ["echowall_t2s"],
            "text": "小區停車位不夠，電梯燈ＡＢ１",
        },
        ["小区停车位不够,电梯灯AB1"],
    ),
    (
        {
            "tokenizer": "echowall_smartcn",
            "filter": ["echowall_smartcn_stop"],
            "text": "路灯坏了好几天，",
        },
        ["路灯", "坏", "了", "好几", "天"],
    ),
    (
        {
            "tokenizer": "standard",
            "filter": ["echowall_cjk_width", "lowercase"],
            "text": "５号楼ＷＩＦＩ",
        },
        ["5", "号", "楼", "wifi"],
    ),
    (
        {
            "tokenizer": "standard",
            "filter": [{"type": "echowall_cjk_bigram", "output_unigrams": True}],
            "text": "停车位",
        },
        ["停", "停车", "车", "车位", "位"],
    ),
    ({"analyzer": "echowall_chinese_words", "text": "小區停車位不夠"}, ["小区", "停车位", "不够"]),
    ({"analyzer": "echowall_chinese_bigrams", "text": "５號樓電梯"}, ["5", "号楼", "楼电", "电梯"]),
    ({"analyzer": "echowall_chinese_keyword", "text": "小區ＯＫ"}, ["小区ok"]),
]


def failures(url):
    """Run every check against the node at `url`, print each result; return how many failed."""
    failed = 0
    for body, expected in SELFTEST:
        req = urllib.request.Request(
            f"{url}/_analyze",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                got = [t["token"] for t in json.loads(r.read().decode())["tokens"]]
        except urllib.error.HTTPError as e:
            got = f"HTTP {e.code}: {e.read().decode()[:300]}"
        ok = got == expected
        failed += not ok
        print(
            f"{'ok  ' if ok else 'FAIL'} {body.get('analyzer') or body.get('tokenizer')}: "
            f"{body['text']} -> {got}" + ("" if ok else f" (expected {expected})")
        )
    return failed
