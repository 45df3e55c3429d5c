"""A synthetic province for benchmarks and dashboards at scale (`hocbac seed-scale`).

The tree and the members are drawn in Python (names, Vietnamese sort keys and folded search text
are computed as `orgs.services` does) and written with COPY on PostgreSQL, `executemany` on
SQLite. Everything else (two years of meetings and attendance, study campaigns, commitments,
reflections, contests and last year's ratings) is made by `INSERT … SELECT` over those rows, so
the millions of fact rows never pass through Python.

Randomness inside SQL is a hash of ids and the seed (`_hash`), not `random()`: it is the same on
SQLite and PostgreSQL and the same for a seed, so a run can be reproduced.

The province is recognised by its root's code (`ROOT_CODE`); `delete_province` removes its
subtree and every row that hangs from it, following the foreign keys Django knows about.
"""

import datetime
import math
import random
import time
from collections import Counter
from functools import lru_cache

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from hocbac.core.audit import log_action
from hocbac.core.text import collation_key, fold, format_number, person_sort_key

ROOT_CODE = "TT-TINH"
ROOT_NAME = "Đảng bộ tỉnh Tổng Hợp (dữ liệu thử tải)"
CODE_PREFIX = "TT-"

# Grassroots sectors in their national shares (DOMAIN.md).
SECTORS = [("xa_phuong", 70), ("hanh_chinh", 9), ("su_nghiep", 8), ("doanh_nghiep", 8.5), ("luc_luong_vu_trang", 4.5)]
PLACES = ["An", "Bình", "Hòa", "Phú", "Tân", "Long", "Thạnh", "Phước", "Mỹ", "Hưng", "Thái", "Đông",
          "Tây", "Vĩnh", "Quang", "Trung", "Hiệp", "Thuận", "Lợi", "Hải", "Sơn", "Lạc", "Khánh", "Định"]
POSITIONS = {
    "xa_phuong": ["Hưu trí", "Hưu trí", "Hưu trí", "Cựu chiến binh", "Tổ trưởng tổ dân phố", "Kinh doanh", "Công nhân"],
    "hanh_chinh": ["Chuyên viên", "Chuyên viên", "Viên chức", "Văn thư", "Kế toán"],
    "su_nghiep": ["Giáo viên", "Giáo viên", "Bác sĩ", "Điều dưỡng", "Viên chức"],
    "doanh_nghiep": ["Kỹ sư", "Công nhân", "Công nhân", "Nhân viên kinh doanh", "Tổ trưởng sản xuất"],
    "luc_luong_vu_trang": ["Cán bộ Công an", "Dân quân thường trực", "Trợ lý quân sự"],
}

# Year-end levels per thousand members (DOMAIN.md: ~15 / 75 / 9,5 / 0,5 %), with the points of
# each step (general criteria out of 30, tasks out of 70).
RATING_CUTS = [("htxsnv", 150, 28, 64), ("httnv", 900, 26, 54), ("htnv", 995, 22, 38), ("khtnv", 1000, 18, 25)]

CAMPAIGNS = [  # (title, month and day it starts, days to finish)
    ("Học tập, quán triệt chuyên đề năm {year} về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", (2, 20), 60),
    ("Nghiên cứu, học tập Kết luận 01-KL/TW và Chỉ thị 05-CT/TW của Bộ Chính trị ({year})", (6, 1), 45),
    ("Quán triệt Nghị quyết 21-NQ/TW về xây dựng chi bộ bốn tốt, đảng bộ cơ sở bốn tốt ({year})", (9, 15), 45),
]
CONTESTS = [  # (title, month it runs)
    ("Thi trắc nghiệm tìm hiểu chuyên đề năm {year}", 3),
    ("Thi tìm hiểu 95 năm Ngày thành lập Đảng bộ tỉnh ({year})", 6),
    ("Thi trắc nghiệm tìm hiểu Quy định 366-QĐ/TW ({year})", 10),
]


def _hash(expr, salt):
    """A number in 0..999 from integer SQL `expr` and `salt`: deterministic, the same on SQLite and
    PostgreSQL (no random()), spread well enough for synthetic data."""
    x = f"(CAST({expr} AS BIGINT) * 7919 + {int(salt) % 100_000})"
    return f"((({x} % 1000003) * ({x} % 1000003) + {x} * 31) % 1000003 % 1000)"


