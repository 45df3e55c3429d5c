"""What the API sends and accepts. Dates are ISO 8601; codes are the values in DOMAIN terms
(`MemberStatus`, `OrgKind`, `AttendanceStatus`), labels are Vietnamese.

Input schemas forbid unknown fields (a PATCH with "status" must not be silently ignored), check
codes against the model's choices and lengths against the columns (PostgreSQL would refuse a
longer value with a 500 after the service ran its checks). In PATCH schemas a field may be
left out but, unless the column is nullable, not sent as null."""

import datetime
from typing import Annotated

from django.db import models
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from hocbac.orgs.models import Gender, MemberStatus, OrgKind, Sector
from hocbac.study.models import AttendanceStatus


def one_of(choices: type[models.TextChoices], *, blank=False):
    """A plain string that must be one of `choices`' values ("" too when `blank`)."""
    allowed = [*([""] if blank else []), *choices.values]

    def check(value):
        if value not in allowed:
            raise PydanticCustomError("choice", "phải là một trong: {expected}", {"expected": ", ".join(allowed)})
        return value

    return Annotated[str, AfterValidator(check), WithJsonSchema({"type": "string", "enum": allowed})]


class In(Schema):
    model_config = ConfigDict(extra="forbid")


NOT_BLANK = r"\S"  # at least one character that is not a space


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


class OrgIn(In):
    code: str = Field(max_length=40, pattern=NOT_BLANK)
    name: str = Field(max_length=200, pattern=NOT_BLANK)
    kind: one_of(OrgKind)
    sector: one_of(Sector, blank=True) = ""
    address: str = Field("", max_length=200)


class OrgPatch(In):
    code: str = Field(None, max_length=40, pattern=NOT_BLANK)
    name: str = Field(None, max_length=200, pattern=NOT_BLANK)
    kind: one_of(OrgKind) = Field(None)
    sector: one_of(Sector, blank=True) = Field(None)
    address: str = Field(None, max_length=200)
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


class MemberIn(In):
    full_name: str = Field(max_length=120, pattern=NOT_BLANK)
    gender: one_of(Gender)
    birth_date: datetime.date
    admitted_on: datetime.date
    card_number: str = Field("", max_length=20)
    full_member_on: datetime.date | None = None
    status: one_of(MemberStatus) = MemberStatus.FULL.value
    position: str = Field("", max_length=150)
    is_key_leader: bool = False
    phone: str = Field("", max_length=20)


class MemberPatch(In):
    full_name: str = Field(None, max_length=120, pattern=NOT_BLANK)
    gender: one_of(Gender) = Field(None)
    birth_date: datetime.date = Field(None)
    admitted_on: datetime.date = Field(None)
    card_number: str = Field(None, max_length=20)
    full_member_on: datetime.date | None = None
    position: str = Field(None, max_length=150)
    is_key_leader: bool = Field(None)
    phone: str = Field(None, max_length=20)


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
    organisations: list[OrgOut]  # the tops of the subtrees the user reaches (GET /orgs)


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


class MarkIn(In):
    status: one_of(AttendanceStatus)


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
