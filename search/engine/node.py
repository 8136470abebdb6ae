#!/usr/bin/env python3
"""Local Elasticsearch 8 node for Echo Wall, with the echowall Chinese analysis plugin.

Standard library only (runs before the project's virtualenv exists).

    python search/engine/node.py start    # build plugin, fetch ES, install, start, wait for health
    python search/engine/node.py stop
    python search/engine/node.py status   # exit 0 running, 3 not running
    python search/engine/node.py wait [--timeout SECONDS]
    python search/engine/node.py url
    python search/engine/node.py selftest # _analyze checks of every echowall component

Environment:
    ELASTICSEARCH_PORT   HTTP port (default 9200)
    ES_HEAP              JVM heap, e.g. 512m (default), 1g
    ES_START_TIMEOUT     seconds to wait for the node on start (default 180)
    ES_JAVA_HOME / JAVA_HOME   Java 17+ to use (default: `java` on PATH)

Layout (all under <repo>/var/, git-ignored):
    var/elasticsearch/elasticsearch-<version>/   unpacked distribution + installed plugin (read-only for the node)
    var/elasticsearch-data/{config,data,logs,tmp}  owned by the node's user; es.pid, node.json

Exit codes: 0 ok, 1 failure, 2 prerequisites missing (Java 17+ / Maven), 3 not running (status).
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

# Run as a script (python3 search/engine/node.py) its folder is on sys.path; imported as
# search.engine.node (tests, the search_node command), the same modules come from the package.
if __package__:
    from . import selftest
    from .common import (
        CONF,
        DATA,
        ES_HOME,
        EXIT_FAIL,
        EXIT_NOT_RUNNING,
        HOST,
        PID_FILE,
        PLUGIN_ZIP,
        POM,
        STATE_FILE,
        Fail,
        log,
        port,
        read_state,
        url_for,
    )
    from .install import (
        chown_tree,
        ensure_distribution,
        ensure_plugin_built,
        ensure_plugin_installed,
        ensure_traversable,
        es_cli_env,
        find_java,
        find_mvn,
        newest_source_mtime,
        node_user,
    )
else:
    import selftest
    from common import (
        CONF,
        DATA,
        ES_HOME,
        EXIT_FAIL,
        EXIT_NOT_RUNNING,
        HOST,
        PID_FILE,
        PLUGIN_ZIP,
        POM,
        STATE_FILE,
        Fail,
        log,
        port,
        read_state,
        url_for,
    )
    from install import (
        chown_tree,
        ensure_distribution,
        ensure_plugin_built,
        ensure_plugin_installed,
        ensure_traversable,
        es_cli_env,
        find_java,
        find_mvn,
        newest_source_mtime,
        node_user,
    )

__all__ = ["Fail", "find_java", "find_mvn", "main"]


# --------------------------------------------------------------------------- config


def write_config(http_port):
    for sub in ("data", "logs", "tmp"):
        (DATA / sub).mkdir(parents=True, exist_ok=True)
    if not (CONF / "jvm.options").exists():
        shutil.copytree(ES_HOME / "config", CONF, dirs_exist_ok=True)
    (CONF / "jvm.options.d").mkdir(exist_ok=True)
    heap = os.environ.get("ES_HEAP", "512m").strip() or "512m"
    if not re.fullmatch(r"\d+[kKmMgG]", heap):
        raise Fail(f"ES_HEAP={heap!r} must look like 512m or 1g")
    (CONF / "jvm.options.d" / "echowall.options").write_text(f"-Xms{heap}\n-Xmx{heap}\n")
    (CONF / "elasticsearch.yml").write_text(f"""\
