from django.conf import settings
from django.db import models
from django.db.models import Q

from hocbac.core.models import OrgScopedManager, OrgScopedQuerySet


class OrgKind(models.TextChoices):
    PROVINCE = "tinh", "Đảng bộ tỉnh/thành phố"
    DISTRICT = "huyen", "Đảng bộ huyện/quận (trước 1/7/2025)"
    BLOC = "khoi", "Đảng ủy khối (trước 1/7/2025)"
    COMMUNE = "xa", "Đảng bộ xã/phường/đặc khu"
    GRASSROOTS_COMMITTEE = "co_so", "Đảng bộ cơ sở"
    GRASSROOTS_CELL = "chi_bo_co_so", "Chi bộ cơ sở"
    SECTION_COMMITTEE = "bo_phan", "Đảng bộ bộ phận"
    SUBORDINATE_CELL = "chi_bo_truc_thuoc", "Chi bộ trực thuộc"
    PARTY_GROUP = "to_dang", "Tổ đảng"


# Which kinds may sit directly under which (None = a root of the tree).
ALLOWED_PARENT_KINDS = {
    OrgKind.PROVINCE: {None},
    OrgKind.DISTRICT: {OrgKind.PROVINCE},
    OrgKind.BLOC: {OrgKind.PROVINCE, OrgKind.DISTRICT},
    OrgKind.COMMUNE: {OrgKind.PROVINCE, OrgKind.DISTRICT},
    OrgKind.GRASSROOTS_COMMITTEE: {OrgKind.PROVINCE, OrgKind.DISTRICT, OrgKind.BLOC, OrgKind.COMMUNE},
    OrgKind.GRASSROOTS_CELL: {OrgKind.PROVINCE, OrgKind.DISTRICT, OrgKind.BLOC, OrgKind.COMMUNE},
    OrgKind.SECTION_COMMITTEE: {OrgKind.GRASSROOTS_COMMITTEE},
    OrgKind.SUBORDINATE_CELL: {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.SECTION_COMMITTEE},
    OrgKind.PARTY_GROUP: {OrgKind.GRASSROOTS_CELL, OrgKind.SUBORDINATE_CELL},
}
GRASSROOTS_KINDS = {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL}
# Members belong to a cell (chi bộ) or a party group inside one.
MEMBER_HOLDING_KINDS = {OrgKind.GRASSROOTS_CELL, OrgKind.SUBORDINATE_CELL, OrgKind.PARTY_GROUP}
HISTORICAL_KINDS = {OrgKind.DISTRICT, OrgKind.BLOC}


class Sector(models.TextChoices):
    COMMUNE = "xa_phuong", "Xã, phường, đặc khu"
    ADMINISTRATION = "hanh_chinh", "Cơ quan hành chính"
    PUBLIC_SERVICE = "su_nghiep", "Đơn vị sự nghiệp"
    ENTERPRISE = "doanh_nghiep", "Doanh nghiệp"
    ARMED_FORCES = "luc_luong_vu_trang", "Lực lượng vũ trang"


