from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "baomi.customers"
    label = "customers"
    verbose_name = "客户信息真实性"
