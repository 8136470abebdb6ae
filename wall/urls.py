from django.urls import path

from .feeds import LatestIssuesFeed, ResolvedIssuesFeed
from .views import figures, photos, polls, submit, threads, tracking

app_name = "wall"

urlpatterns = [
    path("wall/", threads.wall, name="wall"),
    path("wall/feed/", LatestIssuesFeed(), name="feed"),
    path("wall/feed/resolved/", ResolvedIssuesFeed(), name="resolved_feed"),
    path("wall/new/", submit.submit, name="submit"),
    path("wall/thanks/", submit.thanks, name="thanks"),
    path("wall/<int:pk>/", threads.issue_detail, name="issue"),
    path("wall/<int:pk>/support/", threads.support, name="support"),
    path("wall/<int:issue_pk>/photos/<int:photo_pk>/", photos.photo, name="photo"),
    path("track/", tracking.track_lookup, name="track_lookup"),
    path("track/<str:code>/", tracking.track, name="track"),
    path("wall/<int:pk>/poll/", polls.public_vote, name="poll_vote"),
    path("track/<str:code>/tv-consent/", tracking.tv_consent, name="tv_consent"),
    path("track/<str:code>/poll/", polls.reporter_verdict, name="poll_verdict"),
    path("figures/", figures.figures_page, name="figures"),
    path("figures/export.csv", figures.figures_csv, name="figures_csv"),
    path("figures/how-we-measure/", figures.how_we_measure, name="how_we_measure"),
    path("track/<str:code>/photos/<int:photo_pk>/", photos.tracked_photo, name="tracked_photo"),
]
