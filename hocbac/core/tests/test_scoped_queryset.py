import pytest

from hocbac.core.models import AuditEntry, ScopeError
from hocbac.orgs.models import Member


def test_unscoped_member_query_fails_loudly(world):
    with pytest.raises(ScopeError):
        list(Member.objects.all())
    with pytest.raises(ScopeError):
        Member.objects.filter(full_name__startswith="T").count()
    with pytest.raises(ScopeError):
        Member.objects.exists()
    with pytest.raises(ScopeError):
        Member.objects.update(position="x")
    with pytest.raises(ScopeError):
        AuditEntry.objects.first()


def test_subtree_scope_returns_only_the_subtree(world):
    assert sorted(Member.objects.in_subtree(world.cell).values_list("full_name", flat=True)) == ["Nguyễn Thị Bí Thư", "Trần Văn Đảng"]
    assert Member.objects.in_subtree(world.ward).count() == 3
    assert Member.objects.in_subtree(world.province).count() == 4
    assert Member.objects.unscoped().count() == 4


def test_scope_survives_chaining_and_related_managers_count_as_scoped(world):
    scoped = Member.objects.in_subtree(world.cell).filter(gender="nam").order_by("sort_key")
    assert [m.full_name for m in scoped] == ["Trần Văn Đảng"]
    assert world.cell.members.count() == 2
    assert world.member.periods.count() == 1
