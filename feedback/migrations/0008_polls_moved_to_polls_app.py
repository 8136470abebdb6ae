# The satisfaction poll models moved to the `polls` app (polls 0001). Only Django's idea of
# which app owns them changes here: the tables (feedback_poll, feedback_pollvote,
# feedback_pollcomment) and their rows stay where they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("feedback", "0007_private_display_name_and_withdrawn_messages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="PollComment"),
                migrations.DeleteModel(name="PollVote"),
                migrations.DeleteModel(name="Poll"),
            ],
        ),
    ]