class Organization(models.Model):
    """A node of the party organisation tree. `path` is the materialised path of ids, "/1/7/42/",
    so "is X inside Y" is a prefix test and a subtree is one indexed query."""

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    code = models.CharField("mã tổ chức", max_length=40, unique=True)
    name = models.CharField("tên tổ chức", max_length=200)
    kind = models.CharField("loại", max_length=20, choices=OrgKind.choices)
    sector = models.CharField("khối", max_length=20, choices=Sector.choices, blank=True)
    address = models.CharField("địa chỉ", max_length=200, blank=True)
    dissolved_on = models.DateField("ngày giải thể/sáp nhập", null=True, blank=True)
    name_folded = models.CharField(max_length=200, editable=False, default="")
    sort_key = models.CharField(max_length=600, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = "tổ chức đảng"

    def __str__(self):
        return self.name

    @property
    def is_grassroots(self):
        return self.kind in GRASSROOTS_KINDS

    @property
    def holds_members(self):
        return self.kind in MEMBER_HOLDING_KINDS

    @property
    def is_historical(self):
        return self.kind in HISTORICAL_KINDS or self.dissolved_on is not None

    def ancestor_ids(self):
        """Ids from the root down to this organisation, read from the path (no query)."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def contains(self, other):
        return other.path.startswith(self.path)


class MemberStatus(models.TextChoices):
    FULL = "chinh_thuc", "Chính thức"
    PROBATIONARY = "du_bi", "Dự bị"
    EXEMPT = "mien_sinh_hoat", "Miễn công tác và sinh hoạt"
    TRANSFERRED_OUT = "chuyen_di", "Đã chuyển sinh hoạt đi"
    STRUCK_OFF = "xoa_ten", "Xóa tên"
    EXPELLED = "khai_tru", "Khai trừ"
    DECEASED = "tu_tran", "Từ trần"


# Counted in coverage denominators by default (PRODUCT §3): chính thức and dự bị, not miễn sinh hoạt.
ELIGIBLE_STATUSES = (MemberStatus.FULL, MemberStatus.PROBATIONARY)
ACTIVE_STATUSES = (MemberStatus.FULL, MemberStatus.PROBATIONARY, MemberStatus.EXEMPT)
ELIGIBILITY_RULE = "đảng viên chính thức và dự bị tại thời điểm tính, không tính đảng viên miễn sinh hoạt"


class Gender(models.TextChoices):
    MALE = "nam", "Nam"
    FEMALE = "nu", "Nữ"


class MemberQuerySet(OrgScopedQuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def eligible(self):
        return self.filter(status__in=ELIGIBLE_STATUSES)


class Member(models.Model):
    """A party member (đảng viên). `org` is the current cell; `MemberPeriod` keeps the history."""

    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="members", verbose_name="chi bộ")
    full_name = models.CharField("họ và tên", max_length=120)
    gender = models.CharField("giới tính", max_length=3, choices=Gender.choices)
    birth_date = models.DateField("ngày sinh")
    card_number = models.CharField("số thẻ đảng viên", max_length=20, blank=True)
    admitted_on = models.DateField("ngày vào Đảng")
    full_member_on = models.DateField("ngày chính thức", null=True, blank=True)
    status = models.CharField("tình trạng", max_length=20, choices=MemberStatus.choices, default=MemberStatus.FULL)
    position = models.CharField("chức vụ", max_length=150, blank=True)
    is_key_leader = models.BooleanField("cán bộ chủ chốt", default=False)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="member")
    search_text = models.CharField(max_length=300, editable=False, default="")
    sort_key = models.CharField(max_length=600, editable=False, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgScopedManager.from_queryset(MemberQuerySet)()

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = "đảng viên"
        constraints = [
            models.UniqueConstraint(fields=["card_number"], condition=~Q(card_number=""), name="member_card_number_unique"),
        ]
        indexes = [models.Index(fields=["org", "status"])]

    def __str__(self):
        return self.full_name

    @property
    def is_eligible(self):
        return self.status in ELIGIBLE_STATUSES


class MemberPeriod(models.Model):
    """One stretch of a member's history: in `org`, with `status`, from `start` until `end`
    (exclusive; open while null). Transfers and status changes close one and open the next, so
    "who was in this subtree, with which status, on date D" is a single query."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="periods")
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=MemberStatus.choices)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = OrgScopedManager()

    class Meta:
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["org", "start"]), models.Index(fields=["member", "end"])]

    def __str__(self):
        return f"{self.member_id} @ {self.org_id} {self.status} {self.start}–{self.end or ''}"


class Role(models.TextChoices):
    CELL_COMMITTEE = "chi_uy", "Chi ủy / Bí thư chi bộ"
    COMMITTEE = "cap_uy", "Cấp ủy / cán bộ Ban Tuyên giáo"
    VIEWER = "nguoi_xem", "Người xem"


class RoleGrant(models.Model):
    """A user holds `role` over the subtree of `org`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants")
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrgScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "org", "role"], name="role_grant_unique")]
        verbose_name = "phân quyền"

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.org}"
