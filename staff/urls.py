from django.urls import path

from .views import desk, lists, queue, tv_desk

urlpatterns = [
    path("queue/", queue.ModerationQueueView.as_view(), name="queue"),
    path("issues/", lists.IssueListView.as_view(), name="issues"),
    path("issues/results/", lists.IssueListView.as_view(results_only=True), name="issues_results"),
    path("issues/<int:pk>/", desk.IssueDeskView.as_view(), name="issue"),
]

# 行风视线 under /admin/tv-desk/: any text reaches the week view, which answers a bad week with
# a 400 page rather than a 404.
tv_desk_urlpatterns = [
    path("", tv_desk.TvDeskIndexView.as_view(), name="index"),
    path("<str:week>/", tv_desk.TvDeskWeekView.as_view(), name="week"),
]
