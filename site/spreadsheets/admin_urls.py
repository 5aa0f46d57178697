"""Admin URLs (mounted under /admin/tableurs/ by wagtail_hooks)."""

from django.urls import path

from spreadsheets import views

app_name = "spreadsheets"
urlpatterns = [
    path("<slug:resource>/importer/", views.ImportView.as_view(), name="import"),
    path("<slug:resource>/exporter/", views.ExportView.as_view(), name="export"),
    path("<slug:resource>/modele/", views.TemplateDownloadView.as_view(), name="template"),
    path("imports/<int:pk>/", views.JobView.as_view(), name="job"),
    path("imports/<int:pk>/confirmer/", views.ConfirmView.as_view(), name="confirm"),
    path("imports/<int:pk>/annuler/", views.CancelView.as_view(), name="cancel"),
    path("imports/<int:pk>/etat/", views.JobStatusView.as_view(), name="job_status"),
    path("imports/<int:pk>/lignes-refusees/", views.RejectedRowsView.as_view(), name="rejected"),
    path("exports/<int:pk>/", views.ExportJobView.as_view(), name="export_job"),
    path("exports/<int:pk>/etat/", views.ExportJobStatusView.as_view(), name="export_job_status"),
    path(
        "exports/<int:pk>/telecharger/", views.ExportDownloadView.as_view(), name="export_download"
    ),
]
