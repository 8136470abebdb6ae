"""Time and peak memory of a real server process answering hostile requests.

    .venv/bin/python bench/hostile_bench.py [--repeat 3] [--settings echowall.settings.dev]

Builds a throw-away SQLite database (a category, a district and a few issues with tracking links),
starts `manage.py runserver --noreload` on a free loopback port, and sends each case below as a
browser would (CSRF cookie and token, multipart body). Before each request the server's peak RSS
is reset (`/proc/<pid>/clear_refs`), so "peak MB" is the most the server held while answering.
The target: every case answered in under a second with memory bounded.

Cases:
  4 MB post        /wall/new/ with a 4 MB description and a wrong captcha (plain text; pasted HTML)
  4 MB follow-up   the pasted HTML as a follow-up on a tracking link (no captcha there)
  2 MB post        half of it, under the request cap: the form comes back with the text
  80 MP photo      /wall/new/ with the right captcha and one 8900×8900 PNG (~300 KB)
  3 × 80 MP        a follow-up with three such PNGs
"""

import argparse
import io
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CAPTCHA_KEY = re.compile(r'name="captcha_0" value="([^"]+)"')
FOUR_MB_TEXT = "路灯坏了" * (4 * 2**20 // 12)  # 4 MB of UTF-8 (3 bytes a character)
# A pasted web page: markup is what makes HTML cleaning slow (minutes for 4 MB before the fix).
_PASTED = "<p>路灯坏了，<b>晚上</b>很黑。</p>\n"
FOUR_MB_HTML = _PASTED * (4 * 2**20 // len(_PASTED.encode()))
TWO_MB_HTML = FOUR_MB_HTML[: len(FOUR_MB_HTML) // 2]  # under the request cap: read, refused, kept


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="Requests per case (median shown).")
    parser.add_argument("--settings", default="echowall.settings.dev")
    parser.add_argument("--timeout", type=float, default=900, help="Seconds to wait for an answer.")
    return parser.parse_args()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_database(args, work, issues):
    """Migrate a fresh SQLite file and create what the forms need; returns the tracking codes."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE=args.settings,
        ECHOWALL_VAR_DIR=str(work),
        DATABASE_URL=f"sqlite:///{work / 'bench.sqlite3'}",
    )
    import django  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    from feedback.models import Category, District  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it
    from feedback.services import submit_issue  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    call_command("migrate", verbosity=0)
    category = Category.objects.create(name="城市管理", slug="chengguan")
    district = District.objects.create(name="城东街道", slug="chengdong")
    codes = []
    for number in range(issues):
        issue = submit_issue(
            {
                "title": f"路灯坏了 {number}",
                "body": "小区门口的路灯坏了。",
                "location": "",
                "category": category,
                "district": district,
                "display_name": "",
                "contact_phone": "13812345678",
                "contact_email": "",
                "photos": [],
            }
        )
        codes.append(issue.tracking_code)
    return category.pk, district.pk, codes


def start_server(port, env):
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start within 60 s")


def rss_mb(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def reset_peak(pid):
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def big_png():
    buffer = io.BytesIO()
    Image.new("RGB", (8900, 8900), (90, 120, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def form_page(session, url):
    """GET a form page: the CSRF token and (when there is one) the captcha's key."""
    page = session.get(url, timeout=30)
    page.raise_for_status()
    key = CAPTCHA_KEY.search(page.text)
    return TOKEN.search(page.text).group(1), key.group(1) if key else None


def captcha_answer(key):
    from captcha.models import CaptchaStore  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    return CaptchaStore.objects.get(hashkey=key).response


class Bench:
    def __init__(self, base, server, category, district, codes, timeout):
        self.base, self.server, self.timeout = base, server, timeout
        self.category, self.district, self.codes = category, district, list(codes)

    def new_post(self, body, photos=(), right_captcha=False):
        import requests  # noqa: PLC0415 - only the HTTP runs need requests

        session = requests.Session()
        token, key = form_page(session, self.base + "/wall/new/")
        fields = {
            "csrfmiddlewaretoken": token,
            "title": "小区门口路灯坏了",
            "body": body,
            "category": self.category,
            "district": self.district,
            "location": "幸福路12号",
            "display_name": "",
            "contact_phone": "13812345678",
            "contact_email": "",
            "captcha_0": key,
            "captcha_1": captcha_answer(key) if right_captcha else "WRONG",
            "website": "",
        }
        return self.send(session, self.base + "/wall/new/", fields, photos)

    def follow_up(self, body, photos=()):
        import requests  # noqa: PLC0415 - only the HTTP runs need requests

        session = requests.Session()
        url = f"{self.base}/track/{self.codes.pop()}/"
        token, _key = form_page(session, url)
        return self.send(
            session, url, {"csrfmiddlewaretoken": token, "body": body, "website": ""}, photos
        )

    def send(self, session, url, fields, photos):
        parts = [(name, (None, str(value))) for name, value in fields.items()]
        parts += [("photos", (f"photo{n}.png", data, "image/png")) for n, data in enumerate(photos)]
        pid = self.server.pid
        reset_peak(pid)
        before = rss_mb(pid, "VmRSS")
        started = time.perf_counter()
        response = session.post(
            url, files=parts, headers={"Referer": url}, timeout=self.timeout, allow_redirects=False
        )
        seconds = time.perf_counter() - started
        return seconds, rss_mb(pid, "VmHWM"), before, response.status_code, len(response.content)


def main():
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="hostile-bench-"))
    cases = 2 * args.repeat
    category, district, codes = prepare_database(args, work, issues=cases)
    png = big_png()
    port = free_port()
    server = start_server(port, dict(os.environ))
    bench = Bench(f"http://127.0.0.1:{port}", server, category, district, codes, args.timeout)
    runs = [
        ("4 MB text post, wrong captcha", lambda: bench.new_post(FOUR_MB_TEXT)),
        ("4 MB HTML post, wrong captcha", lambda: bench.new_post(FOUR_MB_HTML)),
        ("4 MB HTML follow-up", lambda: bench.follow_up(FOUR_MB_HTML)),
        ("2 MB HTML post, wrong captcha", lambda: bench.new_post(TWO_MB_HTML)),
        (
            f"80 MP PNG ({len(png) // 1024} KB) post",
            lambda: bench.new_post("路灯坏了。", photos=[png], right_captcha=True),
        ),
        ("3 × 80 MP PNG follow-up", lambda: bench.follow_up("路灯坏了。", photos=[png] * 3)),
    ]
    print(f"server pid {server.pid}, settings {args.settings}, {args.repeat} request(s) per case")
    print(
        f"{'case':<32} {'status':>6} {'seconds':>8} {'max s':>7} {'peak MB':>8} "
        f"{'base MB':>8} {'bytes':>8}"
    )
    try:
        for label, run in runs:
            results = [run() for _ in range(args.repeat)]
            seconds = [r[0] for r in results]
            status, peak, before, size = (
                results[-1][3],
                max(r[1] for r in results),
                results[-1][2],
                results[-1][4],
            )
            print(
                f"{label:<32} {status:>6} {statistics.median(seconds):>8.2f} "
                f"{max(seconds):>7.2f} {peak:>8.0f} {before:>8.0f} {size:>8}"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
