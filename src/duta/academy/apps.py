from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcademyConfig(AppConfig):
    name = "duta.academy"
    verbose_name = _("Academy")

    def ready(self) -> None:
        # every new organization gets its own editable copy of the built-in curriculum
        from duta.academy.services.curriculum import curriculum_install_on_create
        from duta.organizations.signals import organization_created

        organization_created.connect(curriculum_install_on_create, dispatch_uid="academy.curriculum_install")
