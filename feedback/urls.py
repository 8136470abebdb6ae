from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("wall/", views.wall, name="wall"),
    path("wall/new/", views.submit, name="submit"),
    path("wall/thanks/", views.thanks, name="thanks"),
    path("wall/<int:pk>/", views.issue_detail, name="issue"),
    path("wall/<int:pk>/support/", views.support, name="support"),
    path("wall/<int:issue_pk>/photos/<int:photo_pk>/", views.photo, name="photo"),
    path("track/<str:code>/", views.track, name="track"),
    path("track/<str:code>/photos/<int:photo_pk>/", views.tracked_photo, name="tracked_photo"),
]
