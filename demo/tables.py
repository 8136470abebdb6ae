"""The demo city: departments, categories, districts and the places citizens write about.

Departments are the responsible units named in the city's work-style plan (see
/work/shared/seed/README.md) plus the bureaus and utilities that citizens actually write to.
`reply_days` (median days to the first reply) and `late_share` (share of replies after the due
date) give each department a character, so that the later statistics have something to show.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DepartmentRow:
    slug: str
    name: str
    short_name: str
    phone: str
    description: str
    reply_days: float = 3.0
    late_share: float = 0.08


DEPARTMENTS = [
    # The responsible units named in the city's plan.
    DepartmentRow(
        "government-office",
        "市人民政府办公室",
        "市府办",
        "0579-88812001",
        "统筹协调全市政务工作，督办重要民生事项。",
        2.5,
        0.05,
    ),
    DepartmentRow(
        "service-centre",
        "市行政服务中心",
        "行政服务中心",
        "0579-88812345",
        "集中办理行政审批和公共服务事项，受理窗口服务投诉。",
        0.8,
        0.02,
    ),
    DepartmentRow(
        "development-reform",
        "市发展和改革局",
        "发改局",
        "0579-88812101",
        "负责价格监督检查、重大项目和收费管理。",
        4.0,
        0.12,
    ),
    DepartmentRow(
        "personnel",
        "市人事局（编办）",
        "人事局",
        "0579-88812111",
        "负责机关事业单位人事、招录和编制管理。",
        3.5,
        0.06,
    ),
    DepartmentRow(
        "legal-affairs",
        "市人民政府法制办公室",
        "法制办",
        "0579-88812121",
        "负责行政复议和规范性文件审查。",
        5.0,
        0.05,
    ),
    DepartmentRow(
        "finance",
        "市财政局",
        "财政局",
        "0579-88812131",
        "负责各类惠民补贴资金的拨付与监管。",
        3.0,
        0.10,
    ),
    DepartmentRow(
        "economy-trade",
        "市经济贸易局",
        "经贸局",
        "0579-88812141",
        "负责工业经济运行、商贸流通和企业服务。",
        4.0,
        0.10,
    ),
    DepartmentRow(
        "agriculture",
        "市农业经济局",
        "农经局",
        "0579-88812151",
        "负责农业补贴、农村经济和动物防疫。",
        3.0,
        0.10,
    ),
    DepartmentRow(
        "service-industry",
        "市服务业发展局",
        "服务业发展局",
        "0579-88812161",
        "负责服务业发展、商贸网点和菜市场建设。",
        4.5,
        0.12,
    ),
    DepartmentRow(
        "industry-commerce",
        "市工商行政管理局",
        "工商局",
        "0579-88812171",
        "负责市场主体登记和合同、广告监管。",
        3.0,
        0.08,
    ),
    DepartmentRow(
        "discipline-inspection",
        "市纪委（市监察局）",
        "市纪委",
        "0579-88812012",
        "受理对公职人员作风和违纪行为的检举控告。",
        5.0,
        0.04,
    ),
    DepartmentRow(
        "efficiency-office",
        "市机关效能建设办公室",
        "市效能办",
        "0579-88812013",
        "受理机关工作人员慢作为、不作为和服务态度投诉。",
        1.5,
        0.03,
    ),
    DepartmentRow(
        "party-office",
        "中共市委办公室",
        "市委办",
        "0579-88812002",
        "负责市委日常工作的综合协调。",
        5.0,
        0.05,
    ),
    DepartmentRow(
        "tendering-office",
        "市招投标管理办公室",
        "市招管办",
        "0579-88812181",
        "负责公共资源交易和招投标活动监管。",
        4.0,
        0.06,
    ),
    DepartmentRow(
        "publicity",
        "中共市委宣传部",
        "市委宣传部",
        "0579-88812003",
        "负责新闻宣传和舆论监督工作。",
        4.0,
        0.05,
    ),
    DepartmentRow(
        "letters-visits",
        "市信访局（市长电话受理中心）",
        "市信访局",
        "12345",
        "受理群众来信来访和12345市长热线，转办督办群众诉求。",
        1.0,
        0.03,
    ),
    DepartmentRow(
        "radio-tv",
        "市广播电视台",
        "广播电视台",
        "0579-88812191",
        "负责有线电视网络和《行风视线》栏目。",
        3.0,
        0.08,
    ),
    DepartmentRow(
        "conduct-rectification",
        "市纠正行业不正之风办公室",
        "市纠风办",
        "0579-88812014",
        "受理教育、医疗、涉企收费等行业不正之风投诉。",
        3.0,
        0.06,
    ),
    DepartmentRow(
        "assessment-office",
        "市考核评价办公室",
        "市考评办",
        "0579-88812015",
        "负责部门和乡镇（街道）工作作风与效能考评。",
        5.0,
        0.05,
    ),
    # The bureaus and utilities that citizens write to most.
    DepartmentRow(
        "housing",
        "市住房和城乡建设局",
        "住建局",
        "0579-88813001",
        "负责市政道路、排水设施、老旧小区改造和建筑工地管理。",
        3.5,
        0.18,
    ),
    DepartmentRow(
        "transport",
        "市交通运输局",
        "交通局",
        "0579-88813011",
        "负责城乡公交、出租车和农村公路管理。",
        3.0,
        0.12,
    ),
    DepartmentRow(
        "environment",
        "市生态环境局",
        "环保局",
        "12369",
        "负责水、大气和噪声污染的监督执法。",
        2.5,
        0.10,
    ),
    DepartmentRow(
        "market-supervision",
        "市市场监督管理局",
        "市场监管局",
        "12315",
        "负责食品安全、价格欺诈、特种设备（电梯）和消费维权。",
        2.0,
        0.07,
    ),
    DepartmentRow(
        "education",
        "市教育局",
        "教育局",
        "0579-88813021",
        "负责学校管理、招生入学和校园周边安全。",
        4.0,
        0.15,
    ),
    DepartmentRow(
        "health",
        "市卫生健康局",
        "卫健局",
        "0579-88813031",
        "负责医疗机构管理、医疗服务质量和公共卫生。",
        3.5,
        0.10,
    ),
    DepartmentRow(
        "water",
        "市水务集团（自来水公司）",
        "水务集团",
        "0579-96390",
        "负责城乡供水、水质保障和供水管网抢修。",
        1.0,
        0.05,
    ),
    DepartmentRow(
        "gas",
        "市天然气有限公司",
        "燃气公司",
        "0579-96777",
        "负责城区管道天然气供应、安装和安全检查。",
        2.0,
        0.12,
    ),
    DepartmentRow(
        "power",
        "国网市供电公司",
        "供电公司",
        "95598",
        "负责城乡供电、线路检修和用电服务。",
        0.8,
        0.04,
    ),
    DepartmentRow(
        "urban-management",
        "市综合行政执法局（城管）",
        "综合执法局",
        "12319",
        "负责市容环卫、路灯、违法建设、占道经营和犬类管理执法。",
        2.0,
        0.14,
    ),
    DepartmentRow(
        "traffic-police",
        "市公安局交通警察大队",
        "交警大队",
        "0579-88813122",
        "负责道路交通秩序、违停治理和信号灯设置。",
        2.5,
        0.08,
    ),
    DepartmentRow(
        "human-resources",
        "市人力资源和社会保障局",
        "人社局",
        "12333",
        "负责劳动保障监察、欠薪处置和社会保险。",
        3.0,
        0.12,
    ),
    DepartmentRow(
        "property",
        "市物业管理服务中心",
        "物业中心",
        "0579-88813041",
        "负责物业服务企业监管、业主委员会指导和维修资金管理。",
        5.0,
        0.25,
    ),
    DepartmentRow(
        "natural-resources",
        "市自然资源和规划局",
        "自然资源局",
        "0579-88813051",
        "负责规划许可、土地利用和违法用地查处。",
        6.0,
        0.20,
    ),
]


@dataclass(frozen=True)
class CategoryRow:
    slug: str
    name: str
    department: str  # slug of the usual department


CATEGORIES = [
    CategoryRow("urban-construction", "城市建设", "housing"),
    CategoryRow("traffic", "交通出行", "transport"),
    CategoryRow("environment", "生态环境", "environment"),
    CategoryRow("city-appearance", "市容环卫", "urban-management"),
    CategoryRow("utilities", "水电燃气", "water"),
    CategoryRow("education", "教育", "education"),
    CategoryRow("health", "医疗卫生", "health"),
    CategoryRow("market", "市场监管", "market-supervision"),
    CategoryRow("labour", "劳动保障", "human-resources"),
    CategoryRow("property", "物业管理", "property"),
    CategoryRow("government-service", "政务服务与作风", "efficiency-office"),
    CategoryRow("rural", "农业农村", "agriculture"),
]


@dataclass(frozen=True)
class DistrictRow:
    slug: str
    name: str
    estates: tuple  # residential compounds and villages
    roads: tuple
    school: str
    clinic: str
    market: str


DISTRICTS = [
    DistrictRow(
        "chengdong",
        "城东街道",
        ("东湖花园", "锦绣华庭", "阳光新村", "城东新苑", "望江公寓"),
        ("东环路", "人民东路", "振兴路", "望江路", "学府路"),
        "城东小学",
        "城东社区卫生服务中心",
        "城东农贸市场",
    ),
    DistrictRow(
        "chengxi",
        "城西街道",
        ("西山小区", "桂花苑", "金色家园", "西城名邸", "铁路新村"),
        ("西环路", "人民西路", "文化路", "青年路", "西山路"),
        "实验小学",
        "市中医院",
        "西门菜市场",
    ),
    DistrictRow(
        "chengnan",
        "城南街道",
        ("南湖春晓", "香樟苑", "南苑新村", "丽水湾", "育才小区"),
        ("南环路", "解放南路", "迎宾大道", "江滨南路", "育才路"),
        "城南中学",
        "市人民医院",
        "南门农贸市场",
    ),
    DistrictRow(
        "chengbei",
        "城北街道",
        ("北门小区", "翠苑一区", "御景园", "北岸名都", "机械厂宿舍"),
        ("北环路", "解放北路", "长安路", "工人路", "北山路"),
        "第二实验小学",
        "城北社区卫生服务中心",
        "城北农贸市场",
    ),
    DistrictRow(
        "development-zone",
        "经济开发区",
        ("开发区人才公寓", "兴业花园", "科创园员工宿舍", "滨江公寓"),
        ("创业大道", "科技路", "工业大道", "兴园路"),
        "开发区实验学校",
        "开发区社区卫生服务站",
        "开发区邻里中心菜场",
    ),
    DistrictRow(
        "taoyuan",
        "桃源镇",
        ("桃源新村", "溪口村", "下洋村", "镇政府宿舍"),
        ("桃源大道", "桃源老街", "溪口路"),
        "桃源镇中心小学",
        "桃源镇卫生院",
        "桃源镇农贸市场",
    ),
    DistrictRow(
        "baisha",
        "白沙镇",
        ("白沙小区", "沙埠村", "前溪村", "白沙新区"),
        ("白沙中路", "沿溪路", "沙埠线"),
        "白沙镇中学",
        "白沙镇卫生院",
        "白沙菜市场",
    ),
    DistrictRow(
        "linjiang",
        "临江镇",
        ("临江花园", "江口村", "渡头村", "临江新苑"),
        ("临江路", "滨江北路", "渡头线"),
        "临江镇中心小学",
        "临江镇卫生院",
        "临江镇农贸市场",
    ),
]

BUS_LINES = ("1路", "3路", "5路", "8路", "11路", "K12路", "101路城乡公交", "203路城乡公交")

# How reporters sign their posts (empty: anonymous).
DISPLAY_NAMES = (
    "",
    "",
    "",
    "",
    "张女士",
    "王先生",
    "李先生",
    "陈女士",
    "刘阿姨",
    "赵师傅",
    "周先生",
    "吴女士",
    "徐老师",
    "孙大爷",
    "一位家长",
    "附近居民",
    "热心市民",
    "业主代表",
    "老党员",
    "外地务工人员",
    "上班族",
    "退休职工",
    "出租车司机",
    "小区住户",
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
