"""Paths, versions and helpers shared by the local node's modules (standard library only)."""

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

ENGINE = Path(__file__).resolve().parent
ROOT = ENGINE.parent.parent
VAR = ROOT / "var"
DIST_DIR = VAR / "elasticsearch"
DATA = VAR / "elasticsearch-data"
CONF = DATA / "config"
PID_FILE = DATA / "es.pid"
STATE_FILE = DATA / "node.json"
PLUGIN_MARKER = DIST_DIR / ".echowall-plugin.sha256"
ES_USER = "echowall-es"
HOST = "127.0.0.1"
MIN_JAVA = 17

EXIT_FAIL, EXIT_PREREQ, EXIT_NOT_RUNNING = 1, 2, 3


class Fail(Exception):
    def __init__(self, message, code=EXIT_FAIL):
        super().__init__(message)
        self.code = code


def log(msg):
    print(f"[es-node] {msg}", flush=True)


# --------------------------------------------------------------------------- pom / paths


def pom_info():
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    tree = ET.parse(ENGINE / "pom.xml").getroot()
    return {
        "artifact": tree.find("m:artifactId", ns).text.strip(),
        "version": tree.find("m:version", ns).text.strip(),
        "es_version": tree.find("m:properties/m:elasticsearch.version", ns).text.strip(),
    }


POM = pom_info()
ES_HOME = DIST_DIR / f"elasticsearch-{POM['es_version']}"
PLUGIN_NAME = POM["artifact"]
PLUGIN_ZIP = ENGINE / "target" / f"{POM['artifact']}-{POM['version']}.zip"


def port():
    raw = os.environ.get("ELASTICSEARCH_PORT", "9200").strip() or "9200"
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise Fail(f"ELASTICSEARCH_PORT={raw!r} is not a valid port")
    return int(raw)


def read_state():
    try:
        return json.loads(STATE_FILE.read_text())
    except (OSError, ValueError):
        return {}


def url_for(p):
    return f"http://{HOST}:{p}"