class Writer:
    """Bulk writes for the two backends, with a count of rows per table."""

    def __init__(self, seed):
        self.pg = connection.vendor == "postgresql"
        self.seed = seed
        self.counts = Counter()

    def table(self, label):
        return apps.get_model(label)._meta.db_table

    def q(self, name):
        return connection.ops.quote_name(name)

    def json(self, literal):
        text = literal.replace("'", "''")
        return f"CAST('{text}' AS jsonb)" if self.pg else f"'{text}'"

    def dt(self, value):
        return value if self.pg else connection.ops.adapt_datetimefield_value(value)

    def allocate_ids(self, label, n):
        """n fresh primary keys of `label`'s table, so rows can point at each other before insert."""
        table = self.table(label)
        with connection.cursor() as cursor:
            if self.pg:
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n])
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            start = cursor.fetchone()[0] + 1
        return list(range(start, start + n))

    def insert(self, label, columns, rows):
        table = self.table(label)
        rows = list(rows)
        with connection.cursor() as cursor:
            if self.pg:
                with cursor.cursor.copy(f"COPY {table} ({', '.join(map(self.q, columns))}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                adapt = connection.ops.adapt_datetimefield_value
                rows = [[adapt(v) if isinstance(v, datetime.datetime) else v.isoformat()
                         if isinstance(v, datetime.date) else v for v in row] for row in rows]
                placeholders = ", ".join(["%s"] * len(columns))
                for start in range(0, len(rows), 50_000):
                    cursor.executemany(f"INSERT INTO {table} ({', '.join(map(self.q, columns))}) VALUES ({placeholders})",
                                       rows[start:start + 50_000])
        self.counts[label] += len(rows)

    def run(self, label, sql, params=()):
        """An INSERT … SELECT into `label`'s table; counts the rows it made."""
        with connection.cursor() as cursor:
            cursor.execute(sql.replace(" % ", " %% "), params)  # modulo, not a placeholder (both backends)
            self.counts[label] += max(cursor.rowcount, 0)

    def scalar(self, sql, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def drop_secondary_indexes(self, labels):
        """PostgreSQL: drop the indexes of `labels`' tables that back no constraint and return
        their definitions. Maintaining eight indexes row by row is most of the cost of loading
        millions of rows; building them once afterwards (`restore_indexes`) is several times
        faster. Inside the seeding transaction, so a failure puts them back; other sessions wait
        on these tables until it commits (seed a database nobody is using)."""
        if not self.pg:
            return []
        tables = [self.table(label) for label in labels]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
                "AND i.tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                "WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)",
                [tables])
            indexes = cursor.fetchall()
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {self.q(name)}")
        return [definition for _, definition in indexes]

    def drop_foreign_keys(self, labels):
        """PostgreSQL: drop the foreign keys of `labels`' tables and return how to add them back.
        Django makes them DEFERRABLE INITIALLY DEFERRED, so every inserted row queues a check that
        runs at COMMIT, one index probe at a time (minutes for twenty million rows); adding the
        constraint back checks the whole table in one join. The rows are consistent by
        construction, and the check when they are added back proves it."""
        if not self.pg:
            return []
        tables = [self.table(label) for label in labels]
        with connection.cursor() as cursor:
            # Checks already queued (the deletion of a previous province) run now, or ALTER TABLE
            # would refuse a table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
                "WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)", [tables])
            keys = cursor.fetchall()
            for table, name, _ in keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {self.q(name)}")
        return [f"ALTER TABLE {table} ADD CONSTRAINT {self.q(name)} {definition}" for table, name, definition in keys]

    def restore_indexes(self, definitions):
        with connection.cursor() as cursor:
            for definition in definitions:
                cursor.execute(definition)

    def max_id(self, label):
        return self.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {self.table(label)}")


# ---------------------------------------------------------------------------------------------
# Finding and deleting a previous synthetic province


def existing_root():
    from hocbac.orgs.models import Organization

    return Organization.objects.filter(code=ROOT_CODE).first()


def delete_province(root):
    """Delete `root`'s subtree and everything that hangs from it (facts, members, campaigns,
    contests…), following every foreign key Django knows about, in a few set-based statements.
    Nullable references from elsewhere with SET_NULL (audit entries) are cleared, not deleted."""
    from hocbac.orgs.models import Organization

    table = Organization._meta.db_table
    tables = set(connection.introspection.table_names())
    _delete(Organization, f"SELECT id FROM {table} WHERE path LIKE %s", [root.path + "%"], tables, depth=0)


def _delete(model, id_select, params, tables, depth):
    from django.db.models import SET_NULL

    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.one_to_many or rel.one_to_one) or not rel.auto_created or rel.concrete:
            continue
        related, field = rel.related_model, rel.field
        if related is model or related._meta.db_table not in tables:
            # Self-references (parent) go in the same statement; a model whose table is not
            # migrated yet holds nothing.
            continue
        column = field.column
        sub = f"SELECT {related._meta.pk.column} FROM {related._meta.db_table} WHERE {column} IN ({id_select})"
        if field.null and rel.on_delete is SET_NULL:
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE {related._meta.db_table} SET {column} = NULL WHERE {column} IN ({id_select})", params)
            continue
        if depth < 6:
            _delete(related, sub, params, tables, depth + 1)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {related._meta.db_table} WHERE {column} IN ({id_select})", params)
    if depth == 0:
        with connection.cursor() as cursor:
            # Children before parents would need an order; one statement with deferred (PostgreSQL)
            # or statement-level (SQLite, deferred too) foreign keys takes the whole subtree at once.
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE id IN ({id_select})", params)


# ---------------------------------------------------------------------------------------------
# The tree and the members (Python)


def _sizes(rng, cells, members):
    """Cell sizes between 5 and 200, mean members / cells (~20), summing to `members`."""
    mean = members / cells
    mu = math.log(max(mean, 5.5)) - 0.18  # lognormal mean = exp(mu + sigma² / 2)
    sizes = [min(200, max(5, round(rng.lognormvariate(mu, 0.6)))) for _ in range(cells)]
    diff = members - sum(sizes)
    while diff:
        i = rng.randrange(cells)
        step = 1 if diff > 0 else -1
        if 5 <= sizes[i] + step <= 200:
            sizes[i] += step
            diff -= step
    return sizes


@lru_cache(maxsize=100_000)
def _name_keys(name):
    return fold(name), person_sort_key(name)


def _place_names(rng, n):
    pairs = [f"{a} {b}" for a in PLACES for b in PLACES if a != b]
    rng.shuffle(pairs)
    return [pairs[i % len(pairs)] + (f" {i // len(pairs) + 1}" if i >= len(pairs) else "") for i in range(n)]


