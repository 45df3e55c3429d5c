"""The demo ward behind `hocbac demo`: a province, a ward after the 2025 reform (~1,500 members in
~55 organisations) and a small sibling ward under the same province, so scoping can be seen.

Deterministic for a seed: `plan_ward` draws every name, date and status from one
`random.Random(seed)` into plain data (no database), and `build_ward` writes that plan through
the services, as a secretary would. Place names are made up.
"""

import datetime
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hocbac.accounts import services as account_services
from hocbac.accounts.models import User
from hocbac.core.audit import log_action
from hocbac.core.text import format_number

from . import services
from .models import MEMBER_HOLDING_KINDS, Member, MemberStatus, OrgKind, Role, RoleGrant, Sector

DEMO_PASSWORD = "hocbac2026"

PROVINCE_NAME = "Đảng bộ tỉnh An Phú"
WARD_NAME = "Đảng bộ phường Hòa An"
SIBLING_NAME = "Đảng bộ phường Tân Phong"

# (label shown to people, username, where it lands). The order is the order they are printed.
DEMO_LOGINS = [
    ("Quản trị hệ thống", "quantri", "toàn bộ cây tổ chức"),
    ("Cấp ủy tỉnh", "tinhuy", PROVINCE_NAME),
    ("Cấp ủy phường", "danguy", WARD_NAME),
    ("Người xem (Ủy ban kiểm tra)", "kiemtra", f"{WARD_NAME}, chỉ xem"),
    ("Bí thư chi bộ", "bithu", "Chi bộ Khu phố 5 (khoảng 70 đảng viên)"),
    ("Đảng viên", "dangvien", "trang cá nhân của đảng viên"),
    ("Cấp ủy phường khác", "phuongkhac", SIBLING_NAME),
]
DEMO_USERNAMES = [username for _, username, _ in DEMO_LOGINS]

# ---------------------------------------------------------------------------------------------
# Names. Family names roughly in their national frequency; middle and given names by gender.

FAMILY_NAMES = [
    ("Nguyễn", 36), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 3), ("Huỳnh", 3), ("Phan", 4),
    ("Vũ", 2), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1.5), ("Ngô", 1.5),
    ("Dương", 1), ("Lý", 0.5), ("Đinh", 0.8), ("Trương", 0.8), ("Lâm", 0.5), ("Mai", 0.5),
]
MALE_MIDDLE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thành", "Xuân", "Ngọc", "Quốc",
               "Trọng", "Đình", "Anh", "Thanh", "Bá", "Duy", "Tiến", "Hoàng", "Tấn", "Trung"]
FEMALE_MIDDLE = ["Ngọc", "Thanh", "Thu", "Kim", "Mỹ", "Bích", "Thùy", "Hồng", "Minh", "Phương",
                 "Hoài", "Diệu", "Khánh", "Thảo", "Mai", "Tuyết", "Hải"]
MALE_GIVEN = ["Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Sơn", "Thắng", "Long", "Nam", "Phong", "Quân",
              "Cường", "Hòa", "Bình", "Tâm", "Trung", "Thành", "Đức", "Hiếu", "Khoa", "Toàn", "Tùng",
              "Vinh", "Lộc", "Phúc", "Tài", "Hưng", "Kiên", "Nghĩa", "Quang", "Thịnh", "Tiến", "Việt",
              "Huy", "Khánh", "Bảo", "Đạt", "Hậu", "Lâm", "Mạnh", "Nhân", "Sang", "Thuận", "Trí",
              "Chiến", "Công", "Danh", "Định", "Giang", "Hoàng", "Lợi", "Lực", "Phát", "Thái", "Thiện"]
FEMALE_GIVEN = ["Lan", "Hương", "Hoa", "Mai", "Hạnh", "Hằng", "Thảo", "Trang", "Linh", "Nga", "Phương",
                "Thủy", "Yến", "Nhung", "Hà", "Hiền", "Huyền", "Loan", "Ngọc", "Oanh", "Thu", "Tuyết",
                "Vân", "Xuân", "Dung", "Liên", "Lệ", "Nhàn", "Tâm", "Thúy", "Diệp", "Quyên", "Ánh",
                "Châu", "Giang", "Huệ", "My", "Nhi", "Quỳnh", "Trinh", "Uyên", "Cúc", "Đào", "Lài",
                "Hồng", "Sương", "Bích", "Thắm", "Hậu", "Duyên"]
