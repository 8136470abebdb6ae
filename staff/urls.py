from django.urls import path

from .views import desk, lists, queue

urlpatterns = [
    path("queue/", queue.ModerationQueueView.as_view(), name="queue"),
    path("issues/", lists.IssueListView.as_view(), name="issues"),
    path("issues/results/", lists.IssueListView.as_view(results_only=True), name="issues_results"),
    path("issues/<int:pk>/", desk.IssueDeskView.as_view(), name="issue"),
]
