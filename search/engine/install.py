"""Getting the local node ready: Java and Maven, the plugin build, the distribution, its user.

Standard library only. Used by node.py, as a script or as the module `search.engine.node`.
"""

import hashlib
import os
import pwd
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

if __package__:
    from .common import (
        CONF,
        DATA,
        DIST_DIR,
        ENGINE,
        ES_HOME,
        ES_USER,
        EXIT_PREREQ,
        MIN_JAVA,
        PLUGIN_MARKER,
        PLUGIN_NAME,
        PLUGIN_ZIP,
        POM,
        ROOT,
        Fail,
        log,
    )
else:  # node.py run as a script: its folder is on sys.path
    from common import (
        CONF,
        DATA,
        DIST_DIR,
        ENGINE,
        ES_HOME,
        ES_USER,
        EXIT_PREREQ,
        MIN_JAVA,
        PLUGIN_MARKER,
        PLUGIN_NAME,
        PLUGIN_ZIP,
        POM,
        ROOT,
        Fail,
        log,
    )

# --------------------------------------------------------------------------- prerequisites


def find_java():
    """Return (java_home, major) of a Java 17+ runtime or raise Fail."""
    candidates = []
    for var in ("ES_JAVA_HOME", "JAVA_HOME"):
        if os.environ.get(var):
            candidates.append(Path(os.environ[var]) / "bin" / "java")
    on_path = shutil.which("java")
    if on_path:
        candidates.append(Path(on_path))
    for java in candidates:
        if not java.exists():
            continue
        try:
            out = subprocess.run(
                [str(java), "-XshowSettings:properties", "-version"],
                capture_output=True,
                text=True,
                timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        text = out.stderr + out.stdout
        spec = re.search(r"java\.specification\.version = (\d+)", text)
        home = re.search(r"java\.home = (.+)", text)
        if spec and home:
            major = int(spec.group(1))
            if major >= MIN_JAVA:
                return home.group(1).strip(), major
            log(f"ignoring {java}: Java {major} < {MIN_JAVA}")
    raise Fail(
        f"Java {MIN_JAVA}+ not found (set ES_JAVA_HOME or put java on PATH); "
        "Elasticsearch cannot run here — use database search.",
        EXIT_PREREQ,
    )


def find_mvn():
    mvn = shutil.which("mvn")
    if not mvn:
        raise Fail(
            "Maven (mvn) not found; needed to build the plugin / fetch Elasticsearch "
            "— use database search.",
            EXIT_PREREQ,
        )
    return mvn


def run(cmd, env=None, cwd=None, what=None):
    t = time.monotonic()
    res = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.stderr.write(res.stdout[-6000:] + res.stderr[-6000:])
        raise Fail(f"{what or cmd[0]} failed (exit {res.returncode}): {' '.join(map(str, cmd))}")
    if what:
        log(f"{what} done in {time.monotonic() - t:.1f}s")
    return res


# --------------------------------------------------------------------------- build / fetch / install


def newest_source_mtime():
    newest = (ENGINE / "pom.xml").stat().st_mtime
    for p in (ENGINE / "src").rglob("*"):
        if p.is_file():
            newest = max(newest, p.stat().st_mtime)
    return newest


def java_env(java_home):
    env = dict(os.environ)
    env["JAVA_HOME"] = java_home
    env["ES_JAVA_HOME"] = java_home
    return env


def ensure_plugin_built(java_home):
    if PLUGIN_ZIP.exists() and PLUGIN_ZIP.stat().st_mtime >= newest_source_mtime():
        return
    mvn = find_mvn()
    log("building plugin with Maven ...")
    run(
        [mvn, "-q", "-B", "-f", str(ENGINE / "pom.xml"), "package"],
        env=java_env(java_home),
        what="plugin build",
    )
    if not PLUGIN_ZIP.exists():
        raise Fail(f"Maven finished but {PLUGIN_ZIP} is missing")


def ensure_distribution(java_home):
    if (ES_HOME / "bin" / "elasticsearch").exists():
        return
    mvn = find_mvn()
    log(f"fetching Elasticsearch {POM['es_version']} (integ-test-zip, ~107 MB) via Maven ...")
    DIST_DIR.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(DIST_DIR / ".maven-markers", ignore_errors=True)
    run(
        [
            mvn,
            "-q",
            "-B",
            "-f",
            str(ENGINE / "pom.xml"),
            "dependency:unpack@fetch-elasticsearch",
            f"-Decho.es.dir={DIST_DIR}",
        ],
        env=java_env(java_home),
        what="distribution fetch+unpack",
    )
    if not (ES_HOME / "bin" / "elasticsearch").exists():
        raise Fail(f"unpack finished but {ES_HOME}/bin/elasticsearch is missing")
    PLUGIN_MARKER.unlink(missing_ok=True)
    make_world_readable(ES_HOME)


def make_world_readable(top):
    """Node user must read the distribution whatever root's umask was; bin/ must be executable."""
    for dirpath, _dirnames, filenames in os.walk(top):
        d = Path(dirpath)
        st = d.stat()
        if (st.st_mode & 0o005) != 0o005:
            os.chmod(d, st.st_mode | 0o755)
        for name in filenames:
            f = d / name
            if f.is_symlink():
                continue
            mode = f.stat().st_mode
            want = mode | 0o444
            if d.name == "bin" or (mode & 0o100):
                want |= 0o555
            if want != mode:
                os.chmod(f, want)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def es_cli_env(java_home):
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "ES_JAVA_HOME": java_home,
        "ES_PATH_CONF": str(CONF),
        "ES_TMPDIR": str(DATA / "tmp"),
        "HOME": str(DATA),
    }
    return env


