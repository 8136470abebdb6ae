"""Personal names in citizens' text: found only where the text says a name is coming.

A Chinese name cannot be told from an ordinary word by its characters alone, so a name is
detected only in three places, and only when it ends where a name would end:

- after a cue word: 我叫张建国, 本人王小明, 联系人：李四, 姓名 张三 (`CUES`);
- before 先生/女士/小姐 with its given name: 王小明先生;
- as the whole of the reporter's public name (``whole_field=True``): 张伟.

A name is a surname and one or two more characters, and it ends at the end of the text, at
anything that is not a Chinese character (punctuation, digits, Latin letters, spaces), at an
honorific, or at a character that usually begins the word after a name (电话, 住, 是, 今年…,
`FOLLOWER_CHARS`). Anything else (我叫张建国华侨…) is left to the person who vets the text:
masking ordinary words would be as wrong as missing a name.

Masking keeps the surname and hides the given name, one star per character (张建国 → 张**,
欧阳娜娜 → 欧阳**). A surname with an honorific (张先生, 王女士, 李师傅) identifies nobody and is
kept as written, as on the city's own boards; so are 张某 and a surname alone.
"""

import re


def _words(text):
    """Word lists are written space-separated, to stay readable."""
    return text.split()


# The common single-character surnames. Characters that are also frequent function words
# after a cue (于 "at", 向 "towards", 曾 "once", 常 "often", 和 "and") are left out: 本人于昨日…
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓彭曹董袁潘蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱"
    "严覃武戴莫孔汤白谷温康施洪牛葛庞樊殷翁柳祝包尚俞蒙鲁岳齐宁蓝柴阎"
)
COMPOUND_SURNAMES = frozenset(
    _words(
        "欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 尉迟 公孙 长孙 宇文 司徒 夏侯 "
        "端木 西门 南宫 独孤 申屠 轩辕"
    )
)
# Honorifics and titles after a bare surname: 张先生, 王女士, 李师傅 are kept as written.
HONORIFICS = tuple(
    _words(
        "先生 女士 小姐 师傅 师父 老师 阿姨 大爷 大妈 大姐 大哥 大叔 大伯 大娘 "
        "奶奶 爷爷 阿婆 婆婆 老伯 同学 同志 医生 经理 主任 书记 警官 律师 老板 "
        "科长 处长 队长 组长 站长 所长 院长 校长 村长 社长 局长 总 工 某 "
        "老 家"
    )
)
# After a full name, these say "a named person" strongly enough to mask it without a cue word.
NAME_HONORIFICS = ("先生", "女士", "小姐")
# Cue words after which a name usually comes; optional colon or space between.
CUES = _words("我叫 名叫 姓名 联系人 反映人 投诉人 举报人 报告人 申请人 当事人 户主 本人")
_CUE = re.compile("(?:" + "|".join(CUES) + r")(?:[是为]|[：:]|\s)*")
# Characters that usually begin the word after a name, and rarely end a given name.
FOLLOWER_CHARS = frozenset(
    "住是在的和与及等了说也已于向曾从想要请来去对因就都还又将被把给让找打电手联号身今昨前每经发"
    "认多反投举希男女先同家现性年岁所为之这那很不没并但或老小师阿表满称告致提咨确签"
)
# Words that begin with a surname character and often follow a cue word: never names.
NOT_NAMES = frozenset(
    _words(
        "任职 任何 任务 方便 方面 方式 万分 万一 高度 高兴 马上 严正 严重 严格 "
        "金额 余额 周边 周末 周围 许多 许可 付款 付费 程序 何时 何况 陆续 范围 "
        "顾客 黄色 钟头 江边 石头 白天 包括 温度 康复 齐全 宁愿 施工 洪水 尚未 "
        "鲁莽 蓝色"
    )
)


def _is_han(char):
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def surname_length(value):
    """How many characters of `value` are its surname (2 for 欧阳…, else 1)."""
    return 2 if value[:2] in COMPOUND_SURNAMES else 1


def _surname_at(text, position):
    if text[position : position + 2] in COMPOUND_SURNAMES:
        return 2
    return 1 if text[position : position + 1] in SURNAMES else 0


def _ends_a_name(rest):
    return (
        not rest or not _is_han(rest[0]) or rest[0] in FOLLOWER_CHARS or rest.startswith(HONORIFICS)
    )


def name_at(text, position):
    """The end of a full name starting at `position`, or None (a surname alone is no name)."""
    length = _surname_at(text, position)
    if not length:
        return None
    start = position + length
    if text[start:].startswith(HONORIFICS) or text[position : position + 2] in NOT_NAMES:
        return None
    for given_length in (2, 1):
        given = text[start : start + given_length]
        if len(given) < given_length or not all(_is_han(ch) for ch in given):
            continue
        if given[-1] in FOLLOWER_CHARS:  # 李四电话: 电 begins the next word
            continue
        if _ends_a_name(text[start + given_length :]):
            return start + given_length
    return None


def find_names(text, whole_field=False):
    """Spans (start, end) of personal names in `text`, earliest first."""
    spans = []
    starts = [match.end() for match in _CUE.finditer(text)]
    if whole_field:
        starts.insert(0, len(text) - len(text.lstrip()))
    for start in starts:
        end = name_at(text, start)
        if end is not None:
            spans.append((start, end))
    for honorific in NAME_HONORIFICS:
        for match in re.finditer(honorific, text):
            span = _name_before(text, match.start())
            if span:
                spans.append(span)
    return sorted(set(spans))


def _name_before(text, end):
    """A full name just before an honorific: 王小明先生 (not 谢谢李先生: 李先生 is kept)."""
    if end < 2 or text[end - 1] in SURNAMES:
        return None
    for length in (3, 2):  # surname + two given characters first, then + one
        start = end - length
        if start < 0:
            continue
        given = text[start + 1 : end]
        if given[0] in SURNAMES and length == 3:
            continue  # 感谢王明先生: the name is 王明, not 谢王明
        if name_at(text, start) == end:
            return start, end
    return None
