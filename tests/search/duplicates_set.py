"""A hand-built set for 并单 suggestions (search.similar): 31 threads, 10 groups of the same
problem told in other words (some in traditional characters), 11 near-misses.

Each thread is received `days` ago. A group's members are the same problem at the same place:
a later member should be offered its earlier members (recall). A near-miss pair looks alike
and is not the same problem: 停电 vs 停车, 路灯 vs 红绿灯, the same street or building with another
problem, the same problem in another district months earlier; the later one must never be
offered the earlier (and every suggestion outside a group lowers precision).

`build_set()` makes the threads through the real workflow (submitted, then published by a
moderator); `evaluate(threads, backend)` asks `similar_threads` of every thread for its top 3
and measures precision and recall@3. Used by tests/search/test_similar.py and
bench/duplicates_eval.py.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from feedback.models import Category, District, Issue
from feedback.permissions import MODERATOR_GROUP
from feedback.services import submit_issue
from search.similar import similar_threads

DISTRICTS = {"east": "城东街道", "west": "城西街道", "south": "城南街道"}

# key: (title, body, district, location, days ago, group or None)
# fmt: off
THREADS = {
    # 停车: the same estate, one in traditional characters.
    "park1": ("幸福小区停车位太少", "幸福小区车位严重不足，每天晚上下班回来都找不到地方停车，只能停在路边。", "east", "幸福小区", 40, "parking"),
    "park2": ("幸福小區晚上停車難", "小區車位太少，晚上回來根本沒地方停車，車只能停到馬路上。", "east", "幸福小區", 20, "parking"),
    # 停电
    "power1": ("阳光花园停电三天了", "阳光花园3栋从周一开始停电，已经三天了，冰箱里的东西都坏了，供电所电话打不通。", "east", "阳光花园3栋", 30, "power"),
    "power2": ("阳光花园3栋一直没电", "我们阳光花园3栋停电好几天了，一直没人来修，老人孩子晚上没法过。", "east", "阳光花园", 25, "power"),
    # 路灯: three reports, the middle one traditional.
    "lamp1": ("建设路路灯坏了", "建设路中段的路灯坏了好几盏，晚上黑漆漆的，行人走路很不安全。", "west", "建设路中段", 50, "lamp"),
    "lamp2": ("建設路的路燈不亮", "建設路中段晚上路燈都不亮，一片漆黑，騎車的人容易摔倒。", "west", "建設路", 10, "lamp"),
    "lamp3": ("建设路中段路灯晚上不亮", "每天晚上建设路中段路灯都不亮，希望尽快维修。", "west", "", 5, "lamp"),
    # 装修噪音
    "noise1": ("楼上半夜装修噪音太大", "锦绣小区5号楼楼上每天半夜还在装修，电钻声吵得全家睡不着。", "south", "锦绣小区5号楼", 15, "noise"),
    "noise2": ("深夜装修扰民", "锦绣小区5号楼有住户晚上十一点后还在装修打电钻，噪音吵得人睡不着觉。", "south", "锦绣小区", 12, "noise"),
    # 水质
    "water1": ("自来水发黄有异味", "和平里小区这几天自来水发黄，还有一股铁锈味，不敢喝。", "east", "和平里小区", 60, "water"),
    "water2": ("和平里水质浑浊发黄", "和平里小区的自来水放出来是黄色的，有铁锈味，希望检测水质。", "east", "和平里", 55, "water"),
    # 垃圾清运
    "trash1": ("垃圾桶满了没人清运", "文化街菜市场门口的垃圾桶满了好几天没人清运，臭味很大，苍蝇很多。", "west", "文化街菜市场", 35, "trash"),
    "trash2": ("菜市场门口垃圾堆积发臭", "文化街菜市场门口垃圾堆成山，好几天没清运，夏天臭气熏天。", "west", "文化街", 33, "trash"),
    # 公交
    "bus1": ("18路公交车班次太少", "18路公交早高峰要等四十分钟才来一班，上班经常迟到，建议增加班次。", "south", "", 70, "bus"),
    "bus2": ("18路公交等车时间太长", "早上等18路公交车要等半个多小时，班次太少，希望加密班次。", "south", "", 45, "bus"),
    # 电梯 (traditional)
    "lift1": ("电梯经常困人", "翠苑小区8号楼电梯这个月已经坏了三次，还困过人，物业只是简单修一下。", "east", "翠苑小区8号楼", 28, "lift"),
    "lift2": ("翠苑8號樓電梯又壞了", "翠苑小區8號樓的電梯三天兩頭出故障，上次把老人困在裡面半小時。", "east", "翠苑小區8號樓", 8, "lift"),
    # 井盖
    "cover1": ("人民路井盖丢失", "人民路与解放路交叉口的井盖不见了，晚上很危险，已经有人掉下去。", "west", "人民路与解放路交叉口", 18, "cover"),
    "cover2": ("人民路口井盖没了", "人民路和解放路路口有个井盖丢了，留下一个大坑，请赶快补上。", "west", "人民路口", 3, "cover"),
    # 广场舞
    "dance1": ("滨江广场广场舞音响太吵", "每晚滨江广场跳广场舞的音响开得特别大，一直到十点多，附近居民没法休息。", "south", "滨江广场", 21, "dance"),
    "dance2": ("广场舞噪音扰民", "滨江广场每天晚上放广场舞音乐，音量太大，吵到十点以后，孩子没法写作业。", "south", "滨江广场", 6, "dance"),
    # --- near-misses, in no group -------------------------------------------------------------
    "nm_power": ("小区停电三天", "东湖小区停电三天了，一直没人来抢修，家里的冰箱都化了。", "south", "东湖小区", 14, None),
    "nm_parking": ("小区停车难", "东湖小区停车位太少，每天都要转好几圈才能停车。", "south", "东湖小区", 9, None),
    "nm_traffic_light": ("解放路红绿灯坏了", "解放路口的红绿灯不亮了，车辆行人乱穿，很危险。", "south", "解放路口", 26, None),
    "nm_street_light": ("解放路路灯不亮", "解放路南段的路灯晚上不亮，黑乎乎的，走夜路很害怕。", "south", "解放路南段", 11, None),
    "nm_pavement": ("人民路人行道地砖松动", "人民路与解放路交叉口附近的人行道地砖松动，下雨踩上去溅一身泥水。", "west", "人民路与解放路交叉口", 2, None),
    "nm_market_stalls": ("菜市场门口占道经营", "文化街菜市场门口的小摊贩占道经营，把人行道都堵死了，行人只能走机动车道。", "west", "文化街菜市场", 31, None),
    "nm_bus_driver": ("18路公交司机态度差", "18路公交车司机态度很差，老人上车还没坐稳就急刹车，还骂乘客。", "south", "", 40, None),
    "nm_stair_light": ("翠苑8号楼楼道灯不亮", "翠苑小区8号楼的楼道灯坏了一个多月，晚上上下楼梯要摸黑。", "east", "翠苑小区8号楼", 7, None),
    "nm_water_far": ("自来水发黄", "青年路小区的自来水发黄，有铁锈味，烧开了也不敢喝。", "west", "青年路小区", 200, None),
    "nm_lift_far": ("电梯困人", "金桥花园2号楼电梯困人，物业半小时才到。", "west", "金桥花园2号楼", 150, None),
}
# fmt: on

# Pairs that look alike and are not the same problem: the later must not be offered the earlier.
NEAR_MISSES = [
    ("nm_power", "nm_parking"),  # 停电 vs 停车, the same estate
    ("nm_traffic_light", "nm_street_light"),  # 红绿灯 vs 路灯, the same road
    ("cover1", "nm_pavement"),  # the same crossing, another problem
    ("cover2", "nm_pavement"),
    ("trash2", "nm_market_stalls"),  # the same market, another problem
    ("bus1", "nm_bus_driver"),  # the same bus line, another problem
    ("lift1", "nm_stair_light"),  # the same building, another problem
    ("lift2", "nm_stair_light"),
    ("nm_water_far", "water1"),  # the same problem, another district, months earlier
    ("nm_lift_far", "lift1"),
    ("noise1", "dance2"),  # noise at night, another source and place
]


@dataclass
class Scores:
    backend: str
    suggested: int = 0
    right: int = 0
    pairs: int = 0
    found: int = 0
    missed: list = field(default_factory=list)  # (later, earlier) not in the top 3
    wrong: list = field(default_factory=list)  # (later, suggested, score) outside its group

    @property
    def precision(self):
        return self.right / self.suggested if self.suggested else 1.0

    @property
    def recall(self):
        return self.found / self.pairs if self.pairs else 1.0

    def line(self):
        return (
            f"{self.backend}: precision {self.precision:.3f} ({self.right}/{self.suggested}), "
            f"recall@3 {self.recall:.3f} ({self.found}/{self.pairs})"
        )


def build_set(now=None):
    """The threads, {key: Issue}, published by a moderator, each received `days` ago."""
    now = now or timezone.now()
    moderator = _moderator()
    category, _created = Category.objects.get_or_create(
        slug="duplicates-set", defaults={"name": "城市管理"}
    )
    districts = {
        key: District.objects.get_or_create(slug=f"dup-{key}", defaults={"name": name})[0]
        for key, name in DISTRICTS.items()
    }
    threads = {}
    for key, (title, body, district, location, days, _group) in THREADS.items():
        issue = submit_issue(
            {
                "title": title,
                "body": body,
                "location": location,
                "category": category,
                "district": districts[district],
                "contact_phone": "13800000000",
            }
        )
        received = now - timedelta(days=days)
        Issue.objects.filter(pk=issue.pk).update(created_at=received)
        issue.refresh_from_db()
        issue.publish(moderator)
        threads[key] = issue
    return threads


def _moderator():
    group, _created = Group.objects.get_or_create(name=MODERATOR_GROUP)
    user, created = get_user_model().objects.get_or_create(
        username="duplicates-set-moderator", defaults={"is_staff": True}
    )
    if created:
        user.groups.add(group)
    return user


def group_of(key):
    return THREADS[key][5]


def earlier_members(key):
    """The keys the thread should be offered: earlier members of its group."""
    group, days = group_of(key), THREADS[key][4]
    if group is None:
        return set()
    return {k for k, t in THREADS.items() if t[5] == group and t[4] > days}


def evaluate(threads, backend, limit=3):
    """Precision and recall@`limit` of the suggestions for every thread of the set."""
    keys = {issue.pk: key for key, issue in threads.items()}
    scores = Scores(backend)
    for key, issue in threads.items():
        wanted = earlier_members(key)
        offered = similar_threads(issue, limit=limit, backend=backend)
        offered_keys = [keys.get(d.thread.pk) for d in offered]
        scores.pairs += len(wanted)
        scores.suggested += len(offered)
        for duplicate, offered_key in zip(offered, offered_keys, strict=True):
            if offered_key in wanted:
                scores.right += 1
            else:
                scores.wrong.append((key, offered_key, duplicate.score))
        for earlier in sorted(wanted):
            if earlier in offered_keys:
                scores.found += 1
            else:
                scores.missed.append((key, earlier))
    return scores


def near_misses_offered(threads, backend):
    """The near-miss pairs whose later thread is offered the earlier one (should be none)."""
    offered = []
    for one, other in NEAR_MISSES:
        earlier, later = sorted((one, other), key=lambda key: -THREADS[key][4])
        found = similar_threads(threads[later], limit=10, backend=backend)
        for duplicate in found:
            if duplicate.thread.pk == threads[earlier].pk:
                offered.append((later, earlier, duplicate.score))
    return offered