def ensure_plugin_installed(java_home):
    digest = sha256(PLUGIN_ZIP)
    plugin_dir = ES_HOME / "plugins" / PLUGIN_NAME
    if (
        plugin_dir.exists()
        and PLUGIN_MARKER.exists()
        and PLUGIN_MARKER.read_text().strip() == digest
    ):
        return
    env = es_cli_env(java_home)
    # named_components.json ships in the zip, so the CLI does not need to scan classes; keep heap
    # bounded anyway (the scanner runs out of the default CLI heap on the smartcn jar).
    env["CLI_JAVA_OPTS"] = "-Xmx512m"
    plugin_cli = str(ES_HOME / "bin" / "elasticsearch-plugin")
    if plugin_dir.exists():
        run([plugin_cli, "remove", PLUGIN_NAME], env=env, what="old plugin removal")
    run(
        [plugin_cli, "install", "--batch", PLUGIN_ZIP.as_uri()],
        env=env,
        what=f"plugin {PLUGIN_NAME} install",
    )
    make_world_readable(ES_HOME / "plugins")
    PLUGIN_MARKER.write_text(digest + "\n")


# --------------------------------------------------------------------------- user / permissions


def node_user():
    """(uid, gid, name) the node runs as: echowall-es when we are root, else ourselves."""
    if os.geteuid() != 0:
        pw = pwd.getpwuid(os.geteuid())
        return pw.pw_uid, pw.pw_gid, pw.pw_name
    try:
        pw = pwd.getpwnam(ES_USER)
    except KeyError:
        useradd = shutil.which("useradd") or "/usr/sbin/useradd"
        log(f"creating system user {ES_USER}")
        run(
            [
                useradd,
                "--system",
                "--user-group",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                ES_USER,
            ],
            what=None,
        )
        pw = pwd.getpwnam(ES_USER)
    return pw.pw_uid, pw.pw_gid, pw.pw_name


def ensure_traversable(path):
    """As root: give 'others' search (x) permission on ancestors so the node user can reach path."""
    if os.geteuid() != 0:
        return
    for p in reversed(list(Path(path).parents)):
        st = p.stat()
        if not st.st_mode & 0o001:
            os.chmod(p, st.st_mode | 0o001)
            log(f"chmod o+x {p} (so {ES_USER} can reach {ROOT})")


def chown_tree(top, uid, gid):
    if os.geteuid() != 0:
        return
    for dirpath, _dirnames, filenames in os.walk(top):
        os.lchown(dirpath, uid, gid)
        for name in filenames:
            os.lchown(os.path.join(dirpath, name), uid, gid)