PHONE_PREFIXES = ["090", "091", "093", "094", "096", "097", "098", "086", "088", "089", "032", "033",
                  "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079", "081",
                  "082", "083", "084", "085"]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def make_name(rng, gender, birth_year):
    """A Vietnamese full name consistent with `gender`: men never carry "Thị", women never "Văn".
    Older people more often have the plain "Văn"/"Thị" middle name."""
    family = _weighted(rng, FAMILY_NAMES)
    older = birth_year < 1970
    if gender == "nam":
        middle = "Văn" if rng.random() < (0.55 if older else 0.25) else rng.choice(MALE_MIDDLE[1:])
        given = rng.choice(MALE_GIVEN)
    else:
        middle = "Thị" if rng.random() < (0.8 if older else 0.4) else rng.choice(FEMALE_MIDDLE)
        if middle == "Thị" and rng.random() < 0.12:
            middle = f"Thị {rng.choice(['Thu', 'Ngọc', 'Thanh', 'Kim', 'Minh', 'Hồng'])}"
        given = rng.choice(FEMALE_GIVEN)
    while given == middle.split()[-1]:
        given = rng.choice(MALE_GIVEN if gender == "nam" else FEMALE_GIVEN)
    return f"{family} {middle} {given}"


# ---------------------------------------------------------------------------------------------
# Plan: plain data, no database.


@dataclass
class PersonPlan:
    full_name: str
    gender: str
    birth_date: datetime.date
    admitted_on: datetime.date
    full_member_on: datetime.date | None
    status: str  # at creation: chính thức or dự bị
    position: str
    is_key_leader: bool = False
    phone: str = ""
    card_number: str = ""
    # A later change through change_member_status: (status, on, reason).
    change: tuple | None = None
    login: str = ""
    # A committee seat or a demo login: always chính thức, never changed.
    steady: bool = False

    @property
    def final_status(self):
        return self.change[0] if self.change else self.status


@dataclass
class OrgPlan:
    code: str
    name: str
    kind: str
    sector: str = ""
    address: str = ""
    members: list = field(default_factory=list)
    children: list = field(default_factory=list)
    tag: str = ""

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class WardPlan:
    province: OrgPlan
    ward: OrgPlan
    sibling: OrgPlan
    seed: int
    scale: float


# Cell profiles: birth years (low, high, mode) of working members, share of women, positions.
PROFILES = {
    "residential": {"women": 0.45, "fillers": []},
    "agency": {"years": (1966, 2000, 1982), "women": 0.45,
               "fillers": [("Chuyên viên", 6), ("Viên chức", 2), ("Văn thư", 1), ("Kế toán", 1)]},
    "school": {"years": (1967, 2001, 1984), "women": 0.8,
               "fillers": [("Giáo viên", 12), ("Tổ trưởng chuyên môn", 2), ("Kế toán", 1), ("Nhân viên văn phòng", 1)]},
    "preschool": {"years": (1968, 2001, 1986), "women": 0.97,
                  "fillers": [("Giáo viên", 12), ("Kế toán", 1), ("Nhân viên y tế học đường", 1)]},
    "health": {"years": (1968, 2000, 1985), "women": 0.7,
               "fillers": [("Bác sĩ", 2), ("Y sĩ", 3), ("Điều dưỡng", 3), ("Nữ hộ sinh", 1), ("Dược sĩ", 1)]},
    "police": {"years": (1974, 2002, 1990), "women": 0.12,
               "fillers": [("Cảnh sát khu vực", 5), ("Cán bộ Công an phường", 4), ("Cảnh sát trật tự", 2)]},
    "military": {"years": (1976, 2002, 1992), "women": 0.0,
                 "fillers": [("Dân quân thường trực", 3), ("Khu phố đội trưởng", 2), ("Trợ lý Ban Chỉ huy quân sự", 1)]},
    "enterprise": {"years": (1966, 2001, 1985), "women": 0.45,
                   "fillers": [("Kỹ sư", 3), ("Công nhân", 5), ("Nhân viên kinh doanh", 2), ("Tổ trưởng sản xuất", 2), ("Trưởng phòng", 1)]},
    "market": {"years": (1962, 1998, 1978), "women": 0.6,
               "fillers": [("Nhân viên Ban Quản lý chợ", 2), ("Tiểu thương", 3)]},
}
RESIDENTIAL_RETIRED = [("Hưu trí", 14), ("Tổ trưởng tổ dân phố", 2), ("Cựu chiến binh", 3), ("Hưu trí, hội viên Hội Người cao tuổi", 2)]
RESIDENTIAL_WORKING = [("Kinh doanh", 4), ("Lao động tự do", 3), ("Công nhân", 3), ("Nhân viên văn phòng", 3),
                       ("Tổ trưởng tổ dân phố", 1), ("Kỹ sư", 1), ("Buôn bán nhỏ", 2)]

