from django.urls import path

from . import admin_views

urlpatterns = [
    path("queue/", admin_views.ModerationQueueView.as_view(), name="queue"),
    path("issues/", admin_views.IssueListView.as_view(), name="issues"),
    path("issues/<int:pk>/", admin_views.IssueDeskView.as_view(), name="issue"),
]
