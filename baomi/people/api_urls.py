from django.urls import path

from baomi.people.api import MeView, PeopleListView

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("people/", PeopleListView.as_view(), name="api-people"),
]
