from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "groundwatch.accounts"
    label = "accounts"
    verbose_name = "Missions and members"
    web_urls = "groundwatch.accounts.urls"
    api_routers = {
        "/missions": "groundwatch.accounts.api.router",
    }
