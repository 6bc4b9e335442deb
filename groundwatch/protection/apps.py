from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "groundwatch.protection"
    label = "protection"
    verbose_name = "Protected persons"
    api_routers: dict[str, str] = {"/protected-persons": "groundwatch.protection.api.router"}
    web_urls = "groundwatch.protection.urls"
    web_nav = [("Protected persons", "protection:person_list")]

    def ready(self) -> None:
        from groundwatch.protection import checks  # noqa: F401  (registers the key-file checks)
