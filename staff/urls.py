from django.urls import path

from .views import desk, hot_topics, lists, queue

urlpatterns = [
    path("queue/", queue.ModerationQueueView.as_view(), name="queue"),
    path("issues/", lists.IssueListView.as_view(), name="issues"),
    path("issues/results/", lists.IssueListView.as_view(results_only=True), name="issues_results"),
    path("issues/<int:pk>/", desk.IssueDeskView.as_view(), name="issue"),
]

# /admin/hot-topics/ (namespace echowall_hot_topics): 热点, for moderators and media staff.
hot_topic_urlpatterns = [
    path("", hot_topics.HotTopicsView.as_view(), name="index"),
    path("<int:pk>/", hot_topics.HotTopicView.as_view(), name="topic"),
]
