from django.urls import path

from baomi.home import views

urlpatterns = [
    path("", views.home, name="home"),
]