# Committee seats per cell: (position, gender or None, key leader). "{place}" is the cell's place.
RESIDENTIAL_SEATS = [
    ("Bí thư chi bộ kiêm Trưởng {place}", None, False),
    ("Phó Bí thư chi bộ, Trưởng Ban công tác Mặt trận {place}", None, False),
    ("Chi ủy viên, Chi hội trưởng Chi hội Phụ nữ", "nu", False),
]
WARD_AGENCY_SEATS = [
    ("Bí thư chi bộ, Chánh Văn phòng Đảng ủy phường", None, False),
    ("Bí thư Đảng ủy, Chủ tịch Hội đồng nhân dân phường", None, True),
    ("Phó Bí thư Thường trực Đảng ủy phường", None, True),
    ("Chủ nhiệm Ủy ban Kiểm tra Đảng ủy phường", None, True),
    ("Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam phường", None, True),
    ("Chủ tịch Hội Liên hiệp Phụ nữ phường", "nu", False),
    ("Bí thư Đoàn phường", None, False),
    ("Chủ tịch Hội Cựu chiến binh phường", "nam", False),
    ("Trưởng Ban Xây dựng Đảng", None, False),
]


def _seats(first, *rest, key=False):
    return [(first, None, key), *[(p, None, k) for p, k in rest]]


@dataclass
class CellSpec:
    code: str
    name: str
    kind: str
    sector: str
    profile: str
    size: int
    seats: list
    place: str = ""
    tag: str = ""
    children: list = field(default_factory=list)
    address: str = ""


