from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "baomi.approvals"
    label = "approvals"
    verbose_name = "审批与台账"

    def ready(self) -> None:
        from baomi.approvals.services import stocktake_loss_report
        from baomi.carriers.loss import set_loss_reporter

        set_loss_reporter(stocktake_loss_report)
