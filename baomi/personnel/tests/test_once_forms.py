"""The personnel create forms post once (docs/decisions/0005): a post and an exit
procedure posted twice with the form's one-time token are made once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baomi.core.once import FIELD
from baomi.personnel.models import ExitProcedure, PostAssignment

pytestmark = pytest.mark.django_db


def test_post_and_exit_forms_posted_twice_make_one_record(client, people):
    staff = people["staff"]
    client.force_login(people["deputy"].user)  # the secrecy office
    post = {"post": "课题组成员", "clearance": "GENERAL", FIELD: "post-token-0001"}
    for _ in range(2):
        response = client.post(reverse("personnel:post_new", args=[staff.pk]), post,
                               follow=True)
    assert PostAssignment.objects.filter(person=staff).count() == 1
    assert "此表单已经提交过" in response.content.decode()

    leave = {"reason": "辞职", FIELD: "exit-token-0001"}
    first = client.post(reverse("personnel:exit_new", args=[staff.pk]), leave)
    second = client.post(reverse("personnel:exit_new", args=[staff.pk]), leave)
    assert ExitProcedure.objects.filter(person=staff).count() == 1
    assert first["Location"] == second["Location"] == reverse(
        "personnel:exit", args=[ExitProcedure.objects.get().pk])