def _ward_specs(prefix):
    """The demo ward's organisations with their nominal sizes (before scaling)."""
    k = OrgKind
    s = Sector
    cell = k.GRASSROOTS_CELL
    residential = [(f"KP{n:02d}", f"Khu phố {n}", "khu phố") for n in range(1, 27)]
    residential += [(f"AP{i:02d}", f"Ấp {name}", "ấp") for i, name in enumerate(
        ["Bình Thạnh", "Bình Hòa", "Tân Lập", "Long Phú", "Phú Thạnh", "Hòa Lân", "An Bình", "Thạnh Lợi"], start=1)]
    specs = []
    for code, place, word in residential:
        seats = [(p.replace("{place}", word), g, key) for p, g, key in RESIDENTIAL_SEATS]
        tag = "bithu" if code == "KP05" else ""
        specs.append(CellSpec(f"{prefix}-{code}", f"Chi bộ {place}", cell, s.COMMUNE, "residential",
                              70 if tag else 0, seats, place=place, tag=tag, address=f"{place}, phường Hòa An"))
    specs += [
        CellSpec(f"{prefix}-CQD", "Chi bộ Cơ quan Đảng - Mặt trận - Đoàn thể phường", cell, s.ADMINISTRATION,
                 "agency", 18, WARD_AGENCY_SEATS),
        CellSpec(f"{prefix}-UB", "Đảng bộ Cơ quan Ủy ban nhân dân phường", k.GRASSROOTS_COMMITTEE, s.ADMINISTRATION,
                 "agency", 0, [], children=[
                     CellSpec(f"{prefix}-UB-VP", "Chi bộ Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", k.SUBORDINATE_CELL,
                              s.ADMINISTRATION, "agency", 9, _seats(
                                  "Bí thư chi bộ, Chánh Văn phòng HĐND và UBND phường",
                                  ("Phó Bí thư Đảng ủy, Chủ tịch Ủy ban nhân dân phường", True),
                                  ("Phó Chủ tịch Hội đồng nhân dân phường", True))),
                     CellSpec(f"{prefix}-UB-KT", "Chi bộ Phòng Kinh tế, Hạ tầng và Đô thị", k.SUBORDINATE_CELL,
                              s.ADMINISTRATION, "agency", 8, _seats(
                                  "Bí thư chi bộ, Trưởng phòng Kinh tế, Hạ tầng và Đô thị",
                                  ("Phó Chủ tịch Ủy ban nhân dân phường", True),
                                  ("Phó Trưởng phòng Kinh tế, Hạ tầng và Đô thị", False))),
                     CellSpec(f"{prefix}-UB-VH", "Chi bộ Phòng Văn hóa - Xã hội", k.SUBORDINATE_CELL,
                              s.ADMINISTRATION, "agency", 8, _seats(
                                  "Bí thư chi bộ, Trưởng phòng Văn hóa - Xã hội",
                                  ("Phó Chủ tịch Ủy ban nhân dân phường", True),
                                  ("Phó Trưởng phòng Văn hóa - Xã hội", False))),
                     CellSpec(f"{prefix}-UB-HCC", "Chi bộ Trung tâm Phục vụ hành chính công", k.SUBORDINATE_CELL,
                              s.ADMINISTRATION, "agency", 7, _seats(
                                  "Bí thư chi bộ, Giám đốc Trung tâm Phục vụ hành chính công",
                                  ("Phó Giám đốc Trung tâm Phục vụ hành chính công", False),
                                  ("Chuyên viên", False))),
                 ]),
    ]
    schools = [
        ("MNHS", "Trường Mầm non Hoa Sen", "preschool", 12),
        ("MNSC", "Trường Mầm non Sơn Ca", "preschool", 10),
        ("THNT", "Trường Tiểu học Nguyễn Trãi", "school", 18),
        ("THKD", "Trường Tiểu học Kim Đồng", "school", 16),
        ("THLVT", "Trường Tiểu học Lê Văn Tám", "school", 14),
        ("THCS", "Trường Trung học cơ sở Lê Quý Đôn", "school", 24),
    ]
    for code, name, profile, size in schools:
        specs.append(CellSpec(f"{prefix}-{code}", f"Chi bộ {name}", cell, s.PUBLIC_SERVICE, profile, size, _seats(
            "Bí thư chi bộ, Hiệu trưởng", ("Phó Bí thư chi bộ, Phó Hiệu trưởng", False),
            ("Chi ủy viên, Chủ tịch Công đoàn trường", False))))
    specs += [
        CellSpec(f"{prefix}-YT", "Chi bộ Trạm Y tế phường", cell, s.PUBLIC_SERVICE, "health", 11, _seats(
            "Bí thư chi bộ, Trạm trưởng Trạm Y tế", ("Phó Trạm trưởng Trạm Y tế", False), ("Bác sĩ", False))),
        CellSpec(f"{prefix}-CHO", "Chi bộ Ban Quản lý chợ Hòa An", cell, s.PUBLIC_SERVICE, "market", 6, _seats(
            "Bí thư chi bộ, Trưởng Ban Quản lý chợ", ("Phó Trưởng Ban Quản lý chợ", False),
            ("Kế toán Ban Quản lý chợ", False))),
        CellSpec(f"{prefix}-CA", "Chi bộ Công an phường", cell, s.ARMED_FORCES, "police", 28, _seats(
            "Bí thư chi bộ, Trưởng Công an phường", ("Phó Trưởng Công an phường", False),
            ("Phó Trưởng Công an phường", False), key=True)),
        CellSpec(f"{prefix}-QS", "Chi bộ Quân sự phường", cell, s.ARMED_FORCES, "military", 9, _seats(
            "Bí thư chi bộ, Chỉ huy trưởng Ban Chỉ huy quân sự phường",
            ("Phó Bí thư chi bộ, Chính trị viên phó Ban Chỉ huy quân sự phường", False),
            ("Chỉ huy phó Ban Chỉ huy quân sự phường", False), key=True), tag="military"),
    ]
    enterprises = [
        ("CTCN", "Công ty Cổ phần Cấp nước Hòa An", 22, "Giám đốc Công ty"),
        ("MAY", "Công ty TNHH May mặc Phú Thành", 15, "Giám đốc Công ty"),
        ("XD", "Công ty Cổ phần Xây dựng Thành Đạt", 12, "Giám đốc Công ty"),
        ("HTX", "Hợp tác xã Nông nghiệp Long Phú", 8, "Giám đốc Hợp tác xã"),
    ]
    for code, name, size, head in enterprises:
        specs.append(CellSpec(f"{prefix}-{code}", f"Chi bộ {name}", cell, s.ENTERPRISE, "enterprise", size, _seats(
            f"Bí thư chi bộ, {head}", (f"Phó {head}", False), ("Kế toán trưởng", False))))
    return specs


