from django.urls import path

from . import figures_views, poll_views, views
from .feeds import LatestIssuesFeed

app_name = "feedback"

urlpatterns = [
    path("wall/", views.wall, name="wall"),
    path("wall/feed/", LatestIssuesFeed(), name="feed"),
    path("wall/new/", views.submit, name="submit"),
    path("wall/thanks/", views.thanks, name="thanks"),
    path("wall/<int:pk>/", views.issue_detail, name="issue"),
    path("wall/<int:pk>/support/", views.support, name="support"),
    path("wall/<int:issue_pk>/photos/<int:photo_pk>/", views.photo, name="photo"),
    path("track/", views.track_lookup, name="track_lookup"),
    path("track/<str:code>/", views.track, name="track"),
    path("wall/<int:pk>/poll/", poll_views.public_vote, name="poll_vote"),
    path("track/<str:code>/poll/", poll_views.reporter_verdict, name="poll_verdict"),
    path("figures/", figures_views.figures_page, name="figures"),
    path("figures/export.csv", figures_views.figures_csv, name="figures_csv"),
    path("figures/how-we-measure/", figures_views.how_we_measure, name="how_we_measure"),
    path("track/<str:code>/photos/<int:photo_pk>/", views.tracked_photo, name="tracked_photo"),
]
