"""What the API sends and accepts. Dates are ISO 8601; codes are the values in DOMAIN terms
(`MemberStatus`, `OrgKind`, `AttendanceStatus`), labels are Vietnamese."""

import datetime

from ninja import Field, Schema


class OrgOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    sector: str
    parent_id: int | None
    dissolved_on: datetime.date | None


class OrgCounts(OrgOut):
    active_count: int = 0
    eligible_count: int = 0


class OrgDetail(OrgCounts):
    abilities: list[str]
    children: list[OrgCounts]

    @staticmethod
    def resolve_abilities(org):
        return org.ability_names

    @staticmethod
    def resolve_children(org):
        return org.child_rows


class OrgIn(Schema):
    code: str
    name: str
    kind: str
    sector: str = ""
    address: str = ""


class OrgPatch(Schema):
    code: str | None = None
    name: str | None = None
    kind: str | None = None
    sector: str | None = None
    address: str | None = None
    dissolved_on: datetime.date | None = None


class MemberOut(Schema):
    id: int
    full_name: str
    gender: str
    birth_date: datetime.date
    card_number: str
    admitted_on: datetime.date
    full_member_on: datetime.date | None
    status: str
    status_label: str = Field(alias="get_status_display")
    position: str
    is_key_leader: bool
    phone: str
    org_id: int
    org_name: str = Field(alias="org.name")


class MemberIn(Schema):
    full_name: str
    gender: str
    birth_date: datetime.date
    admitted_on: datetime.date
    card_number: str = ""
    full_member_on: datetime.date | None = None
    status: str = "chinh_thuc"
    position: str = ""
    is_key_leader: bool = False
    phone: str = ""


class MemberPatch(Schema):
    full_name: str | None = None
    gender: str | None = None
    birth_date: datetime.date | None = None
    admitted_on: datetime.date | None = None
    card_number: str | None = None
    full_member_on: datetime.date | None = None
    position: str | None = None
    is_key_leader: bool | None = None
    phone: str | None = None


class MemberPage(Schema):
    count: int
    page: int
    pages: int
    results: list[MemberOut]


class GrantOut(Schema):
    org_id: int
    org_name: str = Field(alias="org.name")
    role: str
    role_label: str = Field(alias="get_role_display")


class MeOut(Schema):
    username: str
    full_name: str
    is_superuser: bool
    member: MemberOut | None
    grants: list[GrantOut]


class CampaignOut(Schema):
    id: int
    title: str
    org_id: int
    org_name: str = Field(alias="org.name")
    starts_on: datetime.date
    due_on: datetime.date


class CoverageRowOut(Schema):
    org_id: int
    org_name: str
    studied: int
    eligible: int
    percent: str
    non_members: int
    sessions: int
    text: str


class CoverageOut(Schema):
    rule: str
    reference_day: datetime.date
    total: CoverageRowOut
    rows: list[CoverageRowOut]


class SessionOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    org_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    campaign_id: int | None
    attendance_taken: bool
    non_member_count: int

    @staticmethod
    def resolve_attendance_taken(session):
        return session.attendance_taken_at is not None


class MarkOut(Schema):
    member_id: int
    full_name: str
    cell_name: str
    status: str | None


class SessionDetail(SessionOut):
    marks: list[MarkOut]


class MarkIn(Schema):
    status: str


class DocumentOut(Schema):
    id: int
    kind: str
    title: str = Field(alias="display_title")
    number_symbol: str
    issued_on: datetime.date | None
    issuer: str
    summary: str
    has_attachment: bool

    @staticmethod
    def resolve_has_attachment(document):
        return bool(document.attachment)


class DocumentDetail(DocumentOut):
    body: str


class MemberRateOut(Schema):
    member_id: int
    full_name: str
    cell_name: str
    invited: int
    present: int
    excused: int
    absent: int
    rate: str
    regular_absent: int
    flagged: bool


class ActivityOut(Schema):
    start: datetime.date
    end: datetime.date
    sessions: int
    members_present: int
    non_members: int
    participations: int
    text: str
    members: list[MemberRateOut]
