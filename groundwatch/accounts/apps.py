from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "groundwatch.accounts"
    label = "accounts"
    verbose_name = "Missions and members"
    api_routers = {
        "/missions": "groundwatch.accounts.api.router",
    }