# Written by search/engine/node.py on every start; edit node.py instead.
cluster.name: echowall-local
node.name: echowall-local
path.data: {DATA / "data"}
path.logs: {DATA / "logs"}
network.host: {HOST}
http.port: {http_port}
discovery.type: single-node
xpack.security.enabled: false
action.destructive_requires_name: false
# small dev disks: never block allocation / flip indices read-only
cluster.routing.allocation.disk.threshold_enabled: false
""")


# --------------------------------------------------------------------------- process / health


def read_pid():
    try:
        return int(PID_FILE.read_text().strip())
    except (OSError, ValueError):
        return None


def pid_alive(pid):
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        return b"org.elasticsearch" in cmdline or b"elasticsearch" in cmdline
    except OSError:
        return True


def health(http_port, timeout=2.0):
    try:
        with urllib.request.urlopen(f"{url_for(http_port)}/_cluster/health", timeout=timeout) as r:
            data = json.loads(r.read().decode())
            return data if data.get("status") in ("yellow", "green") else None
    except (urllib.error.URLError, OSError, ValueError):
        return None


def port_in_use(p):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((HOST, p)) == 0


def running_port():
    """Port of our running node, or None."""
    pid = read_pid()
    if not pid_alive(pid):
        return None
    return read_state().get("port") or port()


def wait_health(http_port, timeout, pid=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        h = health(http_port)
        if h:
            return h
        if pid is not None and not pid_alive(pid):
            return None
        time.sleep(0.5)
    return None


def tail_logs():
    for name in ("startup.log", "echowall-local.log"):
        f = DATA / "logs" / name
        if f.exists():
            lines = f.read_text(errors="replace").splitlines()[-40:]
            sys.stderr.write(f"--- {f} (tail) ---\n" + "\n".join(lines) + "\n")


# --------------------------------------------------------------------------- commands


def cmd_start(args):
    t0 = time.monotonic()
    http_port = port()
    rp = running_port()
    if rp:
        h = wait_health(rp, 60)
        if h:
            log(f"already running (pid {read_pid()}), health {h['status']}")
            if not PLUGIN_ZIP.exists() or PLUGIN_ZIP.stat().st_mtime < newest_source_mtime():
                log(
                    "note: plugin sources changed since the last build; `stop` + `start` rebuilds/reinstalls"
                )
            print(url_for(rp))
            return 0
        raise Fail(
            f"node process {read_pid()} exists but {url_for(rp)}/_cluster/health does not answer; "
            "try `node.py stop` then `start`"
        )
    if port_in_use(http_port):
        raise Fail(
            f"port {http_port} on {HOST} is already in use by another process; "
            "stop it or set ELASTICSEARCH_PORT to a free port"
        )

    java_home, major = find_java()
    ensure_plugin_built(java_home)
    ensure_distribution(java_home)
    DATA.mkdir(parents=True, exist_ok=True)
    write_config(http_port)
    ensure_plugin_installed(java_home)

    uid, gid, user = node_user()
    ensure_traversable(ES_HOME)
    ensure_traversable(DATA)
    chown_tree(DATA, uid, gid)
    PID_FILE.unlink(missing_ok=True)

    log(
        f"starting Elasticsearch {POM['es_version']} as {user} on {url_for(http_port)} "
        f"(Java {major}, heap {os.environ.get('ES_HEAP', '512m')}) ..."
    )
    env = es_cli_env(java_home)
    startup_log = DATA / "logs" / "startup.log"
    with open(startup_log, "wb") as out:
        kwargs = {}
        if os.geteuid() == 0:
            kwargs = {"user": uid, "group": gid, "extra_groups": []}
        proc = subprocess.Popen(
            [str(ES_HOME / "bin" / "elasticsearch"), "-d", "-p", str(PID_FILE)],
            env=env,
            cwd=str(DATA),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **kwargs,
        )
        timeout = float(os.environ.get("ES_START_TIMEOUT", "180"))
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            proc.kill()
            tail_logs()
            raise Fail(f"Elasticsearch did not daemonize within {timeout:.0f}s") from error
    if os.geteuid() == 0 and startup_log.exists():
        os.chown(startup_log, uid, gid)
    if rc != 0:
        tail_logs()
        raise Fail(f"bin/elasticsearch exited with {rc}")
    STATE_FILE.write_text(json.dumps({"port": http_port, "pid": read_pid(), "user": user}) + "\n")
    h = wait_health(http_port, timeout, pid=read_pid())
    if not h:
        tail_logs()
        raise Fail(f"node did not report yellow/green health on {url_for(http_port)}")
    log(f"running (pid {read_pid()}), health {h['status']}, ready in {time.monotonic() - t0:.1f}s")
    print(url_for(http_port))
    return 0


def cmd_stop(args):
    pid = read_pid()
    if not pid_alive(pid):
        log("not running")
        PID_FILE.unlink(missing_ok=True)
        return 0
    log(f"stopping pid {pid} ...")
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and pid_alive(pid):
        time.sleep(0.3)
    if pid_alive(pid):
        log("did not stop within 60s, sending SIGKILL")
        os.kill(pid, signal.SIGKILL)
        time.sleep(1)
    PID_FILE.unlink(missing_ok=True)
    log("stopped")
    return 0


def cmd_status(args):
    rp = running_port()
    if not rp:
        print(f"not running ({url_for(read_state().get('port') or port())})")
        return EXIT_NOT_RUNNING
    h = health(rp)
    if h:
        print(
            f"running pid={read_pid()} url={url_for(rp)} health={h['status']} "
            f"nodes={h.get('number_of_nodes')} active_shards={h.get('active_shards')}"
        )
    else:
        print(f"running pid={read_pid()} url={url_for(rp)} health=unavailable")
    return 0


def cmd_wait(args):
    rp = running_port() or port()
    h = wait_health(rp, args.timeout)
    if h:
        print(f"{url_for(rp)} health={h['status']}")
        return 0
    print(f"{url_for(rp)} not healthy after {args.timeout:.0f}s", file=sys.stderr)
    return EXIT_FAIL


def cmd_url(args):
    print(url_for(running_port() or port()))
    return 0


def cmd_selftest(args):
    rp = running_port()
    if not rp:
        raise Fail("node is not running", EXIT_NOT_RUNNING)
    return EXIT_FAIL if selftest.failures(url_for(rp)) else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description="Local Elasticsearch node for Echo Wall")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("start", help="build/fetch/install if needed, start and wait for health")
    sub.add_parser("stop", help="stop the node")
    sub.add_parser("status", help="print running/not running, URL and health")
    w = sub.add_parser("wait", help="wait for yellow/green health")
    w.add_argument("--timeout", type=float, default=60.0)
    sub.add_parser("url", help="print the node URL")
    sub.add_parser("selftest", help="check the echowall analysis components on the running node")
    args = parser.parse_args(argv)
    handler = {
        "start": cmd_start,
        "stop": cmd_stop,
        "status": cmd_status,
        "wait": cmd_wait,
        "url": cmd_url,
        "selftest": cmd_selftest,
    }[args.command]
    try:
        return handler(args)
    except Fail as e:
        print(f"[es-node] ERROR: {e}", file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
