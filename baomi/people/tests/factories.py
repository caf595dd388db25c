"""factory-boy factories for units and people (logins get password "pw-<username>")."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth import get_user_model

from baomi.people.models import OrgUnit, Person


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"部门{n}")
    code = factory.Sequence(lambda n: f"unit-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        exclude = ("username",)

    username: Any = None
    name = factory.Sequence(lambda n: f"人员{n}")
    staff_no = factory.Sequence(lambda n: f"E{n:05d}")
    unit = factory.SubFactory(OrgUnitFactory)
    rank = "STAFF"
    clearance = "GENERAL"

    @factory.lazy_attribute
    def user(self) -> Any:
        if not self.username:
            return None
        user = get_user_model()(username=self.username)
        user.set_password(f"pw-{self.username}")
        user.save()
        return user
