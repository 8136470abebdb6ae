from django.urls import path

from .views import desk, lists, queue, tv_contact

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