def _sibling_specs(prefix):
    cell = OrgKind.GRASSROOTS_CELL
    return [
        CellSpec(f"{prefix}-KP01", "Chi bộ Khu phố 1", cell, Sector.COMMUNE, "residential", 25,
                 [(p.replace("{place}", "khu phố"), g, key) for p, g, key in RESIDENTIAL_SEATS], place="Khu phố 1",
                 address="Khu phố 1, phường Tân Phong"),
        CellSpec(f"{prefix}-KP02", "Chi bộ Khu phố 2", cell, Sector.COMMUNE, "residential", 22,
                 [(p.replace("{place}", "khu phố"), g, key) for p, g, key in RESIDENTIAL_SEATS], place="Khu phố 2",
                 address="Khu phố 2, phường Tân Phong"),
        CellSpec(f"{prefix}-THTP", "Chi bộ Trường Tiểu học Tân Phong", cell, Sector.PUBLIC_SERVICE, "school", 13, _seats(
            "Bí thư chi bộ, Hiệu trưởng", ("Phó Bí thư chi bộ, Phó Hiệu trưởng", False),
            ("Chi ủy viên, Chủ tịch Công đoàn trường", False))),
    ]


def _walk_specs(specs):
    for spec in specs:
        yield spec
        yield from _walk_specs(spec.children)


def _residential_sizes(rng, specs, target_total):
    """Sizes of the residential cells (15–80) so the ward adds up to about `target_total`."""
    fixed = sum(s.size for s in _walk_specs(specs) if s.profile != "residential" or s.tag)
    free = [s for s in specs if s.profile == "residential" and not s.tag]
    weights = [rng.triangular(15, 80, 24) for _ in free]
    budget = max(15 * len(free), target_total - fixed)
    factor = budget / sum(weights)
    for spec, weight in zip(free, weights, strict=True):
        spec.size = max(15, min(80, round(weight * factor)))


