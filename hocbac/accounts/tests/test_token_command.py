from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hocbac.accounts.models import ApiToken
from hocbac.accounts.services import user_for_token


def test_token_command_issues_a_working_token_and_revokes_it(world):
    out = StringIO()
    call_command("token", "bithu", "--name", "ứng dụng thử", stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("hb_") and user_for_token(token) == world.secretary
    stored = ApiToken.objects.get(user=world.secretary)
    assert stored.digest != token and stored.name == "ứng dụng thử"
    call_command("token", "bithu", "--revoke", token[:8], stdout=StringIO())
    assert user_for_token(token) is None


def test_token_command_refuses_an_unknown_user(world):
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("token", "khong-co-ai", stdout=StringIO())