def build_tree(w, rng, members, now):
    """Root → communes/wards → grassroots organisations → cells. Returns the cells as
    (id, path, sector, size) and the root."""
    from hocbac.orgs.models import OrgKind

    n_wards = max(1, round(members / 5000))
    n_grass = max(n_wards, round(members / 500))
    n_cells = max(n_grass, round(members / 20))
    n_cells = min(n_cells, members // 5)
    ids = w.allocate_ids("orgs.Organization", 1 + n_wards + n_grass + n_cells)
    ids.reverse()
    rows = []

    def add(parent, code, name, kind, sector=""):
        pk = ids.pop()
        path = f"{parent[1] if parent else '/'}{pk}/"
        depth = parent[2] + 1 if parent else 0
        rows.append((pk, parent[0] if parent else None, path, depth, code, name, kind, sector, "", None,
                     fold(name), collation_key(name), now))
        return pk, path, depth

    root = add(None, ROOT_CODE, ROOT_NAME, OrgKind.PROVINCE)
    places = _place_names(rng, n_wards)
    wards = [add(root, f"{CODE_PREFIX}X{i + 1:04d}", f"Đảng bộ {'phường' if i % 3 else 'xã'} {places[i]}",
                 OrgKind.COMMUNE, "xa_phuong") for i in range(n_wards)]
    sectors, weights = zip(*SECTORS, strict=True)
    grass, grass_names = [], {}
    for i in range(n_grass):
        ward_index = i % n_wards
        ward, place = wards[ward_index], places[ward_index]
        sector = rng.choices(sectors, weights)[0]
        number = i // n_wards + 1
        name = {
            "xa_phuong": f"Đảng bộ Cụm dân cư số {number}, {place}",
            "hanh_chinh": f"Đảng bộ Cơ quan Ủy ban nhân dân {place} (khối {number})",
            "su_nghiep": f"Đảng bộ Trường học, Trạm y tế {place} (cụm {number})",
            "doanh_nghiep": f"Đảng bộ Công ty Cổ phần {rng.choice(PLACES)} {place} {number}",
            "luc_luong_vu_trang": f"Đảng bộ Quân sự, Công an {place} (đơn vị {number})",
        }[sector]
        grass.append((add(ward, f"{CODE_PREFIX}G{i + 1:05d}", name, OrgKind.GRASSROOTS_COMMITTEE, sector), sector))
        grass_names[grass[-1][0][0]] = name.removeprefix("Đảng bộ ")
    owners = list(range(n_grass)) + [rng.randrange(n_grass) for _ in range(n_cells - n_grass)]
    owners.sort()
    sizes = _sizes(rng, n_cells, members)
    cells, within = [], Counter()
    for i, owner in enumerate(owners):
        parent, sector = grass[owner]
        within[owner] += 1
        label = "Chi bộ Khu phố" if sector == "xa_phuong" else "Chi bộ"
        name = f"{label} số {within[owner]}, {grass_names[parent[0]]}"
        pk, path, _ = add(parent, f"{CODE_PREFIX}C{i + 1:06d}", name[:200], OrgKind.SUBORDINATE_CELL, sector)
        cells.append((pk, path, sector, sizes[i]))
    w.insert("orgs.Organization", ["id", "parent_id", "path", "depth", "code", "name", "kind", "sector", "address",
                                   "dissolved_on", "name_folded", "sort_key", "created_at"], rows)
    return root, cells


def build_members(w, rng, cells, today, now):
    """Members cell by cell (ids consecutive within a cell) and their history periods:
    ~88 % chính thức, ~7 % dự bị (admitted within the year), ~5 % miễn sinh hoạt (since before
    last year, so outside both years' denominators)."""
    from hocbac.orgs.demo import make_name

    total = sum(size for *_, size in cells)
    ids = iter(w.allocate_ids("orgs.Member", total))
    last_jan = datetime.date(today.year - 1, 1, 1)
    members, periods = [], []
    card = 0
    for cell_id, _path, sector, size in cells:
        positions = POSITIONS[sector]
        for _ in range(size):
            pk = next(ids)
            gender = "nu" if rng.random() < 0.42 else "nam"
            if sector == "xa_phuong" and rng.random() < 0.7:
                year = round(rng.triangular(1940, 1966, 1955))
            else:
                year = round(rng.triangular(1966, 2002, 1984))
            birth = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
            name = make_name(rng, gender, year)
            folded, sort_key = _name_keys(name)
            r = rng.random()
            status, exempt_on = "chinh_thuc", None
            if r < 0.14 and year > 1970:
                status = "du_bi"
                admitted = today - datetime.timedelta(days=rng.randint(20, 350))
                full_on = None
            else:
                earliest = max(datetime.date(year + 18, 6, 1), datetime.date(1965, 1, 1))
                latest = today - datetime.timedelta(days=400)
                admitted = earliest + datetime.timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))
                full_on = admitted + datetime.timedelta(days=365)
                if r > 0.91 and year < 1960:
                    status = "mien_sinh_hoat"
                    exempt_on = last_jan - datetime.timedelta(days=rng.randint(30, 6 * 365))
                    exempt_on = max(exempt_on, full_on + datetime.timedelta(days=1))
            if status == "du_bi":
                number = ""
            else:
                card += 1
                number = f"99{card:08d}"
            phone = "" if rng.random() < 0.09 else f"09{pk % 100_000_000:08d}"
            search = " ".join(filter(None, [folded, number, phone]))
            members.append((pk, cell_id, name, gender, birth, number, admitted, full_on, status,
                            rng.choice(positions), False, phone, None, search, sort_key, now, now))
            if exempt_on and exempt_on > admitted:
                periods.append((pk, cell_id, "chinh_thuc", admitted, exempt_on, "Thêm mới", None, now))
                periods.append((pk, cell_id, status, exempt_on, None, "Tuổi cao, sức yếu; miễn sinh hoạt", None, now))
            else:
                periods.append((pk, cell_id, status, admitted, None, "Thêm mới", None, now))
    w.insert("orgs.Member", ["id", "org_id", "full_name", "gender", "birth_date", "card_number", "admitted_on",
                             "full_member_on", "status", "position", "is_key_leader", "phone", "user_id",
                             "search_text", "sort_key", "created_at", "updated_at"], members)
    w.insert("orgs.MemberPeriod", ["member_id", "org_id", "status", "start", "end", "reason", "recorded_by_id",
                                   "recorded_at"], periods)