class _Drawer:
    """Draws people for the plan; keeps card numbers and phone numbers unique."""

    def __init__(self, rng, today, seed):
        self.rng = rng
        # Who people are (gender, name, birth date) comes from its own stream, so the same seed
        # gives the same people whatever the day; statuses and dates relative to today may differ.
        self.ident = random.Random(f"hocbac-demo-people-{seed}")
        self.today = today
        self.cards = iter(rng.sample(range(100_000, 1_000_000), 5_000))
        self.phones = set()

    def date_between(self, start, end):
        return start + datetime.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def phone(self):
        while True:
            number = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randint(0, 9_999_999):07d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def card(self):
        return f"72{next(self.cards)}"

    def birth_year(self, profile):
        rng = self.ident
        if profile == "residential":
            # About 70% of residential members are retired.
            return round(rng.triangular(1940, 1966, 1955) if rng.random() < 0.7 else rng.triangular(1967, 2003, 1985))
        low, high, mode = PROFILES[profile]["years"]
        return round(rng.triangular(low, high, mode))

    def person(self, profile, *, position="", gender=None, steady=False, key=False):
        rng, today = self.rng, self.today
        ident = self.ident
        if steady:  # committee seats and the demo member: experienced, of working age or just retired
            low, high, mode = (1950, 1980, 1960) if profile == "residential" else (1966, 1990, 1977)
            year = round(ident.triangular(low, high, mode))
        else:
            year = self.birth_year(profile)
        if gender is None:
            gender = "nu" if ident.random() < PROFILES[profile]["women"] else "nam"
        birth = datetime.date(year, 1, 1) + datetime.timedelta(days=ident.randint(0, 361))
        name = make_name(ident, gender, year)
        age = _years_between(birth, today)

        # Admission: at 18 or later, never before 1960, at least a year ago for a full member.
        earliest = max(_add_years(birth, 18), datetime.date(1960, 1, 2))
        latest_full = today - datetime.timedelta(days=400)
        admitted = _add_years(birth, round(rng.triangular(18, 45, 24))) + datetime.timedelta(days=rng.randint(0, 364))
        admitted = min(max(admitted, earliest), latest_full)
        status, change = MemberStatus.FULL, None
        if not steady:
            status, change = self.status(age, admitted)
        if status == MemberStatus.PROBATIONARY:
            admitted = self.date_between(today - datetime.timedelta(days=350), today - datetime.timedelta(days=20))
        full_member_on = None if status == MemberStatus.PROBATIONARY else _add_years(admitted, 1)

        if not position:
            position = self.position(profile, age)
        has_phone = steady or rng.random() < (0.85 if age >= 75 else 0.97)
        return PersonPlan(
            full_name=name, gender=gender, birth_date=birth, admitted_on=admitted, full_member_on=full_member_on,
            status=status, position=position, is_key_leader=key, phone=self.phone() if has_phone else "",
            # The party card is issued once a member becomes chính thức.
            card_number="" if status == MemberStatus.PROBATIONARY else self.card(),
            change=change, steady=steady,
        )

    def status(self, age, admitted):
        """(status at creation, later change or None): mostly chính thức; dự bị among the young;
        miễn sinh hoạt among the elderly; a handful of historical ones (từ trần, chuyển đi, xóa tên)."""
        rng, today = self.rng, self.today
        r = rng.random()
        since_admission = max(admitted + datetime.timedelta(days=400), today - datetime.timedelta(days=3 * 365))
        if age >= 70:
            exempt, deceased = (0.45, 0.05) if age >= 80 else (0.22, 0.03) if age >= 75 else (0.05, 0.015)
            if r < exempt:
                on = self.date_between(max(since_admission, today - datetime.timedelta(days=8 * 365)),
                                       today - datetime.timedelta(days=420))
                return MemberStatus.FULL, (MemberStatus.EXEMPT, on, "Tuổi cao, sức yếu; có đơn đề nghị miễn sinh hoạt")
            if r < exempt + deceased:
                on = self.date_between(since_admission, today - datetime.timedelta(days=30))
                return MemberStatus.FULL, (MemberStatus.DECEASED, on, "Từ trần")
            return MemberStatus.FULL, None
        probationary = 0.2 if age < 35 else 0.09 if age < 45 else 0.02 if age < 55 else 0.0
        if r < probationary:
            return MemberStatus.PROBATIONARY, None
        r -= probationary
        if r < 0.012:
            on = self.date_between(since_admission, today - datetime.timedelta(days=30))
            return MemberStatus.FULL, (MemberStatus.TRANSFERRED_OUT, on, "Chuyển sinh hoạt đảng chính thức đến nơi cư trú mới")
        if r < 0.015:
            on = self.date_between(since_admission, today - datetime.timedelta(days=60))
            return MemberStatus.FULL, (MemberStatus.STRUCK_OFF, on,
                                       "Bỏ sinh hoạt chi bộ 3 tháng trong năm không có lý do chính đáng")
        return MemberStatus.FULL, None

    def position(self, profile, age):
        if profile == "residential":
            return _weighted(self.rng, RESIDENTIAL_RETIRED if age >= 58 else RESIDENTIAL_WORKING)
        if age >= 62:
            return "Hưu trí"
        return _weighted(self.rng, PROFILES[profile]["fillers"])


def _years_between(start, end):
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _plan_cell(drawer, spec, scale):
    """Members of one organisation: the committee seats first (always chính thức, so even a
    scaled-down cell keeps its 3 full members), then ordinary members."""
    if spec.kind not in MEMBER_HOLDING_KINDS:
        size = 0
    else:
        size = max(3, round(spec.size * scale))
    if spec.tag == "bithu":
        size = max(size, 5)  # the secretary, two committee seats, the demo member and one more
    members = []
    for i in range(size):
        if i < len(spec.seats):
            position, gender, key = spec.seats[i]
            members.append(drawer.person(spec.profile, position=position, gender=gender, steady=True, key=key))
        else:
            members.append(drawer.person(spec.profile, steady=spec.tag == "bithu" and i == 3))
    if spec.tag == "bithu":
        members[0].login = "bithu"
        members[3].login = "dangvien"
    return OrgPlan(code=spec.code, name=spec.name, kind=spec.kind, sector=spec.sector, address=spec.address,
                   members=members, tag=spec.tag,
                   children=[_plan_cell(drawer, child, scale) for child in spec.children])


