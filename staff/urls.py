from django.urls import path

from .views import desk, hot_topics, lists, queue, tv_contact, tv_desk

urlpatterns = [
    path("queue/", queue.ModerationQueueView.as_view(), name="queue"),
    path("issues/", lists.IssueListView.as_view(), name="issues"),
    path("issues/results/", lists.IssueListView.as_view(results_only=True), name="issues_results"),
    path("issues/<int:pk>/", desk.IssueDeskView.as_view(), name="issue"),
]

# Under /admin/tv-desk/ (namespace "tv_contact", registered before the TV desk's own pages so that
# "contact-log" is never read as a week).
tv_contact_urlpatterns = [
    path("contact-log/", tv_contact.ContactLogView.as_view(), name="log"),
    path(
        "<str:week>/contact/<int:issue_pk>/",
        tv_contact.TvContactView.as_view(),
        name="reveal",
    ),
]

# 行风视线 under /admin/tv-desk/: any text reaches the week view, which answers a bad week with
# a 400 page rather than a 404.
tv_desk_urlpatterns = [
    path("", tv_desk.TvDeskIndexView.as_view(), name="index"),
    path("<str:week>/", tv_desk.TvDeskWeekView.as_view(), name="week"),
]

# /admin/hot-topics/ (namespace echowall_hot_topics): 热点, for moderators and media staff.
hot_topic_urlpatterns = [
    path("", hot_topics.HotTopicsView.as_view(), name="index"),
    path("<int:pk>/", hot_topics.HotTopicView.as_view(), name="topic"),
]