# ---------------------------------------------------------------------------------------------
# Two years of facts (SQL)

ELIGIBLE = "('chinh_thuc', 'du_bi')"
# The tables that get millions of rows: their secondary indexes are built after the load.
BULK_TABLES = ["study.Attendance", "study.StudySession_invited_orgs", "commitments.Registration",
               "journal.Reflection", "journal.Citation", "contests.Attempt", "ratings.YearRating"]


def _local(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


class Facts:
    def __init__(self, w, root, today, now):
        self.w, self.root, self.today, self.now = w, root, today, now
        self.like = root.path + "%"
        self.years = [today.year - 1, today.year]
        self.months = [(today.year - 1, m) for m in range(1, 13)] + [(today.year, m) for m in range(1, today.month + 1)]
        self.t = {label: w.table(label) for label in [
            "orgs.Organization", "orgs.Member", "study.StudySession", "study.Attendance", "study.Campaign",
            "commitments.Registration", "commitments.OrgPlan", "journal.Reflection", "journal.Citation",
            "journal.Manifestation", "contests.Attempt", "ratings.YearRating"]}
        self.slot_type = "timestamp with time zone" if w.pg else "datetime"

    def sql(self, text):
        """`{member}`, `{attendance}`… name tables, `{ELIGIBLE}` the eligible statuses."""
        for label, table in self.t.items():
            text = text.replace("{" + label.split(".")[1].lower() + "}", table)
        return text.replace("{ELIGIBLE}", ELIGIBLE)

    def h(self, expr, salt):
        return _hash(expr, self.w.seed * 101 + salt)

    def slots(self, tag, rows):
        """Rows (k, v, label, at1, at2) of the scratch table that spreads dates and times."""
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM scale_slot WHERE tag = %s", [tag])
            cursor.executemany("INSERT INTO scale_slot (tag, k, v, label, at1, at2) VALUES (%s, %s, %s, %s, %s, %s)",
                               [(tag, k, v, label, self.w.dt(a), self.w.dt(b)) for k, v, label, a, b in rows])
            if self.w.pg:  # without statistics the planner nests loops over it, hashing ids for every pair
                cursor.execute("ANALYZE scale_slot")

    def all(self, say):
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS scale_slot")
            cursor.execute(f"CREATE TEMPORARY TABLE scale_slot (tag varchar(20), k integer, v integer, "
                           f"label varchar(200), at1 {self.slot_type}, at2 {self.slot_type})")
        try:
            for step in (self.meetings, self.campaigns, self.commitments, self.reflections, self.contests, self.ratings):
                started = time.monotonic()
                step()
                say(f"  {step.__doc__.splitlines()[0]} ({format_number(time.monotonic() - started, 1)} giây)")
        finally:
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS scale_slot")
                cursor.execute("DROP TABLE IF EXISTS scale_first")

    def meetings(self):
        """Sinh hoạt chi bộ thường kỳ hằng tháng và điểm danh"""
        w = self.w
        rows = []
        for k, (y, m) in enumerate(self.months):
            for v in range(5):
                day = datetime.date(y, m, 5 + 3 * v)
                if day < self.today:
                    rows.append((k, v, f"{m}/{y}", _local(day, 14), _local(day, 16, 30)))
        self.slots("meet", rows)
        mark = w.max_id("study.StudySession")
        w.run("study.StudySession", self.sql(
            "INSERT INTO {studysession} (org_id, kind, title, starts_at, ends_at, place, campaign_id, "
            "attendance_taken_at, non_member_count, non_member_names, checkin_code, created_by_id, created_at) "
            "SELECT o.id, 'thuong_ky', 'Sinh hoạt chi bộ thường kỳ tháng ' || t.label, t.at1, t.at2, "
            "'Nhà văn hóa khu phố, trụ sở chi bộ', NULL, t.at2, 0, '', 'TT' || o.id || '-' || t.k, NULL, %s "
            "FROM {organization} o JOIN scale_slot t ON t.tag = 'meet' AND t.v = o.id % 5 "
            "WHERE o.path LIKE %s AND o.kind = 'chi_bo_truc_thuoc'"), [w.dt(self.now), self.like])
        h = self.h("CAST(m.id AS BIGINT) * 1009 + s.id", 1)
        for y, m in self.months:
            first = datetime.date(y, m, 1)
            following = datetime.date(y + m // 12, m % 12 + 1, 1)
            w.run("study.Attendance", self.sql(
                "INSERT INTO {attendance} (session_id, member_id, org_id, status, source, recorded_by_id, recorded_at) "
                f"SELECT s.id, m.id, m.org_id, CASE WHEN {h} < 950 THEN 'co_mat' WHEN {h} < 985 THEN 'vang_co_ly_do' "
                "ELSE 'vang_khong_ly_do' END, 'chi_uy', NULL, s.ends_at "
                "FROM {studysession} s JOIN {member} m ON m.org_id = s.org_id "
                "WHERE s.id > %s AND s.kind = 'thuong_ky' AND s.starts_at >= %s AND s.starts_at < %s "
                "AND m.status IN {ELIGIBLE} AND m.admitted_on <= %s ORDER BY s.id, m.id"),
                [mark, w.dt(_local(first, 0)), w.dt(_local(following, 0)), first])
        self._invite(mark)

    def _invite(self, mark):
        SessionInvited = apps.get_model("study.StudySession").invited_orgs.through
        self.w.run("study.StudySession_invited_orgs", self.sql(
            f"INSERT INTO {SessionInvited._meta.db_table} (studysession_id, organization_id) "
            "SELECT id, org_id FROM {studysession} WHERE id > %s"), [mark])

    def campaigns(self):
        """Đợt học tập của tỉnh: hội nghị ở mỗi tổ chức cơ sở, học bù, điểm danh"""
        from hocbac.study.models import Campaign

        w = self.w
        mark = w.max_id("study.StudySession")
        for y in self.years:
            for i, (title, (month, day), days) in enumerate(CAMPAIGNS):
                starts = datetime.date(y, month, day)
                if starts >= self.today:
                    continue
                campaign = Campaign.objects.create(
                    org=self.root, title=title.format(year=y), starts_on=starts, due_on=starts + datetime.timedelta(days=days),
                    description="Các tổ chức cơ sở tổ chức hội nghị học tập, quán triệt; đảng viên vắng học bù.")
                w.counts["study.Campaign"] += 1
                for phase, kind, offset in (("a", "hoi_nghi", 0), ("b", "chuyen_de", 14)):
                    rows = []
                    for v in range(10):
                        day = starts + datetime.timedelta(days=offset + v)
                        if day < self.today:
                            rows.append((i, v, campaign.title[:150], _local(day, 8), _local(day, 11)))
                    tag = f"c{campaign.pk}{phase}"
                    self.slots(tag, rows)
                    prefix = "Hội nghị học tập: " if phase == "a" else "Học bù: "
                    w.run("study.StudySession", self.sql(
                        "INSERT INTO {studysession} (org_id, kind, title, starts_at, ends_at, place, campaign_id, "
                        "attendance_taken_at, non_member_count, non_member_names, checkin_code, created_by_id, created_at) "
                        f"SELECT o.id, %s, %s || t.label, t.at1, t.at2, 'Hội trường đơn vị', %s, t.at2, "
                        f"CASE WHEN %s = 'hoi_nghi' THEN {self.h('o.id', 2 + i)} % 40 ELSE 0 END, '', "
                        "'TC' || %s || '-' || o.id || %s, NULL, %s "
                        "FROM {organization} o JOIN scale_slot t ON t.tag = %s AND t.v = o.id % 10 "
                        "WHERE o.path LIKE %s AND o.kind = 'co_so'"),
                        [kind, prefix, campaign.pk, kind, campaign.pk, phase, w.dt(self.now), tag, self.like])
                h = self.h("CAST(m.id AS BIGINT) * 1013 + s.id", 3)
                w.run("study.Attendance", self.sql(
                    "INSERT INTO {attendance} (session_id, member_id, org_id, status, source, recorded_by_id, recorded_at) "
                    f"SELECT s.id, m.id, m.org_id, CASE WHEN {h} < 880 THEN 'co_mat' WHEN {h} < 950 THEN 'vang_co_ly_do' "
                    "ELSE 'vang_khong_ly_do' END, 'chi_uy', NULL, s.ends_at "
                    "FROM {studysession} s JOIN {organization} c ON c.parent_id = s.org_id "
                    "JOIN {member} m ON m.org_id = c.id "
                    "WHERE s.campaign_id = %s AND s.kind = 'hoi_nghi' AND m.status IN {ELIGIBLE} AND m.admitted_on <= %s"),
                    [campaign.pk, starts])
                h = self.h("CAST(m.id AS BIGINT) * 1019 + s2.id", 4)
                w.run("study.Attendance", self.sql(
                    "INSERT INTO {attendance} (session_id, member_id, org_id, status, source, recorded_by_id, recorded_at) "
                    f"SELECT s2.id, m.id, m.org_id, CASE WHEN {h} < 600 THEN 'co_mat' WHEN {h} < 850 THEN 'vang_co_ly_do' "
                    "ELSE 'vang_khong_ly_do' END, 'chi_uy', NULL, s2.ends_at "
                    "FROM {studysession} s2 JOIN {studysession} s1 ON s1.campaign_id = s2.campaign_id "
                    "AND s1.org_id = s2.org_id AND s1.kind = 'hoi_nghi' "
                    "JOIN {attendance} a ON a.session_id = s1.id AND a.status <> 'co_mat' "
                    "JOIN {member} m ON m.id = a.member_id "
                    "WHERE s2.campaign_id = %s AND s2.kind = 'chuyen_de'"), [campaign.pk])
        self._invite(mark)

    def commitments(self):
        """Đăng ký làm theo hằng năm (năm trước đã đánh giá), kế hoạch của tổ chức"""
        w, today = self.w, self.today
        deeds = w.json('[{"text": "Hoàn thành đúng hạn các việc được giao", "measure": "sổ theo dõi", "progress": ""}, '
                       '{"text": "Tham gia đầy đủ sinh hoạt chi bộ, khu dân cư", "measure": "sổ điểm danh", "progress": ""}]')
        for y in self.years:
            last = y < today.year
            steps = [(datetime.date(y, 2, 20), "da_nop"), (datetime.date(y, 3, 5), "cong_khai"),
                     (datetime.date(y, 7, 15), "giua_nam"), (datetime.date(y, 12, 10), "tu_danh_gia")]
            state = "da_danh_gia" if last else "nhap"
            for day, name in steps:
                if not last and day <= today:
                    state = name
            reached = {name: last or day <= today for day, name in steps}
            submitted = _local(datetime.date(y, 2, 20), 20) if reached["da_nop"] else None
            disclosed = datetime.date(y, 3, 5) if reached["cong_khai"] else None
            midyear = _local(datetime.date(y, 7, 15), 19) if reached["giua_nam"] else None
            assessed = _local(datetime.date(y, 12, 10), 19) if reached["tu_danh_gia"] else None
            evaluated = _local(datetime.date(y, 12, 20), 16) if last else None
            h, h2 = self.h("m.id", 10 + y), self.h("m.id", 20 + y)
            result = (f"CASE WHEN {h2} < 700 THEN 'tot' WHEN {h2} < 980 THEN 'hoan_thanh' ELSE 'chua_hoan_thanh' END"
                      if last else "''")
            w.run("commitments.Registration", self.sql(
                "INSERT INTO {registration} (member_id, org_id, year, state, study_plan, deeds, exemplary, "
                "anti_degradation, is_key_leader, on_behalf, entered_by_id, submitted_at, disclosed_on, midyear_note, "
                "midyear_at, self_assessment, self_assessed_at, result, evaluation_comment, evaluated_by_id, "
                "evaluated_at, created_at, updated_at) "
                f"SELECT m.id, m.org_id, %s, %s, CASE WHEN {h} % 3 = 0 THEN 'Học chuyên đề năm; đọc một tác phẩm "
                f"của Bác mỗi quý.' WHEN {h} % 3 = 1 THEN 'Nghiên cứu Chỉ thị 05-CT/TW, Kết luận 01-KL/TW; ghi sổ "
                "tay hằng tháng.' ELSE 'Học tập đầy đủ các chuyên đề chi bộ tổ chức.' END, "
                f"{deeds}, 'Gương mẫu nơi cư trú, vận động gia đình chấp hành quy định của địa phương.', "
                "'Không nói không đi đôi với làm; không né tránh tự phê bình và phê bình.', m.is_key_leader, "
                f"CASE WHEN {h} < 90 THEN TRUE ELSE FALSE END, NULL, %s, %s, %s, %s, %s, %s, {result}, %s, NULL, %s, %s, %s "
                "FROM {member} m JOIN {organization} o ON o.id = m.org_id "
                f"WHERE o.path LIKE %s AND m.status IN {{ELIGIBLE}} AND m.admitted_on <= %s AND {h} < 970"),
                [y, state, w.dt(submitted), disclosed, "Đã thực hiện đúng tiến độ." if midyear else "", w.dt(midyear),
                 "Hoàn thành các việc đã đăng ký." if assessed else "", w.dt(assessed),
                 "Chi bộ đánh giá theo kết quả thực hiện." if last else "", w.dt(evaluated),
                 w.dt(self.now), w.dt(self.now), self.like, datetime.date(y, 2, 1)])
            w.run("commitments.OrgPlan", self.sql(
                "INSERT INTO {orgplan} (org_id, year, content, in_resolution, updated_by_id, updated_at) "
                "SELECT o.id, %s, %s, TRUE, NULL, %s FROM {organization} o "
                "WHERE o.path LIKE %s AND o.kind IN ('co_so', 'chi_bo_truc_thuoc')"),
                [y, f"Kế hoạch thực hiện Chỉ thị 05-CT/TW năm {y}: học tập chuyên đề, đăng ký làm theo, "
                    "nêu gương, đưa vào sinh hoạt chi bộ.", w.dt(self.now), self.like])

    def reflections(self):
        """Bài cảm nhận hằng tháng (một, hai đảng viên mỗi chi bộ) và biểu hiện tự soi"""
        w, today = self.w, self.today
        mark = w.max_id("journal.Reflection")
        # Each cell's first member id and size, once: the rota takes members in turn from them.
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS scale_first")
            cursor.execute("CREATE TEMPORARY TABLE scale_first (org_id integer PRIMARY KEY, first_id integer, n integer)")
            cursor.execute(self.sql("INSERT INTO scale_first (org_id, first_id, n) SELECT org_id, MIN(id), COUNT(*) "
                                    "FROM {member} WHERE org_id IN (SELECT id FROM {organization} WHERE path LIKE %s) "
                                    "GROUP BY org_id"), [self.like])
        first_ids = "scale_first"
        for k, (y, m) in enumerate(self.months):
            h = self.h("m.id", 100 + k)
            following = datetime.date(y + m // 12, m % 12 + 1, 1)
            read_on = following + datetime.timedelta(days=9)
            current = following > today
            if current:
                state = f"CASE WHEN {h} < 500 THEN 'phan_cong' ELSE 'nhap' END"
            elif read_on >= today:
                state = f"CASE WHEN {h} < 40 THEN 'phan_cong' ELSE 'da_nop' END"
            else:
                state = f"CASE WHEN {h} < 40 THEN 'phan_cong' WHEN {h} < 90 THEN 'da_nop' ELSE 'da_doc' END"
            written = f"({state}) IN ('da_nop', 'da_doc')"
            w.run("journal.Reflection", self.sql(
                "INSERT INTO {reflection} (org_id, member_id, year, month, due_on, assigned_by_id, state, title, body, "
                "corrections, submitted_at, read_on, read_recorded_by_id, conclusion, concluded_by_id, concluded_at, "
                "created_at, updated_at) "
                f"SELECT m.org_id, m.id, %s, %s, %s, NULL, {state}, "
                f"CASE WHEN ({state}) = 'phan_cong' THEN '' ELSE %s END, "
                f"CASE WHEN ({state}) = 'phan_cong' THEN '' WHEN {h} % 2 = 0 THEN %s ELSE %s END, {w.json('[]')}, "
                f"CASE WHEN {written} THEN %s END, CASE WHEN ({state}) = 'da_doc' THEN %s END, NULL, "
                f"CASE WHEN ({state}) = 'da_doc' THEN 'Chi bộ ghi nhận, đề nghị đồng chí tiếp tục phát huy.' ELSE '' END, "
                "NULL, NULL, %s, %s "
                f"FROM {{member}} m JOIN {first_ids} f ON f.org_id = m.org_id "
                f"WHERE (m.id - f.first_id + f.n * 100 - 2 * {k}) % f.n < 2 AND m.status IN {{ELIGIBLE}} "
                "AND m.admitted_on <= %s"),
                [y, m, datetime.date(y, m, 25), f"Cảm nhận tháng {m}/{y}: học Bác từ những việc nhỏ",
                 "Qua học tập chuyên đề, tôi nhận thấy cần gương mẫu hơn trong công việc và nơi cư trú.\n\n"
                 "Tôi tự nhận còn nể nang khi góp ý; tháng tới sẽ mạnh dạn phê bình và tự phê bình.",
                 "Tấm gương tiết kiệm của Bác nhắc tôi sắp xếp thời gian, không lãng phí công sức của tập thể.\n\n"
                 "Tôi đăng ký cùng gia đình phân loại rác tại nguồn và vận động các hộ xung quanh.",
                 w.dt(_local(datetime.date(y, m, 20), 20)), read_on, w.dt(self.now), w.dt(self.now),
                 datetime.date(y, m, 1)])
        q = w.q
        h1, h2, h3 = self.h("r.id", 201), self.h("r.id", 202), self.h("r.id", 203)
        w.run("journal.Citation", self.sql(
            "INSERT INTO {citation} (reflection_id, manifestation_id, version, label, text) "
            "SELECT r.id, mf.id, mf.version, mf.label, mf.text FROM {reflection} r JOIN {manifestation} mf "
            f"ON mf.sub = 0 AND mf.{q('group')} = 1 + {h1} % 3 AND mf.{q('number')} = 1 + {h2} % 9 "
            f"WHERE r.id > %s AND r.state IN ('da_nop', 'da_doc') AND {h3} < 700"), [mark])

    def contests(self):
        """Cuộc thi trắc nghiệm của tỉnh (~60 % đảng viên nộp bài)"""
        from hocbac.contests.models import Contest, ContestQuestion, Option, Question

        w = self.w
        questions = []
        for i in range(20):
            text = f"Câu {i + 1}: Chỉ thị 05-CT/TW yêu cầu nội dung nào sau đây về học tập và làm theo Bác?"
            questions.append(Question(org=self.root, text=text, search_text=fold(text), difficulty=1 + i % 3))
        Question.objects.bulk_create(questions)
        questions = list(Question.objects.unscoped().filter(org=self.root).order_by("id"))
        Option.objects.bulk_create([Option(question=q, position=p, text=f"Phương án {'ABCD'[p]}", is_correct=p == i % 4)
                                    for i, q in enumerate(questions) for p in range(4)])
        w.counts["contests.Question"] += len(questions)
        w.counts["contests.Option"] += 4 * len(questions)
        for y in self.years:
            for i, (title, month) in enumerate(CONTESTS):
                opens = _local(datetime.date(y, month, 1), 7)
                if opens >= self.now:
                    continue
                contest = Contest.objects.create(
                    org=self.root, title=title.format(year=y), code=f"TT{y % 100:02d}{i}", opens_at=opens,
                    closes_at=_local(datetime.date(y, month, 28), 22), question_count=10, attempts_allowed=3,
                    description="Mỗi lượt 10 câu, 30 giây mỗi câu.")
                w.counts["contests.Contest"] += 1
                ContestQuestion.objects.bulk_create([ContestQuestion(contest=contest, question=q, position=p)
                                                     for p, q in enumerate(questions)])
                w.counts["contests.ContestQuestion"] += len(questions)
                rows = []
                for v in range(27):
                    start = opens + datetime.timedelta(days=v, hours=v % 13, minutes=7 * v % 60)
                    if start + datetime.timedelta(minutes=5) < self.now:
                        rows.append((i, v, "", start, start + datetime.timedelta(seconds=180 + 4 * v)))
                tag = f"k{contest.pk}"
                self.slots(tag, rows)
                h, h2, h3 = self.h("m.id", 300 + 10 * i + y), self.h("m.id", 400 + i + y), self.h("m.id", 500 + i + y)
                correct = f"(4 + {h3} % 7)"
                w.run("contests.Attempt", self.sql(
                    "INSERT INTO {attempt} (contest_id, member_id, guest_id, org_id, number, started_at, time_multiplier, "
                    "current, finished_at, finish_reason, correct_count, score, time_taken_ms, prediction, tab_switches) "
                    f"SELECT %s, m.id, NULL, m.org_id, 1, t.at1, 1, 10, t.at2, 'nop_bai', {correct}, {correct}, "
                    "180000 + 4000 * t.v, NULL, 0 "
                    f"FROM {{member}} m JOIN {{organization}} o ON o.id = m.org_id JOIN scale_slot t ON t.tag = %s "
                    f"AND t.v = {h2} % 27 WHERE o.path LIKE %s AND m.status IN {{ELIGIBLE}} AND m.admitted_on <= %s "
                    f"AND {h} < 600"), [contest.pk, tag, self.like, opens.date()])

    def ratings(self):
        """Đánh giá, xếp loại đảng viên cuối năm trước (tự đánh giá → đề xuất → quyết định)"""
        from hocbac.ratings.models import Frame

        w = self.w
        frame = Frame.objects.filter(is_current=True).order_by("-id").first()
        if frame is None:
            return
        y = self.today.year - 1
        h = self.h("m.id", 600)

        def case(index):
            whens = " ".join(f"WHEN {h} < {cut[1]} THEN '{cut[index]}'" if index == 0 else
                             f"WHEN {h} < {cut[1]} THEN {cut[index]}" for cut in RATING_CUTS[:-1])
            last = RATING_CUTS[-1][index]
            return f"CASE {whens} ELSE {repr(last) if index == 0 else last} END"

        level, general, tasks = case(0), case(2), case(3)
        mark = w.max_id("ratings.YearRating")
        w.run("ratings.YearRating", self.sql(
            "INSERT INTO {yearrating} (frame_id, year, org_id, member_id, step, self_general, self_tasks, self_level, "
            "self_note, self_by_id, self_at, proposed_general, proposed_tasks, proposed_level, proposed_note, "
            "proposed_by_id, proposed_at, conditions, decided_level, decided_by_org_id, decided_by_id, decided_at, "
            "quota_exception) "
            f"SELECT %s, %s, m.org_id, m.id, 'quyet_dinh', {general}, {tasks}, {level}, '', NULL, %s, "
            f"{general}, {tasks}, {level}, '', NULL, %s, {w.json('[]')}, {level}, o.parent_id, NULL, %s, '' "
            "FROM {member} m JOIN {organization} o ON o.id = m.org_id "
            "WHERE o.path LIKE %s AND m.status IN {ELIGIBLE} AND m.admitted_on <= %s"),
            [frame.pk, y, w.dt(_local(datetime.date(y, 12, 5), 19)), w.dt(_local(datetime.date(y, 12, 15), 16)),
             w.dt(_local(datetime.date(y, 12, 28), 9)), self.like, datetime.date(y, 12, 31)])
        # The quota (HTXSNV ≤ x % of HTTNV per grassroots organisation) as the services keep it:
        # where chance put it over, the decision records the superior's consent.
        counts = {}
        with connection.cursor() as cursor:
            cursor.execute(self.sql("SELECT o.parent_id, r.decided_level, COUNT(*) FROM {yearrating} r "
                                    "JOIN {organization} o ON o.id = r.org_id WHERE r.id > %s GROUP BY o.parent_id, "
                                    "r.decided_level"), [mark])
            for grassroots, lvl, n in cursor.fetchall():
                counts.setdefault(grassroots, Counter())[lvl] = n
        over = [g for g, c in counts.items() if c["htxsnv"] * 100 > c["httnv"] * frame.quota_percent]
        for start in range(0, len(over), 500):
            chunk = over[start:start + 500]
            with connection.cursor() as cursor:
                cursor.execute(self.sql(
                    "UPDATE {yearrating} SET quota_exception = %s WHERE id > %s AND decided_level = 'htxsnv' AND org_id IN "
                    f"(SELECT id FROM {{organization}} WHERE parent_id IN ({', '.join(['%s'] * len(chunk))}))"),
                    ["Đơn vị có nhiều thành tích nổi bật; cấp ủy cấp trên đồng ý vượt tỷ lệ.", mark, *chunk])


# ---------------------------------------------------------------------------------------------


def seed_province(*, members=500_000, seed=1, replace=False, stdout=None):
    """Build the synthetic province; returns (root, Counter of rows per model label, seconds).
    Raises ValueError (Vietnamese message) when one exists and `replace` is not set."""
    say = (lambda text: stdout.write(text + "\n")) if stdout else (lambda text: None)
    started = time.monotonic()
    rng = random.Random(f"hocbac-scale-{seed}")
    today, now = timezone.localdate(), timezone.now()
    w = Writer(seed)
    with transaction.atomic():
        previous = existing_root()
        if previous is not None:
            if not replace:
                raise ValueError(f"Đã có tỉnh tổng hợp ({previous.name}, mã {ROOT_CODE}). "
                                 "Dùng --replace để xóa và tạo lại.")
            step = time.monotonic()
            delete_province(previous)
            say(f"  Đã xóa tỉnh tổng hợp cũ ({format_number(time.monotonic() - step, 1)} giây)")
        step = time.monotonic()
        foreign_keys = w.drop_foreign_keys([*BULK_TABLES, "orgs.Member", "orgs.MemberPeriod", "study.StudySession"])
        root_row, cells = build_tree(w, rng, members, now)
        build_members(w, rng, cells, today, now)
        say(f"  Cây tổ chức và đảng viên ({format_number(time.monotonic() - step, 1)} giây)")
        from hocbac.orgs.models import Organization

        root = Organization.objects.get(pk=root_row[0])
        step = time.monotonic()
        dropped = w.drop_secondary_indexes(BULK_TABLES)
        Facts(w, root, today, now).all(say)
        if dropped:
            step = time.monotonic()
            w.restore_indexes(dropped)
            say(f"  Dựng lại {len(dropped)} chỉ mục ({format_number(time.monotonic() - step, 1)} giây)")
        if foreign_keys:
            step = time.monotonic()
            w.restore_indexes(foreign_keys)
            say(f"  Kiểm tra lại {len(foreign_keys)} khóa ngoại ({format_number(time.monotonic() - step, 1)} giây)")
        if w.pg:
            with connection.cursor() as cursor:
                for label in sorted(w.counts):
                    cursor.execute(f"ANALYZE {w.table(label)}")
        seconds = time.monotonic() - started
        log_action("scale.seed", by=None, org=root, obj=root,
                   summary=f"Tạo tỉnh tổng hợp: {format_number(members)} đảng viên, "
                           f"{format_number(sum(w.counts.values()))} dòng, {format_number(seconds, 1)} giây",
                   after={"members": members, "seed": seed, "rows": dict(w.counts)})
    return root, w.counts, seconds