def _ensure_statuses(drawer, ward):
    """Even a small ward shows every kind of member: dự bị, miễn sinh hoạt, từ trần, chuyển đi,
    xóa tên."""
    people = [p for org in ward.walk() for p in org.members if not p.steady]
    today = drawer.today
    present = Counter(p.final_status for p in people)
    wanted = [MemberStatus.PROBATIONARY, MemberStatus.EXEMPT, MemberStatus.DECEASED, MemberStatus.TRANSFERRED_OUT,
              MemberStatus.STRUCK_OFF]
    for status in wanted:
        if present[status]:
            continue
        plain = [p for p in people if p.final_status == MemberStatus.FULL and not p.change]
        if len(plain) < 2:
            return
        elderly = sorted(plain, key=lambda p: p.birth_date)
        if status == MemberStatus.PROBATIONARY:
            person = elderly[-1]
            person.status, person.card_number, person.full_member_on = MemberStatus.PROBATIONARY, "", None
            person.admitted_on = today - datetime.timedelta(days=120)
        else:
            person = elderly[0] if status in (MemberStatus.EXEMPT, MemberStatus.DECEASED) else elderly[len(elderly) // 2]
            on = max(person.admitted_on + datetime.timedelta(days=400), today - datetime.timedelta(days=500))
            reason = {MemberStatus.EXEMPT: "Tuổi cao, sức yếu; có đơn đề nghị miễn sinh hoạt",
                      MemberStatus.DECEASED: "Từ trần",
                      MemberStatus.STRUCK_OFF: "Bỏ sinh hoạt chi bộ 3 tháng trong năm không có lý do chính đáng",
                      }.get(status, "Chuyển sinh hoạt đảng chính thức đến nơi cư trú mới")
            person.change = (status, on, reason)
        present[status] += 1


def plan_ward(seed=7, scale=1.0, today=None):
    """Everything `build_ward` will write, as plain data drawn from `random.Random(seed)`."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    drawer = _Drawer(rng, today, seed)
    specs = _ward_specs("APH-HA")
    _residential_sizes(rng, specs, target_total=1500)
    ward = OrgPlan(code="APH-HA", name=WARD_NAME, kind=OrgKind.COMMUNE, sector=Sector.COMMUNE,
                   children=[_plan_cell(drawer, spec, scale) for spec in specs])
    _ensure_statuses(drawer, ward)
    sibling = OrgPlan(code="APH-TP", name=SIBLING_NAME, kind=OrgKind.COMMUNE, sector=Sector.COMMUNE,
                      children=[_plan_cell(drawer, spec, scale) for spec in _sibling_specs("APH-TP")])
    province = OrgPlan(code="APH", name=PROVINCE_NAME, kind=OrgKind.PROVINCE, children=[ward, sibling])
    return WardPlan(province=province, ward=ward, sibling=sibling, seed=seed, scale=scale)


# ---------------------------------------------------------------------------------------------
# Build: the plan written through the services.


@dataclass
class DemoWard:
    province: object
    ward: object
    sibling: object
    users: dict
    plan: WardPlan
    member_count: int = 0
    org_count: int = 0


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _check_empty():
    taken = sorted(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
    if taken:
        raise ValidationError(
            f"Tên đăng nhập {', '.join(taken)} đã có trong hệ thống; dữ liệu mẫu cần một cơ sở dữ liệu chưa có các tài khoản mẫu."
        )


def _create_orgs(plan_org, *, parent, by, created):
    org = services.create_organization(by=by, parent=parent, code=plan_org.code, name=plan_org.name,
                                       kind=plan_org.kind, sector=plan_org.sector, address=plan_org.address,
                                       log=False)
    created.append((plan_org, org))
    for child in plan_org.children:
        _create_orgs(child, parent=org, by=by, created=created)
    return org


@transaction.atomic
def build_ward(seed=7, scale=1.0, stdout=None, today=None):
    """Create the province, the demo ward, the sibling ward, their members and the demo logins
    (password DEMO_PASSWORD, no forced change). One transaction; one audit entry "demo.build".
    Raises ValidationError when a demo username is already taken."""
    started = time.monotonic()
    _check_empty()
    plan = plan_ward(seed=seed, scale=scale, today=today)

    # Bulk-created members get no password; only the printed logins do, all sharing one hash
    # (a hash costs ~0.3 s in production).
    users = {}
    admin = account_services.create_user(username="quantri", password=None, full_name="Quản trị hệ thống",
                                          is_superuser=True)
    users["quantri"] = admin
    for username, full_name in [("tinhuy", "Ban Tuyên giáo và Dân vận Tỉnh ủy An Phú"),
                                ("danguy", "Văn phòng Đảng ủy phường Hòa An"),
                                ("kiemtra", "Ủy ban Kiểm tra Đảng ủy phường Hòa An"),
                                ("phuongkhac", "Văn phòng Đảng ủy phường Tân Phong")]:
        users[username] = account_services.create_user(username=username, password=None, full_name=full_name)

    created = []
    province = _create_orgs(plan.province, parent=None, by=admin, created=created)
    orgs_by_code = {plan_org.code: org for plan_org, org in created}
    ward, sibling = orgs_by_code[plan.ward.code], orgs_by_code[plan.sibling.code]

    member_count = 0
    logins = {}
    for plan_org, org in created:
        for person in plan_org.members:
            member = services.create_member(
                by=admin, org=org, log=False, full_name=person.full_name, gender=person.gender,
                birth_date=person.birth_date, card_number=person.card_number, admitted_on=person.admitted_on,
                full_member_on=person.full_member_on, status=person.status, position=person.position,
                is_key_leader=person.is_key_leader, phone=person.phone,
            )
            member_count += 1
            if person.change:
                status, on, reason = person.change
                services.change_member_status(member, status=status, on=on, by=admin, reason=reason)
            if person.login:
                logins[person.login] = (member, org)
    _say(stdout, f"Đã tạo {format_number(len(created))} tổ chức, {format_number(member_count)} đảng viên.\n")

    services.grant_role(by=admin, user=users["tinhuy"], org=province, role=Role.COMMITTEE)
    services.grant_role(by=admin, user=users["danguy"], org=ward, role=Role.COMMITTEE)
    services.grant_role(by=admin, user=users["kiemtra"], org=ward, role=Role.VIEWER)
    services.grant_role(by=admin, user=users["phuongkhac"], org=sibling, role=Role.COMMITTEE)
    for username in ("bithu", "dangvien"):
        member, cell = logins[username]
        user, _ = services.create_account_for_member(member, by=admin, username=username)
        users[username] = user
        if username == "bithu":
            services.grant_role(by=admin, user=user, org=cell, role=Role.CELL_COMMITTEE)
    User.objects.filter(pk__in=[u.pk for u in users.values()]).update(
        password=make_password(DEMO_PASSWORD), must_change_password=False
    )
    for user in users.values():
        user.refresh_from_db()

    ward_orgs = sum(1 for _ in plan.ward.walk())
    ward_members = Member.objects.in_subtree(ward).count()
    log_action("demo.build", by=admin, org=province, obj=province,
               summary=f"Tạo dữ liệu mẫu: {ward.name} ({format_number(ward_members)} đảng viên, "
                       f"{format_number(ward_orgs)} tổ chức), {sibling.name}",
               after={"seed": seed, "scale": scale, "organizations": len(created), "members": member_count})
    _say(stdout, f"Dựng cây tổ chức và đảng viên mất {format_number(time.monotonic() - started, 1)} giây.\n")
    return DemoWard(province=province, ward=ward, sibling=sibling, users=users, plan=plan,
                    member_count=member_count, org_count=len(created))


def ward_staff(ward):
    """(the ward committee's first user or None, {cell id: its secretary's user}): who the demo
    modules record as having done the committee's and the cells' steps."""
    grant = RoleGrant.objects.in_orgs([ward.pk]).filter(role=Role.COMMITTEE).select_related("user").order_by("pk").first()
    secretaries = {g.org_id: g.user for g in RoleGrant.objects.in_subtree(ward).filter(role=Role.CELL_COMMITTEE)
                   .select_related("user").order_by("pk")}
    return (grant.user if grant else None), secretaries


def local_time(day, hour, minute=0):
    """An aware datetime at `hour`:`minute` of `day`, local time (for timestamps the demo sets)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def working_day(day):
    """Saturday and Sunday move to the Monday after: offices meet on working days."""
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def age_on(member, day):
    born = member.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
